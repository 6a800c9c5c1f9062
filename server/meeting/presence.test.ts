import { expect, it } from 'vitest';
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { createPresenceTracker, type PresenceTransition } from './presence.ts';

it('merges socket connections and LiveKit attendance, reporting only changes', async () => {
  const seen: VenuePresence[] = [];
  let t = 0;
  const now = () => `2026-11-22T09:00:0${t}.000Z`;
  const p = createPresenceTracker({ ...silentBroadcaster, presence: (_m, x) => seen.push(x) }, now);
  p.socketConnected('m', 'v');
  p.socketConnected('m', 'v');
  expect(seen).toEqual([{ venueId: 'v', online: true, joinedAt: now(), leftAt: null }]);
  t = 1;
  p.attendance('m', 'v', { online: true });
  p.socketDisconnected('m', 'v');
  p.socketDisconnected('m', 'v');
  expect(seen).toHaveLength(1);
  t = 2;
  p.attendance('m', 'v', { online: false });
  expect(seen.at(-1)).toEqual({ venueId: 'v', online: false, joinedAt: '2026-11-22T09:00:00.000Z', leftAt: now() });
  expect(await p.get('unknown')).toEqual({ venueId: 'unknown', online: false, joinedAt: null, leftAt: null });
});

it('reports each online/offline transition once, with LiveKit’s own times when it gives them', () => {
  const transitions: PresenceTransition[] = [];
  const p = createPresenceTracker(silentBroadcaster, () => '2026-11-22T09:00:00.000Z', (t) => transitions.push(t));
  p.socketConnected('m', 'v');
  p.socketConnected('m', 'v');
  p.attendance('m', 'v', { online: true, joinedAt: '2026-11-22T08:59:00.000Z' });
  p.socketDisconnected('m', 'v');
  p.socketDisconnected('m', 'v');
  p.attendance('m', 'v', { online: false, leftAt: '2026-11-22T09:30:00.000Z' });
  p.attendance('m', 'v', { online: true, joinedAt: '2026-11-22T09:35:00.000Z' });
  expect(transitions).toEqual([
    { meetingId: 'm', venueId: 'v', online: true, at: '2026-11-22T09:00:00.000Z' },
    { meetingId: 'm', venueId: 'v', online: false, at: '2026-11-22T09:30:00.000Z' },
    { meetingId: 'm', venueId: 'v', online: true, at: '2026-11-22T09:35:00.000Z' },
  ]);
});
