/**
 * The task state machine (pure): which party may do what in which status, and the task after it.
 * No clock, database or ids: `now` and the reminder interval come in the context. The server runs
 * every change through `decide` and stores the result; replaying a task's timeline through it
 * gives the stored task again.
 *
 *  pending ──sign──▶ in_progress ──submit──▶ review ──accept──▶ done
 *                     │  ▲  report               │
 *     request_extension│  │deny                  └─return──▶ in_progress / extended (returned)
 *                     ▼  │
 *            extension_requested ──approve──▶ extended ──submit──▶ review
 *  organiser: remind (open), set_deadline (pending / in_progress / extended), cancel (not done)
 */
import type { Task, TaskEntryAction, TaskStatus } from './types.ts';

/** Venue commands: 签收, 进展反馈, 申请延期, 办结. */
export type VenueCommand =
  | { type: 'sign' }
  | { type: 'report'; text: string }
  | { type: 'request_extension'; reason: string; proposedDate: string }
  | { type: 'submit'; text: string };

/** Organiser commands: 复核 (accept / return), extension decisions, 催办, deadline, cancel. */
export type OrganiserCommand =
  | { type: 'accept'; comment?: string }
  | { type: 'return'; comment: string }
  | { type: 'approve_extension'; comment?: string; deadline?: string }
  | { type: 'deny_extension'; comment: string }
  | { type: 'remind'; message?: string }
  | { type: 'set_deadline'; deadline: string; comment?: string }
  | { type: 'cancel'; comment: string };

export type TaskCommand = VenueCommand | OrganiserCommand;
export type TaskCommandType = TaskCommand['type'];
export type Party = 'venue' | 'organiser';

/** The part of a task the machine reads and writes (field meanings on `Task`). */
export type TaskCore = Pick<
  Task,
  | 'status' | 'deadline' | 'deadlineSource' | 'returned' | 'returnedAt' | 'extensions' | 'extensionRequest'
  | 'signedAt' | 'lastReportAt' | 'submittedAt' | 'closedAt' | 'lastRemindedAt' | 'reminders' | 'lastVenueActionAt'
>;

export interface DecideContext {
  /** ISO-8601 time of the command. */
  now: string;
  /** Minimum time between two reminders of one task, ms. */
  remindIntervalMs: number;
}

/** Why a command was refused (each maps to a Chinese message). */
export type Refusal = 'wrong_party' | 'not_allowed' | 'no_deadline' | 'date_not_later' | 'remind_too_soon';

export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  wrong_party: '当前身份无权执行此操作',
  not_allowed: '任务当前状态不允许此操作',
  no_deadline: '任务尚未确定完成时限，无法申请延期',
  date_not_later: '延期日期须晚于当前完成时限',
  remind_too_soon: '催办过于频繁，请稍后再试',
};

export type Decision = { ok: true; next: TaskCore; action: TaskEntryAction } | { ok: false; refusal: Refusal };

/** Which party issues each command. */
export const COMMAND_PARTY: Record<TaskCommandType, Party> = {
  sign: 'venue',
  report: 'venue',
  request_extension: 'venue',
  submit: 'venue',
  accept: 'organiser',
  return: 'organiser',
  approve_extension: 'organiser',
  deny_extension: 'organiser',
  remind: 'organiser',
  set_deadline: 'organiser',
  cancel: 'organiser',
};

/** Statuses each command is allowed in. */
export const ALLOWED_IN: Record<TaskCommandType, readonly TaskStatus[]> = {
  sign: ['pending'],
  report: ['in_progress', 'extension_requested', 'extended'],
  request_extension: ['in_progress', 'extended'],
  submit: ['in_progress', 'extended'],
  accept: ['review'],
  return: ['review'],
  approve_extension: ['extension_requested'],
  deny_extension: ['extension_requested'],
  remind: ['pending', 'in_progress', 'extension_requested', 'extended'],
  set_deadline: ['pending', 'in_progress', 'extended'],
  cancel: ['pending', 'in_progress', 'extension_requested', 'extended', 'review'],
};

