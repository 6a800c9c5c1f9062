import { describe, expect, it } from 'vitest';
import { STATUS_FIGURES, daysLate, figuresBy, figuresOf } from './figures.ts';
import { DEFAULT_THRESHOLDS, type Task } from './types.ts';
import { displayStatus, dueWarnings, isOverdue, warningLevel } from './warnings.ts';

const DAY = 86_400_000;
const TH = { ...DEFAULT_THRESHOLDS, nearDays: 3, signDays: 2, silentDays: 7 };
/** End of 2026-12-31 in China time. */
const END = Date.parse('2026-12-31T23:59:59.999+08:00');
const ISSUED = '2026-12-03T04:00:00.000Z';

function task(extra: Partial<Task> = {}): Task {
  return {
    id: 't', meetingId: 'm', requirementId: 'r', venueId: 'v', venueName: '第1县公安局',
    requirement: { marker: '第一', headline: '要加强巡查', text: '', responsible: [], deadlineText: '年底前', version: 1 }, order: 0,
    status: 'in_progress', deadline: '2026-12-31', deadlineSource: 'parsed', returned: false, returnedAt: null, extensions: 0,
    extensionRequest: null, signedAt: ISSUED, lastReportAt: null, submittedAt: null, closedAt: null, lastRemindedAt: null,
    reminders: 0, lastVenueActionAt: ISSUED, createdAt: ISSUED, updatedAt: ISSUED, ...extra,
  };
}

describe('red: overdue after the end of the due day (China time)', () => {
  it('the last millisecond of the day is not overdue, the next is', () => {
    expect(isOverdue(task(), END)).toBe(false);
    expect(isOverdue(task(), END + 1)).toBe(true);
    expect(warningLevel(task(), END + 1, TH)).toBe('red');
    expect(displayStatus(task(), END + 1)).toBe('overdue');
    expect(displayStatus(task(), END)).toBe('in_progress');
  });
  it('only open tasks are overdue', () => {
    for (const status of ['review', 'done', 'cancelled'] as const) {
      expect(isOverdue(task({ status }), END + DAY)).toBe(false);
      expect(warningLevel(task({ status }), END + DAY, TH)).toBeNull();
    }
    expect(displayStatus(task({ status: 'extension_requested' }), END + 1)).toBe('overdue');
    expect(displayStatus(task({ status: 'pending' }), END + 1)).toBe('overdue');
  });
  it('no deadline, no red or blue', () => {
    expect(dueWarnings(task({ deadline: null, lastReportAt: '2026-12-30T00:00:00.000Z' }), END + 10 * DAY, { ...TH, silentDays: 90 })).toEqual([]);
  });
});

describe('blue: the deadline is near', () => {
  it('fires exactly nearDays before the end of the due day', () => {
    expect(warningLevel(task({ lastReportAt: '2026-12-28T00:00:00.000Z' }), END - 3 * DAY - 1, TH)).toBeNull();
    expect(warningLevel(task({ lastReportAt: '2026-12-28T00:00:00.000Z' }), END - 3 * DAY, TH)).toBe('blue');
    expect(dueWarnings(task({ lastReportAt: '2026-12-28T00:00:00.000Z' }), END, TH)).toEqual([{ level: 'blue', key: 'blue:2026-12-31', reason: '距完成时限（2026-12-31）不足3天' }]);
  });
  it('nearDays 0 never warns blue', () => {
    expect(warningLevel(task({ lastReportAt: '2026-12-31T00:00:00.000Z' }), END, { ...TH, nearDays: 0 })).toBeNull();
  });
  it('a new deadline gives a new key', () => {
    const w = dueWarnings(task({ deadline: '2027-01-10', lastReportAt: '2027-01-08T00:00:00.000Z' }), Date.parse('2027-01-08T00:00:00Z'), TH);
    expect(w.map((x) => x.key)).toEqual(['blue:2027-01-10']);
  });
});

