/**
 * Writing a task's change: the task row, one timeline entry (with the files it carries) and its
 * sequenced `task:changed` event, all inside the caller's commit; and applying one command to a
 * task as read in that commit, through the pure state machine.
 */
import type { FollowupThresholds, Task, TaskActor, TaskEntry, TaskStatus } from '../../shared/followup/types.ts';
import { decide, type Party, type Refusal, type TaskCommand } from '../../shared/followup/task-machine.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { Append } from '../meeting/sequencer.ts';

/** A task's workflow facts when it is issued (or issued again). */
export const FRESH = {
  status: 'pending', returned: false, returnedAt: null, extensions: 0, extensionRequest: null, signedAt: null, lastReportAt: null,
  submittedAt: null, closedAt: null, lastRemindedAt: null, reminders: 0, lastVenueActionAt: null,
} as const satisfies Partial<Task>;

const REFUSAL_CODES: Record<Refusal, 'forbidden' | 'task_state' | 'deadline_invalid' | 'remind_too_soon'> = {
  wrong_party: 'forbidden',
  not_allowed: 'task_state',
  no_deadline: 'deadline_invalid',
  date_not_later: 'deadline_invalid',
  remind_too_soon: 'remind_too_soon',
};

/** The command's text for the timeline (report, reason or comment). */
function commandText(c: TaskCommand): string | null {
  switch (c.type) {
    case 'report': case 'submit': return c.text;
    case 'request_extension': return c.reason;
    case 'return': case 'deny_extension': case 'cancel': return c.comment;
    case 'accept': case 'approve_extension': case 'set_deadline': return c.comment ?? null;
    case 'remind': return c.message ?? null;
    case 'sign': return null;
  }
}

export interface TaskWriter {
  /** Store the task and one timeline entry, and append the event (inside a commit). */
  record(append: Append, task: Task, from: TaskStatus | null, e: Pick<TaskEntry, 'action' | 'actor' | 'text' | 'date' | 'level'>, attachmentIds?: readonly string[]): Promise<TaskEntry>;
  /** Apply one command inside a commit, to `task` as read in it; throws the refusal as a DomainError. */
  applyCommand(append: Append, task: Task, command: TaskCommand, actor: TaskActor & { party: Party }, at: string, th: FollowupThresholds, attachmentIds?: readonly string[]): Promise<{ task: Task; entry: TaskEntry }>;
}

export function createTaskWriter(store: Store): TaskWriter {
  async function record(append: Append, task: Task, from: TaskStatus | null, e: Pick<TaskEntry, 'action' | 'actor' | 'text' | 'date' | 'level'>, attachmentIds: readonly string[] = []): Promise<TaskEntry> {
    await store.tasks.save(task);
    const entry = await store.tasks.addEntry({ taskId: task.id, meetingId: task.meetingId, at: task.updatedAt, fromStatus: from, toStatus: task.status, ...e });
    if (attachmentIds.length > 0) {
      // Binding is conditional (only unsent uploads of this task): a file goes with one report only.
      if (!(await store.tasks.bindAttachments(attachmentIds, task.id, entry.id))) throw new DomainError('bad_request', ['attachmentIds: not files uploaded to this task and not yet sent']);
      entry.attachments = (await store.tasks.entriesOfTask(task.id)).find((x) => x.id === entry.id)?.attachments ?? [];
    }
    await append(task.meetingId, 'task:changed', 'staff', { task, entry }, task.venueId);
    return entry;
  }

  async function applyCommand(append: Append, task: Task, command: TaskCommand, actor: TaskActor & { party: Party }, at: string, th: FollowupThresholds, attachmentIds: readonly string[] = []): Promise<{ task: Task; entry: TaskEntry }> {
    const d = decide(task, command, actor.party, { now: at, remindIntervalMs: th.remindIntervalMinutes * 60_000 });
    if (!d.ok) throw new DomainError(REFUSAL_CODES[d.refusal]);
    if (attachmentIds.length > 0 && command.type !== 'report' && command.type !== 'submit') throw new DomainError('bad_request', ['attachments go with a report or a submission']);
    if (command.type === 'submit' && attachmentIds.length === 0) throw new DomainError('evidence_required');
    const next: Task = { ...task, ...d.next, updatedAt: at };
    const date = command.type === 'request_extension' ? command.proposedDate : command.type === 'approve_extension' || command.type === 'set_deadline' ? next.deadline : null;
    const entry = await record(append, next, task.status, { action: d.action, actor: { kind: actor.kind, name: actor.name }, text: commandText(command), date, level: null }, attachmentIds);
    return { task: next, entry };
  }

  return { record, applyCommand };
}
