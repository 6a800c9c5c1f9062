/**
 * The Redis presence tracker against a real Redis (LUOSHI_TEST_REDIS_URL): two trackers on one
 * key prefix are two nodes. Transitions must be reported once cluster-wide however the nodes'
 * changes interleave, and a node that dies without cleaning up must not keep its venues online.
 */
import { createClient } from 'redis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import { REDIS_URL, dropRedisPrefixes, freshRedisPrefix } from '../../test/helpers/redis.ts';
import { until } from '../../test/helpers/until.ts';
import type { RedisClient } from '../realtime/redis-adapter.ts';
import { silentBroadcaster } from './broadcaster.ts';
import type { PresenceTransition } from './presence.ts';
import { createRedisPresenceTracker, type RedisPresenceOptions, type RedisPresenceTracker } from './presence-redis.ts';

interface Node {
  tracker: RedisPresenceTracker;
  client: RedisClient;
  broadcasts: VenuePresence[];
  errors: unknown[];
}

/** What every node of one test saw, in the order its callbacks ran. */
interface Cluster {
  prefix: string;
  transitions: (PresenceTransition & { node: string })[];
  node(id: string, options?: Partial<RedisPresenceOptions>): Promise<Node>;
}

const opened: Node[] = [];

afterEach(async () => {
  for (const n of opened.splice(0)) {
    await n.tracker.close();
    if (n.client.isOpen) n.client.destroy();
  }
});
afterAll(dropRedisPrefixes);

function cluster(): Cluster {
  const prefix = freshRedisPrefix();
  const transitions: Cluster['transitions'] = [];
  return {
    prefix,
    transitions,
    async node(id, options = {}) {
      const client: RedisClient = createClient({ url: REDIS_URL });
      await client.connect();
      const broadcasts: VenuePresence[] = [];
      const errors: unknown[] = [];
      const log = { error: (o: unknown) => errors.push(o), warn: () => {}, info: () => {} } as unknown as RedisPresenceOptions['log'];
      const tracker = createRedisPresenceTracker({
        client, prefix, nodeId: id, log,
        broadcaster: { ...silentBroadcaster, presence: (_m, p) => broadcasts.push(p) },
        onTransition: (t) => transitions.push({ ...t, node: id }),
        ...options,
      });
      await tracker.ready;
      const node = { tracker, client, broadcasts, errors };
      opened.push(node);
      return node;
    },
  };
}

/** How many transitions Redis applied to a venue (the script counts them). */
async function flips(client: RedisClient, prefix: string, venueId: string): Promise<number> {
  return Number((await client.hGet(`${prefix}:presence:venue:${venueId}`, 'flips')) ?? 0);
}

const online = async (n: Node, venueId: string) => (await n.tracker.get(venueId)).online;