describe('yellow: late in progress or returned', () => {
  it('unsigned for signDays', () => {
    const pending = task({ status: 'pending', signedAt: null, lastVenueActionAt: null });
    expect(warningLevel(pending, Date.parse(ISSUED) + 2 * DAY - 1, TH)).toBeNull();
    expect(dueWarnings(pending, Date.parse(ISSUED) + 2 * DAY, TH)).toEqual([{ level: 'yellow', key: 'yellow:unsigned', reason: '下发2天仍未签收' }]);
  });
  it('no report for silentDays after signing or the last report', () => {
    expect(warningLevel(task(), Date.parse(ISSUED) + 7 * DAY - 1, TH)).toBeNull();
    expect(dueWarnings(task(), Date.parse(ISSUED) + 7 * DAY, TH).map((w) => w.key)).toEqual([`yellow:silent:${ISSUED}`]);
    const reported = task({ lastReportAt: '2026-12-08T00:00:00.000Z' });
    expect(warningLevel(reported, Date.parse(ISSUED) + 7 * DAY, TH)).toBeNull();
    expect(dueWarnings(reported, Date.parse('2026-12-15T00:00:00.000Z'), TH).map((w) => w.key)).toEqual(['yellow:silent:2026-12-08T00:00:00.000Z']);
  });
  it('returned at once, keyed by when it was returned', () => {
    const returned = task({ returned: true, returnedAt: '2026-12-05T00:00:00.000Z', lastReportAt: '2026-12-05T00:00:00.000Z' });
    expect(dueWarnings(returned, Date.parse('2026-12-05T00:00:01.000Z'), TH)).toEqual([{ level: 'yellow', key: 'yellow:returned:2026-12-05T00:00:00.000Z', reason: '办结材料被退回，需补充完善' }]);
  });
  it('red outranks yellow outranks blue', () => {
    const all = task({ returned: true, returnedAt: '2026-12-29T00:00:00.000Z', lastReportAt: '2026-12-29T00:00:00.000Z' });
    expect(warningLevel(all, END - DAY, TH)).toBe('yellow');
    expect(dueWarnings(all, END - DAY, TH).map((w) => w.level)).toEqual(['yellow', 'blue']);
    expect(warningLevel(all, END + 1, TH)).toBe('red');
  });
});

describe('通报 figures', () => {
  const asOf = '2027-01-05T02:00:00.000Z';
  const tasks: Task[] = [
    task({ id: 'a', status: 'done', submittedAt: '2026-12-20T02:00:00.000Z' }),
    task({ id: 'b', status: 'done', submittedAt: '2027-01-02T02:00:00.000Z' }),
    task({ id: 'c', status: 'in_progress' }),
    task({ id: 'd', status: 'pending', venueId: 'w', venueName: '第2县公安局' }),
    task({ id: 'e', status: 'review', submittedAt: '2026-12-30T00:00:00.000Z', venueId: 'w', venueName: '第2县公安局' }),
    task({ id: 'f', status: 'cancelled', venueId: 'w', venueName: '第2县公安局' }),
    task({ id: 'g', status: 'extended', deadline: '2027-01-31', venueId: 'w', venueName: '第2县公安局' }),
  ];
  it('counts, rate, overdue and average days late', () => {
    expect(daysLate(tasks[1]!, asOf)).toBe(2);
    expect(daysLate(tasks[2]!, asOf)).toBe(5);
    expect(figuresOf(tasks, asOf)).toEqual({
      total: 6, done: 2, completionRate: 2 / 6, overdue: 2, doneLate: 1,
      averageDaysLate: 4, pending: 1, inProgress: 1, extensionRequested: 0, extended: 1, review: 1,
    });
  });
  it('per unit', () => {
    const rows = figuresBy(tasks, asOf, (t) => ({ key: t.venueId, label: t.venueName }));
    expect(rows.map((r) => [r.label, r.total, r.done, r.overdue])).toEqual([['第1县公安局', 3, 2, 1], ['第2县公安局', 3, 0, 1]]);
  });
  it('counts every status a board shows: the five stored ones in workflow order, with 已办结 and 已超期', () => {
    expect(STATUS_FIGURES.map((f) => f.label)).toEqual(['待签收', '推进中', '申请延期', '已延期', '待复核']);
    const f = figuresOf(tasks, asOf);
    // Each counted task is in exactly one stored status.
    expect(f.done + STATUS_FIGURES.reduce((n, s) => n + f[s.key], 0)).toBe(f.total);
  });
  it('no tasks: no rate', () => {
    expect(figuresOf([], asOf).completionRate).toBeNull();
  });
});