/** The commands `party` may issue on a task in `status` (the buttons to show). */
export function allowedCommands(status: TaskStatus, party: Party): TaskCommandType[] {
  return (Object.keys(ALLOWED_IN) as TaskCommandType[]).filter((c) => COMMAND_PARTY[c] === party && ALLOWED_IN[c].includes(status));
}

/** Where work goes on after a decision: extended once any extension was granted. */
const working = (t: TaskCore): TaskStatus => (t.extensions > 0 ? 'extended' : 'in_progress');

/** Decide a command: the next task and the timeline action, or why it is refused. */
export function decide(task: TaskCore, command: TaskCommand, party: Party, ctx: DecideContext): Decision {
  if (COMMAND_PARTY[command.type] !== party) return { ok: false, refusal: 'wrong_party' };
  if (!ALLOWED_IN[command.type].includes(task.status)) return { ok: false, refusal: 'not_allowed' };
  const now = ctx.now;
  const venue = (next: Partial<TaskCore>, action: TaskEntryAction): Decision => ({ ok: true, next: { ...task, ...next, lastVenueActionAt: now }, action });
  const organiser = (next: Partial<TaskCore>, action: TaskEntryAction): Decision => ({ ok: true, next: { ...task, ...next }, action });
  switch (command.type) {
    case 'sign':
      return venue({ status: 'in_progress', signedAt: now }, 'signed');
    case 'report':
      return venue({ lastReportAt: now }, 'reported');
    case 'request_extension':
      if (task.deadline === null) return { ok: false, refusal: 'no_deadline' };
      if (command.proposedDate <= task.deadline) return { ok: false, refusal: 'date_not_later' };
      return venue({ status: 'extension_requested', extensionRequest: { reason: command.reason, proposedDate: command.proposedDate, requestedAt: now } }, 'extension_requested');
    case 'submit':
      return venue({ status: 'review', submittedAt: now, returned: false }, 'submitted');
    case 'accept':
      return organiser({ status: 'done', closedAt: now, returned: false }, 'accepted');
    case 'return':
      return organiser({ status: working(task), returned: true, returnedAt: now }, 'returned');
    case 'approve_extension': {
      const date = command.deadline ?? task.extensionRequest?.proposedDate ?? null;
      if (date === null) return { ok: false, refusal: 'no_deadline' };
      if (task.deadline !== null && date <= task.deadline) return { ok: false, refusal: 'date_not_later' };
      return organiser({ status: 'extended', deadline: date, deadlineSource: 'extended', extensions: task.extensions + 1, extensionRequest: null }, 'extension_approved');
    }
    case 'deny_extension':
      return organiser({ status: working(task), extensionRequest: null }, 'extension_denied');
    case 'remind':
      if (task.lastRemindedAt !== null && Date.parse(now) - Date.parse(task.lastRemindedAt) < ctx.remindIntervalMs) {
        return { ok: false, refusal: 'remind_too_soon' };
      }
      return organiser({ lastRemindedAt: now, reminders: task.reminders + 1 }, 'reminded');
    case 'set_deadline':
      return organiser({ deadline: command.deadline, deadlineSource: 'set' }, 'deadline_set');
    case 'cancel':
      return organiser({ status: 'cancelled', closedAt: now, extensionRequest: null }, 'cancelled');
  }
}

/**
 * Whether a round of 催办 goes to this task: one never reminded, or one whose venue has done
 * nothing since the last reminder. A venue that reacted (签收, 反馈, 申请延期, 办结) is not
 * reminded again until a reminder goes unanswered.
 */
export function awaitsReaction(task: Pick<TaskCore, 'lastRemindedAt' | 'lastVenueActionAt'>): boolean {
  if (task.lastRemindedAt === null) return true;
  return task.lastVenueActionAt === null || task.lastVenueActionAt < task.lastRemindedAt;
}
