/**
 * Venue presence shared by every node through Redis (REDIS_URL): a venue connected to node A and
 * node B stays online until both lose it, and each transition is recorded and broadcast by one
 * node only — the one whose change Redis applied first (see presence-scripts.ts).
 *
 * Each node writes its own socket count per venue, never a shared counter: a count is only ever
 * replaced by the node that owns it, so a node can write it again after Redis lost it, and a dead
 * node's counts can be told apart and removed. A node proves it is alive with a heartbeat; every
 * node sweeps for expired ones and takes their venues offline through the same script (so that
 * transition is recorded once too). A node that was wrongly taken for dead (stalled, cut off from
 * Redis) notices at its next heartbeat and writes its counts again.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import type { RedisClient } from '../realtime/redis-adapter.ts';
import type { Broadcaster } from './broadcaster.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { unknownPresence, type AttendanceUpdate, type PresenceTracker, type PresenceTransition } from './presence.ts';
import { APPLY_SCRIPT, DEAD_NODES_SCRIPT, FORGET_NODE_SCRIPT, HEARTBEAT_SCRIPT, LEAVE_SCRIPT, scriptRunner } from './presence-scripts.ts';

export interface RedisPresenceOptions {
  client: RedisClient;
  /** LUOSHI_REDIS_PREFIX. */
  prefix: string;
  /** LUOSHI_NODE_ID: unique per running process. */
  nodeId: string;
  broadcaster: Broadcaster;
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>;
  onTransition?: (t: PresenceTransition) => void;
  now?: () => string;
  /** A node whose heartbeat is older than this is dead, ms. */
  ttlMs?: number;
  heartbeatMs?: number;
  /** How often this node looks for dead nodes, ms. */
  sweepMs?: number;
  /** How long an offline venue's times are kept, ms. */
  idleExpiryMs?: number;
}

export interface RedisPresenceTracker extends PresenceTracker {
  /** Settles once this node's first heartbeat did (mutations wait for it by themselves). */
  ready: Promise<void>;
  /** Prove this node alive now (the timer does it every `heartbeatMs`). */
  heartbeat(): Promise<void>;
  /** Look for dead nodes now (the timer does it every `sweepMs`). */
  sweep(): Promise<void>;
  /** Resolves once every change made so far reached Redis (or failed). */
  settled(): Promise<void>;
}

const TTL_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const SWEEP_MS = 5_000;
const IDLE_EXPIRY_MS = 7 * 24 * 3600_000;
/** Dead nodes handled per sweep, and venues swept at once (bounded work per tick). */
const DEAD_NODES_PER_SWEEP = 20;
const SWEEP_BATCH = 200;
const READ_BATCH = 1000;

/** What APPLY_SCRIPT returns. */
type ApplyReply = [flipped: number, changed: number, online: number, joinedAt: string, leftAt: string, meetingId: string];

interface LocalVenue {
  meetingId: string;
  sockets: number;
}

