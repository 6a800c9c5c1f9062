import { describe, expect, it } from 'vitest';
import { ackStateOf, buildBoard } from './board.ts';
import type { Acknowledgement, Requirement, RequirementList, Venue } from './domain.ts';

const AT = '2026-11-22T01:00:00.000Z';
const venue = (id: string, isMain = false): Venue => ({ id, meetingId: 'm1', name: `会场${id}`, level: 'county', parentId: null, isMain });
const requirement = (id: string, ordinal: number, overrides: Partial<Requirement> = {}): Requirement => {
  const fields = { headline: `第${ordinal}点`, text: `第${ordinal}点。`, responsible: [], deadline: null };
  return {
    id, meetingId: 'm1', listId: 'l1', parentId: null, ordinal, sortKey: ordinal, marker: `${ordinal}.`, status: 'published', closed: false,
    provisional: false, retractedAt: null, version: 1, origin: 'machine', orphaned: false, fields, machine: fields, editedFields: [],
    createdAt: AT, updatedAt: AT, publishedAt: AT, ...overrides,
  };
};
const ack = (requirementId: string, venueId: string, version = 1, kind: Acknowledgement['kind'] = 'received'): Acknowledgement =>
  ({ meetingId: 'm1', venueId, requirementId, kind, at: AT, version });
const list: RequirementList = {
  id: 'l1', meetingId: 'm1', index: 0, speakerName: null, speakerRole: null, announcedCount: 4, foundCount: 3, countMismatch: true,
  closed: true, provisional: false, retracted: false,
};

describe('buildBoard', () => {
  it('lists the branch venues that have not confirmed the current version, and which of them confirmed an older one', () => {
    const board = buildBoard(
      [requirement('r1', 1, { version: 2 }), requirement('r2', 2)],
      [venue('main', true), venue('a'), venue('b')],
      [ack('r1', 'a', 1), ack('r1', 'b', 2), ack('r1', 'main', 2), ack('r2', 'a', 1, 'relayed')],
    );
    expect(board.venues.map((v) => v.id)).toEqual(['a', 'b']);
    expect(board.rows.map((r) => [r.requirementId, r.missing, r.stale])).toEqual([
      ['r1', ['a'], ['a']],
      ['r2', ['a', 'b'], []],
    ]);
    expect(Object.keys(board.rows[1]?.relayed ?? {})).toEqual(['a']);
  });

  it('shows only live published requirements, and warns of a gap in a closed list', () => {
    const board = buildBoard(
      [requirement('r1', 1), requirement('r2', 2, { status: 'draft' }), requirement('r3', 3, { status: 'withdrawn' }), requirement('r4', 4)],
      [venue('a')],
      [],
      [list],
    );
    expect(board.rows.map((r) => r.requirementId)).toEqual(['r1', 'r4']);
    expect(board.gaps.map((g) => g.missing)).toEqual([[3]]);
  });
});

describe('ackStateOf', () => {
  it('counts an acknowledgement only for the version it confirmed', () => {
    expect(ackStateOf(undefined, 1)).toBe('none');
    expect(ackStateOf({ version: 1 }, 2)).toBe('stale');
    expect(ackStateOf({ version: 2 }, 2)).toBe('current');
  });
});
