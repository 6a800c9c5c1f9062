/**
 * Presence across two nodes (issue 15): a venue connected to node 1 is online for the host on
 * node 0 — on the board, in a snapshot and as `presence:changed` — and offline once it leaves;
 * the attendance stored for the minutes has one interval per stretch online, whichever node saw it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from '../helpers/cluster.ts';
import { dropDatabases } from '../helpers/databases.ts';
import { createClient } from 'redis';
import { REDIS_URL, dropRedisPrefixes } from '../helpers/redis.ts';
import { api, connectClient, connected, setupMeeting, snapshotWhenAllowed, type ClientSocket } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

describe.skipIf(!CLUSTER_AVAILABLE)('presence across nodes', () => {
  let cluster: Cluster;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.close();
    await dropRedisPrefixes();
    await dropDatabases();
  });

  const open = async (url: string, token: string) => {
    const s = connectClient(url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };

  it('a venue on node 1 is online for the host on node 0, and offline once it leaves', async () => {
    const [node0, node1] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const f = await setupMeeting(node0.url, 2);
    const meetingId = f.created.meeting.id;
    const [away, both] = f.venues.map((v) => v.venue.id) as [string, string];
    const host = await open(node0.url, f.host.token);
    const changes: VenuePresence[] = [];
    host.on('presence:changed', (p) => changes.push(p));
    const board = async (venueId: string) => {
      const r = await api<{ presence: VenuePresence[] }>(node0.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token);
      return r.body.presence.find((p) => p.venueId === venueId);
    };

    const venue = await open(node1.url, f.venues[0]!.token);
    await until(async () => (await board(away))?.online === true, 'the venue online on node 0’s board');
    const snapshot = await snapshotWhenAllowed(host);
    expect(snapshot.presence.find((p) => p.venueId === away)).toMatchObject({ online: true, leftAt: null });
    await until(() => changes.some((p) => p.venueId === away && p.online), 'presence:changed online on node 0');

    venue.disconnect();
    await until(async () => (await board(away))?.online === false, 'the venue offline on node 0’s board');
    await until(() => changes.some((p) => p.venueId === away && !p.online), 'presence:changed offline on node 0');
    expect(changes.filter((p) => p.venueId === away).map((p) => p.online)).toEqual([true, false]);

    // Connected through both nodes: online until the last connection goes, whichever node it was on.
    const on0 = await open(node0.url, f.venues[1]!.token);
    const on1 = await open(node1.url, f.venues[1]!.token);
    await until(async () => (await board(both))?.online === true, 'the second venue online');
    on1.disconnect();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      // Node 1 no longer counts it (presence-redis.ts keeps a count per node)…
      const key = `${cluster.redisPrefix}:presence:venue:${both}`;
      await until(async () => (await redis.hGet(key, 'node:node-1')) === null, 'node 1’s connection gone');
    } finally {
      redis.destroy();
    }
    // …and node 0's connection keeps it online.
    expect((await board(both))?.online).toBe(true);
    on0.disconnect();
    await until(async () => (await board(both))?.online === false, 'the second venue offline');

    // One interval per stretch online, closed once: recorded by one node each time.
    const venueRows = async () => (await node1.app.store.attendance.list(meetingId)).filter((i) => i.venueId === away || i.venueId === both);
    await until(async () => (await venueRows()).every((i) => i.leftAt !== null), 'departures stored');
    expect((await venueRows()).map((i) => i.venueId).sort()).toEqual([away, both].sort());
    expect(changes.filter((p) => p.venueId === both).map((p) => p.online)).toEqual([true, false]);
  });
});
