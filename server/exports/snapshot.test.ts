/** Attendance from stored online intervals and acks, and requirement grouping for exports. */
import { describe, expect, it } from 'vitest';
import type { Acknowledgement, Requirement, RequirementList, Venue } from '../../shared/protocol/domain.ts';
import { deriveAttendance, groupRequirements, type OnlineInterval } from './snapshot.ts';

const meeting = { startedAt: '2026-12-03T01:30:00.000Z', endedAt: '2026-12-03T02:40:00.000Z' };
const venue = (id: string, isMain = false): Venue => ({ id, meetingId: 'm', name: id, level: 'county', parentId: null, isMain });
const online = (joinedAt: string, leftAt: string | null = null): OnlineInterval => ({ joinedAt, leftAt });
const ack = (venueId: string, at: string): Acknowledgement => ({ meetingId: 'm', venueId, requirementId: 'r1', kind: 'received', at, version: 1 });

describe('deriveAttendance', () => {
  it('classifies on time, late, left early, ack-only and absent venues from stored intervals', () => {
    const venues = ['main', 'onTime', 'late', 'early', 'acksOnly', 'absent', 'leftBefore', 'flaky'].map((id) => venue(id, id === 'main'));
    const result = deriveAttendance({
      meeting,
      venues,
      intervals: new Map([
        ['onTime', [online('2026-12-03T01:20:00.000Z')]],
        ['late', [online('2026-12-03T01:45:00.000Z', '2026-12-03T02:41:00.000Z')]],
        ['early', [online('2026-12-03T01:25:00.000Z', '2026-12-03T02:00:00.000Z')]],
        ['leftBefore', [online('2026-12-03T01:00:00.000Z', '2026-12-03T01:10:00.000Z')]],
        // dropped out twice and came back: on time, and still there at the end
        ['flaky', [online('2026-12-03T01:29:00.000Z', '2026-12-03T01:50:00.000Z'), online('2026-12-03T01:51:00.000Z', '2026-12-03T02:10:00.000Z'), online('2026-12-03T02:12:00.000Z')]],
      ]),
      acks: [ack('acksOnly', '2026-12-03T01:40:00.000Z')],
    });
    const by = Object.fromEntries(result.map((v) => [v.id, v]));
    expect(by.main).toMatchObject({ attendance: 'present' });
    expect(by.onTime).toMatchObject({ attendance: 'present', evidence: 'presence', leftEarlyAt: null });
    // leaving after the end is not leaving early
    expect(by.late).toMatchObject({ attendance: 'late', joinedAt: '2026-12-03T01:45:00.000Z', leftEarlyAt: null });
    expect(by.early).toMatchObject({ attendance: 'present', leftEarlyAt: '2026-12-03T02:00:00.000Z' });
    expect(by.acksOnly).toMatchObject({ attendance: 'present', evidence: 'acks', joinedAt: null });
    expect(by.absent).toMatchObject({ attendance: 'absent', evidence: 'none' });
    expect(by.leftBefore).toMatchObject({ attendance: 'absent' });
    expect(by.flaky).toMatchObject({ attendance: 'present', joinedAt: '2026-12-03T01:29:00.000Z', leftEarlyAt: null });
  });

  it('does not call a venue late when its acks predate its first stored interval (attendance not stored then)', () => {
    const [v] = deriveAttendance({
      meeting,
      venues: [venue('v')],
      intervals: new Map([['v', [online('2026-12-03T02:00:00.000Z')]]]),
      acks: [ack('v', '2026-12-03T01:35:00.000Z')],
    });
    expect(v).toMatchObject({ attendance: 'present', evidence: 'acks' });
  });

  it('a venue that only came online after the meeting ended was absent', () => {
    const [v] = deriveAttendance({ meeting, venues: [venue('v')], intervals: new Map([['v', [online('2026-12-03T03:00:00.000Z')]]]), acks: [] });
    expect(v?.attendance).toBe('absent');
  });
});

describe('groupRequirements', () => {
  const list = (id: string, index: number): RequirementList => ({
    id, meetingId: 'm', index, speakerName: null, speakerRole: null, announcedCount: null, foundCount: 0, countMismatch: false, closed: true, provisional: false, retracted: false,
  });
  const req = (id: string, listId: string, status: Requirement['status'], parentId: string | null = null): Requirement => {
    const fields = { headline: id, text: id, responsible: [], deadline: null };
    return { id, meetingId: 'm', listId, parentId, ordinal: 1, sortKey: 1, marker: '', status, closed: true, fields, machine: fields, editedFields: [],
      provisional: false, retractedAt: null, version: 1, origin: 'machine', orphaned: false, createdAt: '', updatedAt: '', publishedAt: null };
  };

  it('keeps published requirements per list in order, drops empty lists, lifts orphaned children', () => {
    const grouped = groupRequirements(
      [list('b', 1), list('a', 0), list('empty', 2)],
      [req('a1', 'a', 'published'), req('a2', 'a', 'draft'), req('a2x', 'a', 'published', 'a2'), req('a3', 'a', 'withdrawn'), req('b1', 'b', 'published'), req('e', 'empty', 'draft')],
    );
    expect(grouped.map((g) => g.list.id)).toEqual(['a', 'b']);
    expect(grouped[0]?.requirements.map((r) => [r.id, r.parentId])).toEqual([['a1', null], ['a2x', null]]);
  });

  it('leaves out what the machine retracted: items and whole lists', () => {
    const grouped = groupRequirements(
      [list('a', 0), { ...list('gone', 1), retracted: true }],
      [req('a1', 'a', 'published'), { ...req('a2', 'a', 'published'), retractedAt: '2026-12-03T01:40:00.000Z' }, req('g1', 'gone', 'published')],
    );
    expect(grouped.map((g) => g.list.id)).toEqual(['a']);
    expect(grouped[0]?.requirements.map((r) => r.id)).toEqual(['a1']);
  });
});
