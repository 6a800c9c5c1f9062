import { describe, expect, it } from 'vitest';
import { applyAck, applyEvent, applyInterim, applySnapshot, reduceEvents } from './apply-event.ts';
import { ackKey, emptyMeetingState, type MeetingState } from './meeting-state.ts';
import { newestRequirementId, orderedRequirements } from './selectors.ts';
import {
  makeAck,
  makeEvent,
  makeList,
  makeRequirement,
  makeSegment,
  makeSnapshot,
  makeVenue,
} from './testing/factories.ts';

/** The seven headlines of the fixture speech, in speaking order. */
const HEADLINES = ['要精心组织部署', '要走访听取意见', '要真抓实改问题', '要加强队伍管理', '要形成宣传声势', '要组织民警参与', '要严肃追究问责'];

function started(): MeetingState {
  const state = emptyMeetingState();
  applySnapshot(state, makeSnapshot());
  return state;
}

function sevenPointEvents() {
  const events = [makeEvent(1, 'list:opened', { list: makeList() })];
  HEADLINES.forEach((h, i) => {
    events.push(makeEvent(events.length + 1, 'requirement:opened', { requirement: makeRequirement(`r${i + 1}`, i + 1, h) }));
  });
  events.push(makeEvent(events.length + 1, 'list:updated', { list: makeList({ foundCount: 7, closed: true }) }));
  return events;
}

describe('applySnapshot', () => {
  it('replaces everything and keys records by id', () => {
    const state = emptyMeetingState();
    state.requirements.stale = makeRequirement('stale', 1, '旧');
    applySnapshot(
      state,
      makeSnapshot({
        seq: 12,
        lists: [makeList({ foundCount: 2 })],
        requirements: [makeRequirement('r1', 1, HEADLINES[0]!), makeRequirement('r2', 2, HEADLINES[1]!)],
        acks: [makeAck('r1', 'v1')],
        presence: [{ venueId: 'v1', online: true, joinedAt: null, leftAt: null }],
      }),
    );
    expect(state.lastSeq).toBe(12);
    expect(Object.keys(state.requirements)).toEqual(['r1', 'r2']);
    expect(state.acks[ackKey('r1', 'v1', 'received')]).toBeDefined();
    expect(state.presence.v1?.online).toBe(true);
    expect(newestRequirementId(state, 'published')).toBe('r2');
  });

  it('drops interims that the snapshot already holds as finals', () => {
    const state = emptyMeetingState();
    applyInterim(state, { meetingId: 'm1', segmentId: 's1', startMs: 0, endMs: 900, text: '第一' });
    applySnapshot(state, makeSnapshot({ seq: 3, segments: [makeSegment('s1', 0, '第一，要精心组织部署。')] }));
    expect(state.interims).toEqual({});
  });
});

