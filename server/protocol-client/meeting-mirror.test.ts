import { describe, expect, it } from 'vitest';
import type { Requirement, RequirementList } from '../../shared/protocol/domain.ts';
import type { MeetingEvent } from '../../shared/protocol/events.ts';
import type { MeetingSnapshot, SyncReply } from '../../shared/protocol/socket.ts';
import { MeetingMirror, type MirrorSocket } from './meeting-mirror.ts';

const AT = '2026-11-22T01:00:00.000Z';
const list = (id: string, index: number): RequirementList => ({
  id, meetingId: 'm1', index, speakerName: null, speakerRole: null, announcedCount: null, foundCount: 0, countMismatch: false,
  closed: false, provisional: false, retracted: false,
});
const requirement = (id: string, ordinal: number, overrides: Partial<Requirement> = {}): Requirement => {
  const fields = { headline: `第${ordinal}点`, text: `第${ordinal}点。`, responsible: [], deadline: null };
  return {
    id, meetingId: 'm1', listId: 'l1', parentId: null, ordinal, sortKey: ordinal, marker: `${ordinal}.`, status: 'published', closed: false,
    provisional: false, retractedAt: null, version: 1, origin: 'machine', orphaned: false, fields, machine: fields, editedFields: [],
    createdAt: AT, updatedAt: AT, publishedAt: AT, ...overrides,
  };
};
const snapshot = (seq: number, requirements: Requirement[], lists: RequirementList[] = [list('l1', 0)]): MeetingSnapshot => ({
  // The mirror never reads the meeting record, so an empty one stands in.
  seq, meeting: {} as MeetingSnapshot['meeting'], venues: [], segments: [], lists, requirements, acks: [], presence: [],
});
const opened = (seq: number, r: Requirement): MeetingEvent =>
  ({ seq, prevSeq: seq - 1, meetingId: 'm1', type: 'requirement:opened', audience: 'all', at: AT, payload: { requirement: r } });

/** A connected socket whose `sync` answers come from `replies`, one per call; `live` delivers a `meeting:event`. */
function fakeSocket(replies: SyncReply[]) {
  const handlers = new Map<string, (payload: MeetingEvent) => void>();
  const pending: Array<() => void> = [];
  const socket = {
    connected: true,
    on(event: string, handler: (payload: MeetingEvent) => void) {
      handlers.set(event, handler);
    },
    timeout: () => ({
      emit(_event: 'sync', _payload: unknown, cb: (err: Error | null, reply: { ok: true; data: SyncReply }) => void) {
        const reply = replies.shift();
        if (reply) pending.push(() => cb(null, { ok: true, data: reply }));
      },
    }),
  };
  return {
    // The mirror uses only `on`, `connected` and `timeout().emit('sync')`; the rest of socket.io's Socket is not needed.
    socket: socket as unknown as MirrorSocket,
    live: (e: MeetingEvent) => handlers.get('meeting:event')?.(e),
    answer: () => pending.shift()?.(),
  };
}

describe('MeetingMirror', () => {
  it('orders live requirements by the shared display order: list index, then sortKey, number, creation; children under their parent', async () => {
    const { socket, answer } = fakeSocket([{
      kind: 'snapshot',
      snapshot: snapshot(9, [
        requirement('b2', 2, { listId: 'l2' }),
        requirement('a3', 3, { sortKey: 2 }), // an orphaned item a secretary kept: same sortKey, later number
        requirement('a2', 2),
        requirement('a2-child', 1, { parentId: 'a2', sortKey: 1 }),
        requirement('a1', 1, { status: 'withdrawn' }),
        requirement('a1-child', 1, { parentId: 'a1' }),
        requirement('a4', 4, { retractedAt: AT }),
        requirement('b1', 1, { listId: 'l2' }),
      ], [list('l2', 1), list('l1', 0)]),
    }]);
    const mirror = new MeetingMirror(socket);
    answer();
    await mirror.sync();
    expect(mirror.orderedRequirements().map((r) => r.id)).toEqual(['a1-child', 'a2', 'a2-child', 'a3', 'b1', 'b2']);
  });

  it('applies events held during a sync in seq order, whatever order they arrived in', async () => {
    const { socket, live, answer } = fakeSocket([{ kind: 'snapshot', snapshot: snapshot(1, []) }]);
    const mirror = new MeetingMirror(socket);
    live(opened(4, requirement('r3', 3)));
    live(opened(2, requirement('r1', 1)));
    live(opened(3, requirement('r2', 2)));
    answer();
    await mirror.sync();
    expect(mirror.applied.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(mirror.lastSeq).toBe(4);
    expect(mirror.stats.gaps).toBe(0);
  });
});
