/**
 * Follow-up (督查督办) records shared by server and client: a task is one requirement followed at
 * one venue after the meeting, from 签收 to 办结. Plain data; times are ISO-8601 strings, deadlines
 * are calendar dates in China time (`YYYY-MM-DD`, due by the end of that day).
 */

/**
 * Where a task stands in its workflow (stored). 已超期 is not stored: it is derived from the
 * deadline and the clock (see `displayStatus` in warnings.ts), so it can never disagree with time.
 * - `pending` 待签收 · `in_progress` 推进中 · `extension_requested` 申请延期 · `extended` 已延期
 * - `review` 待复核 (the venue reported it done) · `done` 已办结 · `cancelled` 已撤销
 */
export type TaskStatus = 'pending' | 'in_progress' | 'extension_requested' | 'extended' | 'review' | 'done' | 'cancelled';

/** What boards and inboxes show: the stored status, or `overdue` (已超期) for an open task past its deadline. */
export type TaskDisplayStatus = TaskStatus | 'overdue';

/** Chinese labels of every displayed status. */
export const TASK_STATUS_LABELS: Record<TaskDisplayStatus, string> = {
  pending: '待签收',
  in_progress: '推进中',
  extension_requested: '申请延期',
  extended: '已延期',
  review: '待复核',
  done: '已办结',
  cancelled: '已撤销',
  overdue: '已超期',
};

/** Statuses in which the venue still owes work (the deadline applies). */
export const OPEN_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'extension_requested', 'extended'];

/** Warning colours: 蓝 deadline near, 黄 late in progress or returned, 红 overdue. */
export type WarningLevel = 'blue' | 'yellow' | 'red';

export const WARNING_LABELS: Record<WarningLevel, string> = { blue: '临期', yellow: '滞后', red: '超期' };

/** Per-organiser thresholds of the warnings and reminders. */
export interface FollowupThresholds {
  /** 蓝: the deadline is at most this many days away (1–30; 0 turns 蓝 off). */
  nearDays: number;
  /** 黄: still not signed this many days after the task was issued (1–30). */
  signDays: number;
  /** 黄: in progress without a progress report for this many days (1–90). */
  silentDays: number;
  /** 催办: at least this many minutes between two reminders of one task (1–1440). */
  remindIntervalMinutes: number;
}

export const DEFAULT_THRESHOLDS: FollowupThresholds = { nearDays: 3, signDays: 2, silentDays: 7, remindIntervalMinutes: 30 };

/** Where a task's deadline came from. */
export type DeadlineSource = 'parsed' | 'set' | 'extended';

/** The requirement as issued to the venue (copied at dispatch, refreshed while the task is open). */
export interface TaskRequirement {
  marker: string;
  headline: string;
  text: string;
  responsible: string[];
  /** The deadline as worded in the minutes (十月三十号, 年底前), or null. */
  deadlineText: string | null;
  /** Requirement.version this copy was taken from. */
  version: number;
}

/** A venue's pending request for more time. */
export interface ExtensionRequest {
  reason: string;
  /** Proposed new deadline, YYYY-MM-DD. */
  proposedDate: string;
  requestedAt: string;
}

/** One requirement followed at one venue. */
export interface Task {
  id: string;
  meetingId: string;
  requirementId: string;
  venueId: string;
  venueName: string;
  requirement: TaskRequirement;
  /** The requirement's place in the minutes' order (0, 1, 2 …): boards and inboxes sort by it. */
  order: number;
  status: TaskStatus;
  /** Due date (China time, end of day), YYYY-MM-DD; null until parsed or set. */
  deadline: string | null;
  deadlineSource: DeadlineSource | null;
  /** The last review returned it (复核退回) and it was not submitted again since. */
  returned: boolean;
  /** When it was last returned (kept after it was submitted again). */
  returnedAt: string | null;
  /** Extensions granted so far. */
  extensions: number;
  extensionRequest: ExtensionRequest | null;
  signedAt: string | null;
  lastReportAt: string | null;
  /** Last 办结 submission (the one accepted, once done). */
  submittedAt: string | null;
  closedAt: string | null;
  lastRemindedAt: string | null;
  reminders: number;
  /** Last thing the venue did on the task (签收, 反馈, 申请延期, 办结): a reminder after it is unanswered. */
  lastVenueActionAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A file attached to a progress report or a 办结 submission. */
export interface TaskAttachment {
  id: string;
  taskId: string;
  name: string;
  /** Detected from the bytes, never taken from the uploader. */
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** Everything that can happen to a task, as recorded in its timeline. */
export type TaskEntryAction =
  | 'created'
  | 'signed'
  | 'reported'
  | 'extension_requested'
  | 'submitted'
  | 'accepted'
  | 'returned'
  | 'extension_approved'
  | 'extension_denied'
  | 'reminded'
  | 'deadline_set'
  | 'cancelled'
  | 'requirement_updated'
  | 'warned';

/** Who acted: a venue, meeting staff, an organiser account, or the system (dispatch, warnings). */
export interface TaskActor {
  kind: 'venue' | 'host' | 'secretary' | 'organiser' | 'system';
  /** Venue or account name as shown in the timeline. */
  name: string;
}

/** One audited step of a task: who, when, what, from which status to which. */
export interface TaskEntry {
  id: number;
  taskId: string;
  meetingId: string;
  at: string;
  action: TaskEntryAction;
  actor: TaskActor;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  /** Report text, reason or comment. */
  text: string | null;
  /** New deadline (set, approved extension) or proposed date (request). */
  date: string | null;
  /** Warnings: the level that fired. */
  level: WarningLevel | null;
  attachments: TaskAttachment[];
}