describe('applyEvent', () => {
  it('builds the seven requirements in order from sequenced events', () => {
    const state = reduceEvents(started(), sevenPointEvents());
    expect(orderedRequirements(state, 'published').map((r) => r.fields.headline)).toEqual(HEADLINES);
    expect(state.lastSeq).toBe(9);
    expect(state.lists.l1?.foundCount).toBe(7);
    expect(newestRequirementId(state, 'published')).toBe('r7');
  });

  it('never applies an event at or below lastSeq twice', () => {
    const state = started();
    const events = sevenPointEvents();
    for (const e of events) applyEvent(state, e);
    const edited = makeEvent(2, 'requirement:edited', { requirement: makeRequirement('r1', 1, '被重放的旧事件') });
    expect(applyEvent(state, edited)).toBe(false);
    expect(state.requirements.r1?.fields.headline).toBe(HEADLINES[0]);
  });

  it('replaces an interim with the final segment of the same id', () => {
    const state = started();
    applyInterim(state, { meetingId: 'm1', segmentId: 's1', startMs: 1000, endMs: 2000, text: '第一，要精' });
    applyInterim(state, { meetingId: 'm1', segmentId: 's1', startMs: 1000, endMs: 3000, text: '第一，要精心组织' });
    expect(Object.values(state.interims).map((i) => i.text)).toEqual(['第一，要精心组织']);
    applyEvent(state, makeEvent(1, 'segment:finalized', { segment: makeSegment('s1', 1000, '第一，要精心组织部署。') }));
    expect(state.interims).toEqual({});
    expect(state.segments.s1?.text).toBe('第一，要精心组织部署。');
    // A late interim for a finalised segment is ignored.
    applyInterim(state, { meetingId: 'm1', segmentId: 's1', startMs: 1000, endMs: 3000, text: '迟到的' });
    expect(state.interims).toEqual({});
  });

  it('applies merge, split and withdraw so the venue list follows the secretary', () => {
    let state = reduceEvents(started(), sevenPointEvents());
    const merged = makeRequirement('r1', 1, '要精心组织部署并走访听取意见', { updatedAt: '2026-11-22T01:05:00.000Z' });
    const removed = makeRequirement('r2', 2, HEADLINES[1]!, { status: 'withdrawn' });
    state = reduceEvents(state, [makeEvent(10, 'requirement:merged', { into: merged, removed: [removed] })]);
    expect(orderedRequirements(state, 'published')).toHaveLength(6);
    expect(orderedRequirements(state, 'published')[0]?.fields.headline).toBe('要精心组织部署并走访听取意见');

    const source = makeRequirement('r3', 3, '要真抓实改');
    const created = makeRequirement('r3b', 3, '问题', { sortKey: 3.5, createdAt: '2026-11-22T01:06:00.000Z', publishedAt: '2026-11-22T01:06:00.000Z' });
    state = reduceEvents(state, [makeEvent(11, 'requirement:split', { source, created })]);
    const headlines = orderedRequirements(state, 'published').map((r) => r.fields.headline);
    expect(headlines.slice(1, 3)).toEqual(['要真抓实改', '问题']);

    state = reduceEvents(state, [makeEvent(12, 'requirement:withdrawn', { requirement: makeRequirement('r7', 7, HEADLINES[6]!, { status: 'withdrawn' }) })]);
    expect(orderedRequirements(state, 'published').map((r) => r.id)).not.toContain('r7');
    // The split half was added last: it is the newest, whatever its number.
    expect(newestRequirementId(state, 'published')).toBe('r3b');
  });

  it('a retraction removes the item from every view; the newest is the latest added, not the highest number', () => {
    let state = reduceEvents(started(), sevenPointEvents());
    const added = makeRequirement('r3x', 3, '手工补录', { sortKey: 2.5, origin: 'manual', createdAt: '2026-11-22T01:09:00.000Z', publishedAt: '2026-11-22T01:09:00.000Z' });
    state = reduceEvents(state, [makeEvent(10, 'requirement:added', { requirement: added })]);
    expect(newestRequirementId(state, 'published')).toBe('r3x');
    state = reduceEvents(state, [makeEvent(11, 'requirement:retracted', { requirement: makeRequirement('r7', 7, HEADLINES[6]!, { retractedAt: '2026-11-22T01:10:00.000Z' }) })]);
    expect(orderedRequirements(state, 'published').map((r) => r.id)).not.toContain('r7');
    expect(orderedRequirements(state, 'staff').map((r) => r.id)).not.toContain('r7');
    expect(newestRequirementId(state, 'published')).toBe('r3x');
  });

  it('records acknowledgements from events and from the venue’s own callback', () => {
    const state = reduceEvents(started(), [...sevenPointEvents(), makeEvent(10, 'ack:recorded', { ack: makeAck('r1', 'v1') }, { audience: 'staff' })]);
    expect(state.acks[ackKey('r1', 'v1', 'received')]).toBeDefined();
    applyAck(state, makeAck('r1', 'v2', 'relayed'));
    expect(state.acks[ackKey('r1', 'v2', 'relayed')]).toBeDefined();
  });

  it('replaces the venue list on venues:updated', () => {
    const state = reduceEvents(started(), [makeEvent(1, 'venues:updated', { venues: [makeVenue('v9', '南城分局')] })]);
    expect(Object.keys(state.venues)).toEqual(['v9']);
  });
});
