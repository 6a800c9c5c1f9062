/**
 * 督查通报 figures (pure): per meeting and per unit, how many tasks, how many closed, the
 * completion rate, how many are overdue, and the average days late — as of a given time.
 * Cancelled tasks are not counted. "Days late" are calendar days (China time) between the due
 * date and the day it was submitted as done (closed late) or the `asOf` day (still open past it).
 */
import { chinaDate, formatDate, parseDate } from './deadline-date.ts';
import type { Task } from './types.ts';
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
  pending: number;
  review: number;
  extensionRequested: number;
}

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
  let done = 0, overdue = 0, doneLate = 0, pending = 0, review = 0, extensionRequested = 0, lateDays = 0, lateCount = 0;
  for (const t of counted) {
    if (t.status === 'done') done++;
    if (t.status === 'pending') pending++;
    if (t.status === 'review') review++;
    if (t.status === 'extension_requested') extensionRequested++;
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
    done,
    completionRate: counted.length === 0 ? null : done / counted.length,
    overdue,
    doneLate,
    averageDaysLate: lateCount === 0 ? 0 : Math.round((lateDays / lateCount) * 10) / 10,
    pending,
    review,
    extensionRequested,
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
