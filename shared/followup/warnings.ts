/**
 * Colour warnings and the displayed status, computed from a task's stored facts and a clock that
 * is passed in (pure). 红 overdue: an open task past the end of its due day (China time).
 * 黄 lagging: returned by the review, not signed `signDays` after it was issued, or in progress
 * without a report for `silentDays`. 蓝 near: due within `nearDays`. The highest applies.
 *
 * Each warning also *fires* once (a timeline entry and a live notice) under a key: red and blue
 * per deadline (an extension can warn again), yellow per cause and its anchor time (a second
 * return warns again). The server stores the keys that fired, so nothing fires twice.
 */
import { endOfChinaDay } from './deadline-date.ts';
import { OPEN_STATUSES, type FollowupThresholds, type Task, type TaskDisplayStatus, type WarningLevel } from './types.ts';

const DAY_MS = 86_400_000;

type WarningFacts = Pick<Task, 'status' | 'deadline' | 'returned' | 'returnedAt' | 'createdAt' | 'signedAt' | 'lastReportAt'>;

export const isOpen = (t: Pick<Task, 'status'>): boolean => OPEN_STATUSES.includes(t.status);

/** Past the end of its due day and still open. */
export function isOverdue(t: Pick<Task, 'status' | 'deadline'>, nowMs: number): boolean {
  return isOpen(t) && t.deadline !== null && nowMs > endOfChinaDay(t.deadline);
}

/** The status to show: 已超期 for an open task past its deadline, else the stored status. */
export function displayStatus(t: Pick<Task, 'status' | 'deadline'>, nowMs: number): TaskDisplayStatus {
  return isOverdue(t, nowMs) ? 'overdue' : t.status;
}

/** A warning that is due, with the key it fires under. */
export interface DueWarning {
  level: WarningLevel;
  /** Fires once per (task, key). */
  key: string;
  /** Chinese reason for the timeline and the notice. */
  reason: string;
}

/** Every warning that holds now, highest first. */
export function dueWarnings(t: WarningFacts, nowMs: number, th: FollowupThresholds): DueWarning[] {
  if (!isOpen(t)) return [];
  const out: DueWarning[] = [];
  if (t.deadline !== null) {
    const end = endOfChinaDay(t.deadline);
    if (nowMs > end) out.push({ level: 'red', key: `red:${t.deadline}`, reason: `已超过完成时限（${t.deadline}）` });
  }
  if (t.returned) out.push({ level: 'yellow', key: `yellow:returned:${t.returnedAt ?? ''}`, reason: '办结材料被退回，需补充完善' });
  if (t.status === 'pending' && nowMs - Date.parse(t.createdAt) >= th.signDays * DAY_MS) {
    out.push({ level: 'yellow', key: 'yellow:unsigned', reason: `下发${th.signDays}天仍未签收` });
  }
  if (t.status !== 'pending' && t.signedAt !== null) {
    const since = t.lastReportAt ?? t.signedAt;
    if (nowMs - Date.parse(since) >= th.silentDays * DAY_MS) out.push({ level: 'yellow', key: `yellow:silent:${since}`, reason: `${th.silentDays}天未反馈进展` });
  }
  if (t.deadline !== null) {
    const end = endOfChinaDay(t.deadline);
    if (th.nearDays > 0 && nowMs <= end && end - nowMs <= th.nearDays * DAY_MS) out.push({ level: 'blue', key: `blue:${t.deadline}`, reason: `距完成时限（${t.deadline}）不足${th.nearDays}天` });
  }
  return out;
}

const RANK: Record<WarningLevel, number> = { red: 3, yellow: 2, blue: 1 };

/** The colour a board shows for the task now (the highest due warning), or null. */
export function warningLevel(t: WarningFacts, nowMs: number, th: FollowupThresholds): WarningLevel | null {
  let best: WarningLevel | null = null;
  for (const w of dueWarnings(t, nowMs, th)) if (best === null || RANK[w.level] > RANK[best]) best = w.level;
  return best;
}
