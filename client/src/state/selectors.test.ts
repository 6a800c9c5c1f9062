import { describe, expect, it } from 'vitest';
import { applySnapshot } from './apply-event.ts';
import { emptyMeetingState } from './meeting-state.ts';
import { ackRows, ackState, captionText, countLabel, listGaps, listViews, orderedRequirements, transcriptLines, venueRows, withdrawnAcknowledged } from './selectors.ts';
import { makeAck, makeList, makeRequirement, makeSegment, makeSnapshot } from './testing/factories.ts';

function stateWith(snapshot = makeSnapshot()) {
  const state = emptyMeetingState();
  applySnapshot(state, snapshot);
  return state;
}

describe('countLabel', () => {
  it('shows found/announced, or found alone', () => {
    expect(countLabel(makeList({ foundCount: 5, announcedCount: 7 }))).toBe('已识别 5/7 点');
    expect(countLabel(makeList({ foundCount: 3, announcedCount: null }))).toBe('已识别 3 点');
  });
});

describe('listViews / orderedRequirements', () => {
  const snapshot = makeSnapshot({
    lists: [makeList({ id: 'l2', index: 1 }), makeList({ id: 'l1', index: 0 })],
    requirements: [
      makeRequirement('b2', 2, '乙二', { listId: 'l2' }),
      makeRequirement('a2', 2, '甲二'),
      makeRequirement('a1', 1, '甲一'),
      makeRequirement('a1x', 1, '甲一之一', { parentId: 'a1', marker: '一是' }),
      makeRequirement('b1', 1, '乙一', { listId: 'l2', status: 'draft' }),
      makeRequirement('a3', 3, '甲三', { status: 'withdrawn' }),
    ],
  });

  it('orders lists by index and items by sortKey; venues see only published', () => {
    const state = stateWith(snapshot);
    expect(orderedRequirements(state, 'published').map((r) => r.id)).toEqual(['a1', 'a2', 'b2']);
    expect(orderedRequirements(state, 'staff').map((r) => r.id)).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(listViews(state, 'published')[0]?.items[0]?.children.map((c) => c.id)).toEqual(['a1x']);
  });
});

describe('ack board', () => {
  it('counts confirmations per requirement and names venues that have not', () => {
    const state = stateWith(
      makeSnapshot({
        lists: [makeList()],
        requirements: [makeRequirement('r1', 1, '要精心组织部署'), makeRequirement('r2', 2, '要走访听取意见')],
        acks: [makeAck('r1', 'v1'), makeAck('r1', 'v1', 'relayed'), makeAck('r2', 'v2')],
        presence: [{ venueId: 'v1', online: true, joinedAt: null, leftAt: null }],
      }),
    );
    const rows = ackRows(state);
    expect(rows.map((r) => [r.requirement.id, r.received, r.relayed, r.total])).toEqual([
      ['r1', 1, 1, 2],
      ['r2', 1, 0, 2],
    ]);
    expect(rows[0]?.missing.map((v) => v.name)).toEqual(['西城分局']);
    const venues = venueRows(state);
    expect(venues.map((v) => [v.venue.name, v.online, v.received])).toEqual([
      ['东城分局', true, 1],
      ['西城分局', false, 1],
    ]);
  });
});

describe('re-confirmation after a change', () => {
  it('an acknowledgement of an older version is stale: the board counts the venue as missing again', () => {
    const state = stateWith(
      makeSnapshot({
        lists: [makeList()],
        requirements: [makeRequirement('r1', 1, '要精心组织部署', { version: 2 }), makeRequirement('r2', 2, '要走访听取意见')],
        acks: [makeAck('r1', 'v1', 'received', 1), makeAck('r1', 'v2', 'received', 2), makeAck('r2', 'v1')],
      }),
    );
    expect(ackState(state, 'r1', 'v1', 'received')).toBe('stale');
    expect(ackState(state, 'r1', 'v2', 'received')).toBe('current');
    expect(ackState(state, 'r2', 'v2', 'received')).toBe('none');
    const [first] = ackRows(state);
    expect(first?.received).toBe(1);
    expect(first?.missing.map((v) => v.name)).toEqual(['东城分局']);
    expect(first?.stale.map((v) => v.name)).toEqual(['东城分局']);
  });

  it('lists the items a venue acknowledged that were withdrawn or retracted since', () => {
    const state = stateWith(
      makeSnapshot({
        lists: [makeList()],
        requirements: [makeRequirement('r1', 1, '甲', { retractedAt: '2026-11-22T01:02:00.000Z' }), makeRequirement('r2', 2, '乙', { status: 'withdrawn' }), makeRequirement('r3', 3, '丙')],
        acks: [makeAck('r1', 'v1'), makeAck('r3', 'v1')],
      }),
    );
    expect(withdrawnAcknowledged(state, 'v1').map((r) => r.id)).toEqual(['r1']);
    expect(withdrawnAcknowledged(state, 'v2')).toEqual([]);
  });
});

describe('gap warning', () => {
  it('warns on a skipped number from the live items, drafts included; retracted items do not count', () => {
    const state = stateWith(
      makeSnapshot({
        lists: [makeList({ announcedCount: 7 })],
        requirements: [
          makeRequirement('r1', 1, '甲'), makeRequirement('r2', 2, '乙', { status: 'draft' }),
          makeRequirement('r3', 3, '丙', { retractedAt: '2026-11-22T01:02:00.000Z' }), makeRequirement('r4', 4, '丁'),
        ],
      }),
    );
    expect(listGaps(state).map((g) => g.gaps.message)).toEqual(['第三点可能漏识别']);
  });
});

describe('transcript', () => {
  it('keeps finals in time order and puts the interim last; the caption is the newest text', () => {
    const state = stateWith(makeSnapshot({ segments: [makeSegment('s2', 5000, '第一，要精心组织部署。'), makeSegment('s1', 1000, '下面，我讲七点要求。')] }));
    state.interims.s3 = { meetingId: 'm1', segmentId: 's3', startMs: 9000, endMs: 9500, text: '各单位' };
    expect(transcriptLines(state).map((l) => l.kind)).toEqual(['final', 'final', 'interim']);
    expect(captionText(state)).toBe('各单位');
    delete state.interims.s3;
    expect(captionText(state)).toBe('第一，要精心组织部署。');
  });
});
