/**
 * What the inbox and the boards say about a task (pure, unit-tested): Chinese labels, the colour
 * class, the due-date line relative to now, timeline wording, and the inbox order.
 */
import { TASK_STATUS_LABELS, WARNING_LABELS, type Task, type TaskDisplayStatus, type TaskEntry, type WarningLevel } from '../../../../shared/followup/types.ts';
import { daysAfter } from '../../../../shared/followup/figures.ts';
import { displayStatus, isOpen } from '../../../../shared/followup/warnings.ts';

export const statusLabel = (s: TaskDisplayStatus): string => TASK_STATUS_LABELS[s];
export const warningLabel = (w: WarningLevel | null): string => (w ? WARNING_LABELS[w] : '');

/** CSS modifier of a task's colour: the warning when there is one, else its status. */
export function toneOf(display: TaskDisplayStatus, warning: WarningLevel | null): string {
  if (warning) return warning;
  if (display === 'done') return 'done';
  if (display === 'review') return 'review';
  if (display === 'cancelled') return 'cancelled';
  if (display === 'pending') return 'pending';
  return 'progress';
}

/** 12月14日 */
export function shortDate(date: string): string {
  const [, m, d] = /^\d{4}-(\d{2})-(\d{2})$/.exec(date) ?? [];
  return m && d ? `${Number(m)}月${Number(d)}日` : date;
}

/** The due line: 完成时限 12月14日（还剩3天 / 今天到期 / 已超期2天）, or 未定时限. */
export function deadlineLine(t: Pick<Task, 'deadline' | 'status'>, nowMs: number): string {
  if (!t.deadline) return '完成时限待定';
  const base = `完成时限 ${shortDate(t.deadline)}`;
  if (!isOpen(t)) return base;
  const late = daysAfter(t.deadline, new Date(nowMs).toISOString());
  if (late > 0) return `${base}（已超期${late}天）`;
  if (late === 0) return `${base}（今天到期）`;
  return `${base}（还剩${-late}天）`;
}

const ACTION_LABELS: Record<TaskEntry['action'], string> = {
  created: '任务下发',
  signed: '签收',
  reported: '进展反馈',
  extension_requested: '申请延期',
  submitted: '报送办结',
  accepted: '复核通过，已办结',
  returned: '复核退回',
  extension_approved: '同意延期',
  extension_denied: '不同意延期',
  reminded: '催办',
  deadline_set: '设定完成时限',
  cancelled: '撤销任务',
  requirement_updated: '要求内容更新',
  warned: '预警',
};

/** One timeline line's title: 复核退回 · 记录席, 预警（超期）. */
export function entryTitle(e: TaskEntry): string {
  const label = ACTION_LABELS[e.action];
  if (e.action === 'warned') return `${label}（${warningLabel(e.level)}）`;
  return e.actor.kind === 'system' ? label : `${label} · ${e.actor.name}`;
}

/** Reminders the venue has not reacted to yet (newest first): the inbox's red banner. */
export function unansweredReminders(t: Task, entries: readonly TaskEntry[]): TaskEntry[] {
  if (!isOpen(t)) return [];
  return entries.filter((e) => e.action === 'reminded' && (t.lastVenueActionAt === null || e.at > t.lastVenueActionAt)).reverse();
}

const URGENCY: Record<TaskDisplayStatus, number> = { overdue: 0, pending: 1, in_progress: 2, extended: 2, extension_requested: 3, review: 4, done: 5, cancelled: 6 };

/** Inbox order: overdue first, then not signed, in progress, waiting, closed; then by due date and minutes order. */
export function inboxOrder(tasks: readonly Task[], nowMs: number): Task[] {
  return [...tasks].sort((a, b) =>
    URGENCY[displayStatus(a, nowMs)] - URGENCY[displayStatus(b, nowMs)]
    || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999')
    || a.order - b.order);
}

/** Files picked for a report: the accepted types by name, for the picker's `accept`. */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 1.2 MB / 35 KB */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
