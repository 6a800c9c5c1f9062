/**
 * Follow-up timelines replayed in tests (pure): which timeline action each command leaves, the
 * command a stored entry records, and a task's workflow facts folded from commands or replayed
 * from its entries through the state machine — what a stored task must equal.
 */
import { COMMAND_PARTY, decide, type TaskCommand, type TaskCommandType, type TaskCore } from '../../shared/followup/task-machine.ts';
import type { TaskEntryAction } from '../../shared/followup/types.ts';

/** The timeline action each command leaves. */
export const ACTION_OF: Record<TaskCommandType, TaskEntryAction> = {
  sign: 'signed', report: 'reported', request_extension: 'extension_requested', submit: 'submitted', accept: 'accepted', return: 'returned',
  approve_extension: 'extension_approved', deny_extension: 'extension_denied', remind: 'reminded', set_deadline: 'deadline_set', cancel: 'cancelled',
};

/** Steps of the system outside the state machine: issuing, refreshing the wording, warnings. */
export const SYSTEM_ACTIONS: readonly TaskEntryAction[] = ['created', 'requirement_updated', 'warned'];

/** A timeline entry as stored (task_entries columns). */
export interface StoredEntry {
  action: TaskEntryAction;
  at: string;
  to_status: string;
  text: string | null;
  date: string | null;
}

/** A task's facts when it is issued, due `deadline`. */
export function freshCore(deadline: string | null): TaskCore {
  return {
    status: 'pending', deadline, deadlineSource: deadline === null ? null : 'parsed', returned: false, returnedAt: null, extensions: 0,
    extensionRequest: null, signedAt: null, lastReportAt: null, submittedAt: null, closedAt: null, lastRemindedAt: null, reminders: 0, lastVenueActionAt: null,
  };
}

/** The command an entry records (texts and dates from the entry); null for a system step. */
export function commandOfEntry(e: StoredEntry): TaskCommand | null {
  const text = e.text ?? '';
  const date = e.date ?? '';
  switch (e.action) {
    case 'signed': return { type: 'sign' };
    case 'reported': return { type: 'report', text };
    case 'extension_requested': return { type: 'request_extension', reason: text, proposedDate: date };
    case 'submitted': return { type: 'submit', text };
    case 'accepted': return { type: 'accept' };
    case 'returned': return { type: 'return', comment: text };
    case 'extension_approved': return { type: 'approve_extension', deadline: date };
    case 'extension_denied': return { type: 'deny_extension', comment: text };
    case 'reminded': return { type: 'remind' };
    case 'deadline_set': return { type: 'set_deadline', deadline: date };
    case 'cancelled': return { type: 'cancel', comment: text };
    case 'created': case 'requirement_updated': case 'warned': return null;
  }
}

/** Apply `command` at `now` (reminders never too soon: the server checked their interval); throws when refused. */
export function applyTo(core: TaskCore, command: TaskCommand, now: string): TaskCore {
  const d = decide(core, command, COMMAND_PARTY[command.type], { now, remindIntervalMs: 0 });
  if (!d.ok) throw new Error(`${command.type} refused in ${core.status}: ${d.refusal}`);
  return d.next;
}

/**
 * Replay a task's entries, in order, from its `created` one. Throws when a step is refused or
 * lands in another status than the entry stored.
 */
export function replayEntries(entries: readonly StoredEntry[]): TaskCore {
  const [created, ...rest] = entries;
  if (created?.action !== 'created') throw new Error('a timeline starts with created');
  let core = freshCore(created.date);
  for (const e of rest) {
    const c = commandOfEntry(e);
    if (c) core = applyTo(core, c, e.at);
    if (core.status !== e.to_status) throw new Error(`${e.action} at ${e.at}: replayed ${core.status}, stored ${e.to_status}`);
  }
  return core;
}