export function createRedisPresenceTracker(options: RedisPresenceOptions): RedisPresenceTracker {
  const { client, prefix, nodeId, broadcaster, log } = options;
  const onTransition = options.onTransition ?? (() => {});
  const now = options.now ?? (() => new Date().toISOString());
  const ttlMs = options.ttlMs ?? TTL_MS;
  const idleExpiryMs = options.idleExpiryMs ?? IDLE_EXPIRY_MS;
  const run = scriptRunner(client);
  const keys = {
    venue: (venueId: string) => `${prefix}:presence:venue:${venueId}`,
    nodes: `${prefix}:presence:nodes`,
    node: (id: string) => `${prefix}:presence:node:${id}`,
  };

  // This node's own connections: the truth its counts in Redis are written from.
  const local = new Map<string, LocalVenue>();
  const queue = createKeyedQueue();
  // A venue whose count is already waiting to be written needs no second write: it reads `local` when it runs.
  const pendingCounts = new Set<string>();
  let closed = false;

  async function apply(venueId: string, op: 'sockets' | 'livekit' | 'forget', args: { node?: string; meetingId?: string; value?: string; reported?: string }): Promise<void> {
    const node = args.node ?? nodeId;
    const time = now();
    const at = args.reported ?? time;
    const reply = (await run(APPLY_SCRIPT, {
      keys: [keys.venue(venueId), keys.nodes, keys.node(node)],
      arguments: [op, node, venueId, args.meetingId ?? '', time, args.value ?? '', args.reported ?? '', String(idleExpiryMs)],
    })) as ApplyReply;
    const [flipped, changed, online, joinedAt, leftAt, meetingId] = reply;
    // Only the node whose script saw the change reports it: Redis ran exactly one such script.
    if (flipped === 1) onTransition({ meetingId, venueId, online: online === 1, at });
    if (changed === 1) broadcaster.presence(meetingId, { venueId, online: online === 1, joinedAt: joinedAt || null, leftAt: leftAt || null });
  }

  // Changes wait for the first heartbeat (else the first counts would not count yet). Should it
  // fail, they go ahead: the heartbeat that next succeeds finds it had lapsed and rewrites them.
  const ready = heartbeat().catch((err: unknown) => log.error({ err, node: nodeId }, 'presence node not registered'));

  /** Queue work for one venue behind this node's earlier changes to it; failures are logged. */
  function enqueue(venueId: string, what: string, task: () => Promise<void>): void {
    if (closed) return;
    queue.run(venueId, async () => {
      await ready;
      await task();
    }).catch((err: unknown) => log.error({ err, venueId, node: nodeId }, `presence ${what} not shared`));
  }

  function writeCount(venueId: string): void {
    if (pendingCounts.has(venueId)) return;
    pendingCounts.add(venueId);
    enqueue(venueId, 'socket count', async () => {
      pendingCounts.delete(venueId);
      const v = local.get(venueId);
      await apply(venueId, 'sockets', { meetingId: v?.meetingId ?? '', value: String(v?.sockets ?? 0) });
    });
  }

  function countSockets(meetingId: string, venueId: string, delta: number): void {
    if (closed) return;
    const v = local.get(venueId) ?? { meetingId, sockets: 0 };
    v.sockets = Math.max(0, v.sockets + delta);
    if (v.sockets > 0) local.set(venueId, v);
    else local.delete(venueId);
    writeCount(venueId);
  }

  /** Refresh this node's liveness; if it had lapsed, its counts may be gone: write them all again. */
  async function heartbeat(): Promise<void> {
    const alive = await run(HEARTBEAT_SCRIPT, { keys: [keys.nodes], arguments: [nodeId, String(ttlMs)] });
    if (alive === 1 || local.size === 0) return;
    log.warn({ node: nodeId, venues: local.size }, 'presence heartbeat had lapsed: writing this node’s connections again');
    for (const venueId of local.keys()) writeCount(venueId);
  }

  async function sweepNode(dead: string): Promise<void> {
    const venues = await client.sMembers(keys.node(dead));
    for (let i = 0; i < venues.length; i += SWEEP_BATCH) {
      await Promise.all(venues.slice(i, i + SWEEP_BATCH).map((venueId) => apply(venueId, 'forget', { node: dead })));
    }
    const forgotten = await run(FORGET_NODE_SCRIPT, { keys: [keys.nodes, keys.node(dead)], arguments: [dead] });
    if (forgotten === 1) log.info({ node: dead, venues: venues.length, by: nodeId }, 'dead node’s presence removed');
  }

  // A sweep of thousands of venues may outlast the interval: the next one is skipped, not doubled.
  let sweeping: Promise<void> | null = null;
  async function sweepOnce(): Promise<void> {
    const dead = (await run(DEAD_NODES_SCRIPT, { keys: [keys.nodes], arguments: [String(DEAD_NODES_PER_SWEEP)] })) as string[];
    // Not itself: a lapsed heartbeat of this node is repaired by the heartbeat.
    for (const id of dead) if (id !== nodeId) await sweepNode(id);
  }
  function sweep(): Promise<void> {
    sweeping ??= sweepOnce().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  const guard = (what: string, task: () => Promise<void>) => () => {
    if (closed) return;
    task().catch((err: unknown) => log.error({ err, node: nodeId }, `presence ${what} failed`));
  };
  const heartbeatTimer = setInterval(guard('heartbeat', heartbeat), options.heartbeatMs ?? HEARTBEAT_MS);
  const sweepTimer = setInterval(guard('sweep', sweep), options.sweepMs ?? SWEEP_MS);
  heartbeatTimer.unref();
  sweepTimer.unref();

  async function list(venueIds: string[]): Promise<VenuePresence[]> {
    const out: VenuePresence[] = [];
    for (let i = 0; i < venueIds.length; i += READ_BATCH) {
      const batch = venueIds.slice(i, i + READ_BATCH);
      const pipeline = client.multi();
      for (const id of batch) pipeline.hmGet(keys.venue(id), ['online', 'joinedAt', 'leftAt']);
      const replies = (await pipeline.execAsPipeline()) as unknown as (string | null)[][];
      batch.forEach((venueId, j) => {
        const [online, joinedAt, leftAt] = replies[j] ?? [];
        out.push({ venueId, online: online === '1', joinedAt: joinedAt || null, leftAt: leftAt || null });
      });
    }
    return out;
  }

  return {
    ready,
    heartbeat,
    sweep,
    settled: () => queue.idle(),
    socketConnected: (m, v) => countSockets(m, v, 1),
    socketDisconnected: (m, v) => countSockets(m, v, -1),
    attendance: (m, v, u: AttendanceUpdate) =>
      enqueue(v, 'LiveKit attendance', () => apply(v, 'livekit', {
        meetingId: m,
        value: u.online ? '1' : '0',
        ...((u.online ? u.joinedAt : u.leftAt) ? { reported: u.online ? u.joinedAt : u.leftAt } : {}),
      })),
    get: async (venueId) => (await list([venueId]))[0] ?? unknownPresence(venueId),
    list,
    async close() {
      if (closed) return;
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      // What is queued still reaches Redis; then this node's remaining connections stop counting.
      for (const venueId of local.keys()) {
        local.delete(venueId);
        writeCount(venueId);
      }
      closed = true;
      await queue.idle();
      try {
        await run(LEAVE_SCRIPT, { keys: [keys.nodes, keys.node(nodeId)], arguments: [nodeId] });
      } catch (err) {
        log.warn({ err, node: nodeId }, 'presence node not removed (a sweep will)');
      }
    },
  };
}
