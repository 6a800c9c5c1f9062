/**
 * 督查通报 figures (pure): per meeting and per unit, how many tasks, how many closed, the
 * completion rate, how many are overdue, the average days late, and how many stand in each
 * status (all seven the boards show: 待签收 … 已超期) — as of a given time.
 * Cancelled tasks are not counted. "Days late" are calendar days (China time) between the due
 * date and the day it was submitted as done (closed late) or the `asOf` day (still open past it).
 */
import { chinaDate, formatDate, parseDate } from './deadline-date.ts';
import { TASK_STATUS_LABELS, type Task, type TaskStatus } from './types.ts';
import { isOverdue } from './warnings.ts';

/** One row of figures. */
export interface FollowupFigures {
  /** Tasks counted (cancelled ones are not). */
  total: number;
  done: number;
  /** done / total, 0…1; null without tasks. */
  completionRate: number | null;
  /** Open and past the deadline as of `asOf` (超期未办结). */
  overdue: number;
  /** Closed, but submitted after the deadline (逾期办结). */
  doneLate: number;
  /** Mean days late over the overdue and late-closed tasks, one decimal; 0 when none. */
  averageDaysLate: number;
  /**
   * Tasks per stored status (待签收, 推进中, 申请延期, 已延期, 待复核; 已办结 is `done`). 已超期 is
   * `overdue`, derived from the clock: an overdue task is also counted under its stored status.
   */
  pending: number;
  inProgress: number;
  extensionRequested: number;
  extended: number;
  review: number;
}

/** A per-status count of `FollowupFigures`: which stored status it counts, and its label. */
export interface StatusFigure {
  key: 'pending' | 'inProgress' | 'extensionRequested' | 'extended' | 'review';
  status: TaskStatus;
  /** 待签收, 推进中 … as boards and the 通报 head their columns. */
  label: string;
}

/**
 * The per-status counts in workflow order, for every table that lists them (督办总览, the XLSX
 * 通报): one list, so the screen and the file never disagree on columns. With `done` (已办结) and
 * `overdue` (已超期) they cover all seven statuses a board shows.
 */
export const STATUS_FIGURES: readonly StatusFigure[] = ([
  ['pending', 'pending'], ['inProgress', 'in_progress'], ['extensionRequested', 'extension_requested'], ['extended', 'extended'], ['review', 'review'],
] as const).map(([key, status]) => ({ key, status, label: TASK_STATUS_LABELS[status] }));

/** Figures of one group, labelled. */
export interface FiguresRow extends FollowupFigures {
  key: string;
  label: string;
}

const DAY_MS = 86_400_000;

/** Calendar days from the due date to the China date of `atIso` (negative: early). */
export function daysAfter(deadline: string, atIso: string): number {
  const due = parseDate(deadline);
  if (!due) return 0;
  const at = chinaDate(atIso);
  return Math.round((Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(due.year, due.month - 1, due.day)) / DAY_MS);
}

/** Days late of one task as of `asOf`, or null when it is not late. */
export function daysLate(t: Task, asOfIso: string): number | null {
  if (t.deadline === null || t.status === 'cancelled') return null;
  if (t.status === 'done') {
    const late = t.submittedAt ? daysAfter(t.deadline, t.submittedAt) : 0;
    return late > 0 ? late : null;
  }
  if (t.status === 'review') {
    const late = t.submittedAt ? daysAfter(t.deadline, t.submittedAt) : 0;
    return late > 0 ? late : null;
  }
  return isOverdue(t, Date.parse(asOfIso)) ? Math.max(1, daysAfter(t.deadline, asOfIso)) : null;
}

/** Figures over a set of tasks as of `asOf` (ISO). */
export function figuresOf(tasks: readonly Task[], asOfIso: string): FollowupFigures {
  const counted = tasks.filter((t) => t.status !== 'cancelled');
  const nowMs = Date.parse(asOfIso);
  const byStatus: Record<TaskStatus, number> = { pending: 0, in_progress: 0, extension_requested: 0, extended: 0, review: 0, done: 0, cancelled: 0 };
  let overdue = 0, doneLate = 0, lateDays = 0, lateCount = 0;
  for (const t of counted) {
    byStatus[t.status]++;
    if (isOverdue(t, nowMs)) overdue++;
    const late = daysLate(t, asOfIso);
    if (late !== null) {
      if (t.status === 'done') doneLate++;
      lateDays += late;
      lateCount++;
    }
  }
  return {
    total: counted.length,
    done: byStatus.done,
    completionRate: counted.length === 0 ? null : byStatus.done / counted.length,
    overdue,
    doneLate,
    averageDaysLate: lateCount === 0 ? 0 : Math.round((lateDays / lateCount) * 10) / 10,
    pending: byStatus.pending,
    inProgress: byStatus.in_progress,
    extensionRequested: byStatus.extension_requested,
    extended: byStatus.extended,
    review: byStatus.review,
  };
}

/** Figures per group, in first-seen order of the groups. */
export function figuresBy(tasks: readonly Task[], asOfIso: string, group: (t: Task) => { key: string; label: string }): FiguresRow[] {
  const groups = new Map<string, { label: string; tasks: Task[] }>();
  for (const t of tasks) {
    const g = group(t);
    const entry = groups.get(g.key) ?? { label: g.label, tasks: [] };
    entry.tasks.push(t);
    groups.set(g.key, entry);
  }
  return [...groups].map(([key, g]) => ({ key, label: g.label, ...figuresOf(g.tasks, asOfIso) }));
}

/** `0.7` → `70.0%`; null → `—`. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The China date of an instant, YYYY-MM-DD. */
export const chinaDay = (iso: string): string => formatDate(chinaDate(iso));