describe.skipIf(!REDIS_URL)('Redis presence tracker', () => {
  it('keeps a venue connected through two nodes online until both lose it', async () => {
    const c = cluster();
    const a = await c.node('a');
    const b = await c.node('b');
    a.tracker.socketConnected('m', 'v');
    await a.tracker.settled();
    b.tracker.socketConnected('m', 'v');
    b.tracker.socketConnected('m', 'v');
    await b.tracker.settled();
    expect(await online(b, 'v')).toBe(true);
    a.tracker.socketDisconnected('m', 'v');
    await a.tracker.settled();
    expect(await online(a, 'v')).toBe(true);
    b.tracker.socketDisconnected('m', 'v');
    b.tracker.socketDisconnected('m', 'v');
    await b.tracker.settled();
    const seen = await a.tracker.get('v');
    expect(seen).toMatchObject({ venueId: 'v', online: false });
    expect(seen.joinedAt).not.toBeNull();
    expect(seen.leftAt).not.toBeNull();
    expect(c.transitions.map((t) => [t.node, t.online])).toEqual([['a', true], ['b', false]]);
    // One broadcast per change, from the node that made it.
    expect(a.broadcasts.map((p) => p.online)).toEqual([true]);
    expect(b.broadcasts.map((p) => p.online)).toEqual([false]);
  });

  it('reports each transition once when both nodes connect and disconnect at the same moment', async () => {
    const c = cluster();
    const a = await c.node('a');
    const b = await c.node('b');
    const venues = ['v1', 'v2', 'v3'];
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      for (const n of [a, b]) for (const v of venues) n.tracker.socketConnected('m', v);
      await Promise.all([a.tracker.settled(), b.tracker.settled()]);
      for (const n of [b, a]) for (const v of venues) n.tracker.socketDisconnected('m', v);
      await Promise.all([a.tracker.settled(), b.tracker.settled()]);
    }
    for (const v of venues) {
      const mine = c.transitions.filter((t) => t.venueId === v);
      expect(mine.filter((t) => t.online)).toHaveLength(rounds);
      expect(mine.filter((t) => !t.online)).toHaveLength(rounds);
      expect(await flips(a.client, c.prefix, v)).toBe(2 * rounds);
    }
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('stays consistent under a storm of interleaved changes from both nodes', async () => {
    const c = cluster();
    const a = await c.node('a');
    const b = await c.node('b');
    // Every node ends balanced, with random waits in between so the writes interleave unpredictably.
    const storm = async (n: Node, seed: number) => {
      let x = seed;
      for (let i = 0; i < 60; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        n.tracker.socketConnected('m', 'v');
        if (x % 3 === 0) await new Promise((r) => setImmediate(r));
        n.tracker.socketDisconnected('m', 'v');
        if (x % 5 === 0) await n.tracker.settled();
      }
    };
    await Promise.all([storm(a, 1), storm(b, 7)]);
    await Promise.all([a.tracker.settled(), b.tracker.settled()]);
    expect(await online(a, 'v')).toBe(false);
    // Every transition Redis applied was reported exactly once, on one node or the other.
    const total = await flips(a.client, c.prefix, 'v');
    expect(total).toBeGreaterThan(0);
    expect(c.transitions).toHaveLength(total);
    expect(c.transitions.filter((t) => t.online)).toHaveLength(total / 2);
    expect(a.broadcasts.length + b.broadcasts.length).toBe(total);
  });

  it('merges LiveKit attendance reported to any node with the socket counts', async () => {
    const c = cluster();
    const a = await c.node('a', { now: () => '2026-11-22T09:00:00.000Z' });
    const b = await c.node('b', { now: () => '2026-11-22T09:10:00.000Z' });
    a.tracker.attendance('m', 'v', { online: true, joinedAt: '2026-11-22T08:59:00.000Z' });
    await a.tracker.settled();
    b.tracker.socketConnected('m', 'v');
    b.tracker.socketDisconnected('m', 'v');
    await b.tracker.settled();
    expect(await b.tracker.get('v')).toEqual({ venueId: 'v', online: true, joinedAt: '2026-11-22T08:59:00.000Z', leftAt: null });
    b.tracker.socketConnected('m', 'v');
    await b.tracker.settled();
    a.tracker.attendance('m', 'v', { online: false, leftAt: '2026-11-22T09:30:00.000Z' });
    await a.tracker.settled();
    expect(await online(a, 'v')).toBe(true);
    b.tracker.socketDisconnected('m', 'v');
    await b.tracker.settled();
    expect(await a.tracker.get('v')).toEqual({ venueId: 'v', online: false, joinedAt: '2026-11-22T08:59:00.000Z', leftAt: '2026-11-22T09:10:00.000Z' });
    expect(c.transitions).toEqual([
      { node: 'a', meetingId: 'm', venueId: 'v', online: true, at: '2026-11-22T08:59:00.000Z' },
      { node: 'b', meetingId: 'm', venueId: 'v', online: false, at: '2026-11-22T09:10:00.000Z' },
    ]);
  });

  it('takes a dead node’s venues offline on another node within its TTL, recorded once', async () => {
    const c = cluster();
    const quick = { ttlMs: 800, heartbeatMs: 100, sweepMs: 100 };
    const a = await c.node('a', quick);
    const b = await c.node('b', quick);
    const other = await c.node('c', quick);
    b.tracker.socketConnected('m', 'only-b');
    b.tracker.socketConnected('m', 'both');
    a.tracker.socketConnected('m', 'both');
    await Promise.all([a.tracker.settled(), b.tracker.settled()]);
    expect(await online(a, 'only-b')).toBe(true);

    // A crash: no heartbeat, no cleanup.
    b.client.destroy();
    const died = Date.now();
    await until(async () => !(await online(a, 'only-b')), 'the dead node’s venue offline', 10_000);
    expect(Date.now() - died).toBeLessThan(5_000);
    expect(await online(a, 'both')).toBe(true);
    // Two live nodes sweep; the transition is still reported once.
    await Promise.all([a.tracker.sweep(), other.tracker.sweep()]);
    expect(c.transitions.filter((t) => t.venueId === 'only-b').map((t) => [t.node, t.online])).toEqual([['b', true], [expect.not.stringMatching(/^b$/), false]]);
    expect(c.transitions.filter((t) => t.venueId === 'both')).toHaveLength(1);
    await until(async () => (await a.client.zScore(`${c.prefix}:presence:nodes`, 'b')) === null, 'the dead node forgotten');
    expect(await a.client.hGet(`${c.prefix}:presence:venue:both`, 'node:b')).toBeNull();
  });

  it('writes its connections again when it was taken for dead but is not', async () => {
    const c = cluster();
    const a = await c.node('a', { ttlMs: 2000, heartbeatMs: 60_000, sweepMs: 60_000 });
    const b = await c.node('b', { ttlMs: 2000, heartbeatMs: 60_000, sweepMs: 60_000 });
    a.tracker.socketConnected('m', 'v');
    await a.tracker.settled();
    // What a sweep does to a node that stalled longer than its TTL.
    await b.client.zAdd(`${c.prefix}:presence:nodes`, { score: 0, value: 'a' });
    await b.tracker.sweep();
    expect(await online(b, 'v')).toBe(false);
    await a.tracker.heartbeat();
    await a.tracker.settled();
    expect(await online(b, 'v')).toBe(true);
    expect(c.transitions.map((t) => [t.node, t.online])).toEqual([['a', true], ['b', false], ['a', true]]);
  });

  it('a node closing stops counting its connections', async () => {
    const c = cluster();
    const a = await c.node('a');
    const b = await c.node('b');
    b.tracker.socketConnected('m', 'v');
    await b.tracker.settled();
    expect(await online(a, 'v')).toBe(true);
    await b.tracker.close();
    expect(await online(a, 'v')).toBe(false);
    expect(await a.client.zScore(`${c.prefix}:presence:nodes`, 'b')).toBeNull();
    b.tracker.socketDisconnected('m', 'v');
    expect(b.errors).toEqual([]);
  });

  it('reads the presence of thousands of venues in a few round trips', async () => {
    const c = cluster();
    const a = await c.node('a');
    const ids = Array.from({ length: 4000 }, (_, i) => `v${i}`);
    for (const id of ids.filter((_, i) => i % 3 === 0)) a.tracker.socketConnected('m', id);
    await a.tracker.settled();
    const multi = vi.spyOn(a.client, 'multi');
    const read = await a.tracker.list(ids);
    expect(multi.mock.calls.length).toBeLessThanOrEqual(4);
    expect(read.map((p) => p.venueId)).toEqual(ids);
    expect(read.filter((p) => p.online)).toHaveLength(Math.ceil(4000 / 3));
    expect(read[1]).toEqual({ venueId: 'v1', online: false, joinedAt: null, leftAt: null });
  });
});
