import { describe, expect, it } from 'vitest';
import type { Task, TaskEntry } from '../../../../shared/followup/types.ts';
import { applyTaskChange } from '../../state/apply-event.ts';
import { emptyMeetingState } from '../../state/meeting-state.ts';
import { deadlineLine, entryTitle, inboxOrder, shortDate, toneOf, unansweredReminders } from './task-format.ts';

const T0 = '2026-12-03T04:00:00.000Z';
function task(id: string, extra: Partial<Task> = {}): Task {
  return {
    id, meetingId: 'm', requirementId: `r-${id}`, venueId: 'v', venueName: '东城分局',
    requirement: { marker: '一（一）', headline: '要精心组织部署', text: '', responsible: [], deadlineText: null, version: 1 }, order: 0,
    status: 'pending', deadline: '2026-12-10', deadlineSource: 'set', returned: false, returnedAt: null, extensions: 0, extensionRequest: null,
    signedAt: null, lastReportAt: null, submittedAt: null, closedAt: null, lastRemindedAt: null, reminders: 0, lastVenueActionAt: null,
    createdAt: T0, updatedAt: T0, ...extra,
  };
}
function entry(id: number, taskId: string, action: TaskEntry['action'], at: string, extra: Partial<TaskEntry> = {}): TaskEntry {
  return { id, taskId, meetingId: 'm', at, action, actor: { kind: 'secretary', name: '记录席' }, fromStatus: 'pending', toStatus: 'pending', text: null, date: null, level: null, attachments: [], ...extra };
}

describe('task wording', () => {
  const now = Date.parse('2026-12-08T02:00:00Z');
  it('the due line counts China calendar days', () => {
    expect(deadlineLine(task('a'), now)).toBe('完成时限 12月10日（还剩2天）');
    expect(deadlineLine(task('a', { deadline: '2026-12-08' }), now)).toBe('完成时限 12月8日（今天到期）');
    expect(deadlineLine(task('a', { deadline: '2026-12-05' }), now)).toBe('完成时限 12月5日（已超期3天）');
    expect(deadlineLine(task('a', { deadline: '2026-12-05', status: 'done' }), now)).toBe('完成时限 12月5日');
    expect(deadlineLine(task('a', { deadline: null }), now)).toBe('完成时限待定');
    expect(shortDate('2027-01-09')).toBe('1月9日');
  });
  it('tones: the warning first, then the status', () => {
    expect(toneOf('overdue', 'red')).toBe('red');
    expect(toneOf('done', null)).toBe('done');
    expect(toneOf('in_progress', null)).toBe('progress');
    expect(toneOf('extended', 'blue')).toBe('blue');
  });
  it('timeline titles', () => {
    expect(entryTitle(entry(1, 'a', 'returned', T0))).toBe('复核退回 · 记录席');
    expect(entryTitle(entry(1, 'a', 'warned', T0, { level: 'red', actor: { kind: 'system', name: '系统' } }))).toBe('预警（超期）');
  });
  it('reminders stay unanswered until the venue acts after them', () => {
    const entries = [entry(1, 'a', 'reminded', '2026-12-04T00:00:00.000Z'), entry(2, 'a', 'reminded', '2026-12-05T00:00:00.000Z')];
    expect(unansweredReminders(task('a'), entries).map((e) => e.id)).toEqual([2, 1]);
    expect(unansweredReminders(task('a', { lastVenueActionAt: '2026-12-04T12:00:00.000Z' }), entries).map((e) => e.id)).toEqual([2]);
    expect(unansweredReminders(task('a', { status: 'review' }), entries)).toEqual([]);
  });
  it('inbox order: overdue, not signed, in progress … closed', () => {
    const list = [task('done', { status: 'done' }), task('late', { deadline: '2026-12-01', status: 'in_progress' }), task('new'), task('work', { status: 'in_progress' })];
    expect(inboxOrder(list, now).map((t) => t.id)).toEqual(['late', 'new', 'work', 'done']);
  });
});

describe('applyTaskChange', () => {
  it('adds each entry once, in id order, and never rolls a task back to an older state', () => {
    const s = emptyMeetingState();
    applyTaskChange(s, task('a', { status: 'in_progress' }), entry(2, 'a', 'signed', T0));
    applyTaskChange(s, task('a', { status: 'review' }), entry(3, 'a', 'submitted', T0));
    applyTaskChange(s, task('a', { status: 'in_progress' }), entry(2, 'a', 'signed', T0));
    applyTaskChange(s, task('a', { status: 'pending' }), entry(1, 'a', 'created', T0));
    expect(s.taskEntries.a!.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(s.tasks.a!.status).toBe('review');
  });
});
