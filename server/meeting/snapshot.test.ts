/**
 * Snapshots while other writes commit: building one awaits the database several times, and a
 * commit can land in between. The snapshot then carries the seq from before it (its contents may
 * be newer, never older), and the next snapshot is the new state, not a stale cached one.
 */
import { describe, expect, it } from 'vitest';
import type { Meeting, Venue } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { openDatabase } from '../db/database.ts';
import { createStore, type Store } from '../db/store.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { createPresenceTracker } from './presence.ts';
import { createSequencer } from './sequencer.ts';
import { buildSnapshot, syncSession } from './snapshot.ts';

const AT = '2026-12-04T09:00:00.000Z';

async function setup() {
  const store = createStore(await openDatabase(':memory:'));
  const meeting: Meeting = {
    id: 'm1', title: 'A', organiser: '省公安厅', scheduledAt: AT, status: 'live', publishMode: 'auto',
    speakers: [], currentSpeakerId: null, glossary: [], createdAt: AT, startedAt: AT, endedAt: null, reopenedForCorrections: false,
  };
  const main: Venue = { id: 'v0', meetingId: 'm1', name: '省厅主会场', level: 'province', parentId: null, isMain: true };
  await store.meetings.insert(meeting);
  await store.venues.insert(main, 0);
  const sequencer = createSequencer(store, silentBroadcaster);
  const retitle = (title: string) =>
    sequencer.commit(async (append) => {
      const next = { ...(await store.meetings.get('m1'))!, title };
      await store.meetings.save(next);
      await append('m1', 'meeting:updated', 'all', { meeting: next });
    });
  // The same store, but a write can be slipped in while a snapshot reads the venues.
  let during: (() => Promise<unknown>) | null = null;
  const racy: Store = {
    ...store,
    venues: {
      ...store.venues,
      async list(meetingId: string) {
        const write = during;
        during = null;
        if (write) await write();
        return store.venues.list(meetingId);
      },
    },
  };
  const slipIn = (write: () => Promise<unknown>) => {
    during = write;
  };
  return { racy, retitle, slipIn, presence: createPresenceTracker(silentBroadcaster) };
}

const host: SessionClaims = { role: 'host', meetingId: 'm1', venueId: 'v0', exp: 4_000_000_000 };

describe('snapshots with writes in between', () => {
  it('labels a snapshot with the seq read before its contents; the next one is current, then cached', async () => {
    const { racy, retitle, slipIn, presence } = await setup();
    await retitle('B');
    slipIn(() => retitle('C'));
    const first = await buildSnapshot(racy, presence, host);
    expect([first.seq, first.meeting.title]).toEqual([1, 'B']);

    const second = await buildSnapshot(racy, presence, host);
    expect([second.seq, second.meeting.title]).toEqual([2, 'C']);
    const third = await buildSnapshot(racy, presence, host);
    expect(third.meeting).toBe(second.meeting);
  });

  it('a client replaying from such a snapshot gets every event after its seq', async () => {
    const { racy, retitle, slipIn, presence } = await setup();
    slipIn(() => retitle('B'));
    const snap = await buildSnapshot(racy, presence, host);
    expect(snap.seq).toBe(0);
    const reply = await syncSession(racy, presence, host, snap.seq);
    expect(reply.kind === 'events' ? reply.events.map((e) => [e.seq, e.type]) : reply.kind).toEqual([[1, 'meeting:updated']]);
  });
});
