/**
 * A meeting's audio is transcribed on exactly one node: the holder of its ASR lease (a row in
 * the shared database, server/db/repositories/asr-leases.ts). This keeper, one per node, takes a
 * meeting's lease before the node opens the meeting's audio, renews it every RENEW_MS while the
 * node still uses it, and lets it go once nothing on the node does (a stream ended, the meeting
 * ended, the node closes). A node that dies stops renewing: after TTL_MS another node may take
 * the meeting over. A node that only stalled finds at its next renewal that the lease moved on
 * and is told to stop (its users close their streams); until then every segment it would store
 * is fenced off in the storing transaction by the lease's epoch, so two nodes never both store.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AsrLease, AsrLeasesRepo, UplinkHandover } from '../db/repositories/asr-leases.ts';
import { DomainError } from '../errors.ts';

/** A lease lasts this long after its last renewal, ms: how long a dead node blocks a takeover. */
export const LEASE_TTL_MS = 10_000;
/** Renewal period, ms: well inside the TTL, so a busy event loop or a slow query does not lose it. */
export const LEASE_RENEW_MS = 3_000;

/** Periodic work; returns its cancel. Injectable so tests can stall a node or drive time. */
export type LeaseTimer = (tick: () => void, everyMs: number) => () => void;

const defaultTimer: LeaseTimer = (tick, everyMs) => {
  const timer = setInterval(tick, everyMs);
  // The lease never keeps a process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
};

/** Storing a segment was refused: another node holds the meeting's lease now. */
export class LeaseLostError extends Error {
  constructor(readonly meetingId: string) {
    super(`asr lease of meeting ${meetingId} lost: another node transcribes it`);
    this.name = 'LeaseLostError';
  }
}

/** What taking a lease told the node. */
export interface LeaseClaim {
  epoch: number;
  /**
   * Another node held the meeting since this node last did: whatever this node derived from the
   * transcript (the extractor's state) is stale, and the other node's uplink may need picking up.
   */
  takenOver: boolean;
  /** Where the previous holder's host uplink can be picked up (null: none recorded). */
  handover: UplinkHandover | null;
}

/** Something on this node that needs a meeting's lease (the meeting's audio, the LiveKit agent). */
export interface LeaseUser {
  /** Still needs the lease: while any user does, it is renewed, otherwise released. */
  inUse(meetingId: string): boolean;
  /** Where the meeting's host uplink stands now; undefined: this user does not know. */
  handover?(meetingId: string): UplinkHandover | null | undefined;
  /** Another node took the meeting over: stop transcribing it here. */
  lost?(meetingId: string): void;
}

export interface AsrLeaseKeeper {
  readonly nodeId: string;
  /** Take or keep the meeting's lease; throws `transcribing_elsewhere` (retryable) while another node holds it. */
  claim(meetingId: string): Promise<LeaseClaim>;
  /** Take the lease from a dead predecessor on this disk if it is still at `epoch`; null when it moved on. */
  reclaim(meetingId: string, epoch: number): Promise<LeaseClaim | null>;
  /** The epoch this node holds the meeting's lease at, or null. */
  epoch(meetingId: string): number | null;
  /** Inside the transaction that stores a segment: throws LeaseLostError unless this node holds the lease. */
  fence(meetingId: string): Promise<void>;
  /** Let the lease go now unless a user still needs it (called when a user stopped). */
  releaseIfIdle(meetingId: string): Promise<void>;
  /**
   * Give the lease straight to `toNode` (a host console there took the capture over), once no
   * user on this node needs it. False when a user still does or the lease moved on meanwhile.
   */
  handOff(meetingId: string, toNode: string): Promise<boolean>;
  /** Register a user; returns its removal. */
  use(user: LeaseUser): () => void;
  /** Live meetings whose lease is free now (never taken, released or expired): candidates to take over. */
  unheld(): Promise<string[]>;
  /** One renewal round (the timer runs it every renewMs; tests call it). */
  tick(): Promise<void>;
  /** Stop renewing and release every lease this node holds (graceful shutdown). */
  close(): Promise<void>;
}

export interface AsrLeaseOptions {
  repo: AsrLeasesRepo;
  nodeId: string;
  log: FastifyBaseLogger;
  ttlMs?: number;
  renewMs?: number;
  clock?: () => number;
  timer?: LeaseTimer;
}

interface Held {
  epoch: number;
  /** Not released before this (a claim whose stream is about to open), epoch ms. */
  pinnedUntil: number;
}

export function createAsrLeaseKeeper(options: AsrLeaseOptions): AsrLeaseKeeper {
  const { repo, nodeId, log } = options;
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const renewMs = options.renewMs ?? LEASE_RENEW_MS;
  const clock = options.clock ?? Date.now;
  const held = new Map<string, Held>();
  /** The epoch this node last held each meeting at (also after releasing it). */
  const lastEpoch = new Map<string, number>();
  const users = new Set<LeaseUser>();
  let closed = false;
  let ticking: Promise<void> | null = null;

  const inUse = (meetingId: string) => [...users].some((u) => u.inUse(meetingId));
  const handoverOf = (meetingId: string): UplinkHandover | null | undefined => {
    for (const u of users) {
      const h = u.handover?.(meetingId);
      if (h !== undefined) return h;
    }
    return undefined;
  };

  function grant(meetingId: string, lease: AsrLease): LeaseClaim {
    const before = lastEpoch.get(meetingId);
    // Epoch 1 is the meeting's first holder: nobody before it can have transcribed anything.
    const takenOver = before === undefined ? lease.epoch > 1 : before !== lease.epoch;
    held.set(meetingId, { epoch: lease.epoch, pinnedUntil: clock() + renewMs });
    lastEpoch.set(meetingId, lease.epoch);
    if (takenOver) log.info({ meetingId, node: nodeId, epoch: lease.epoch, handover: lease.handover }, 'asr lease taken over');
    return { epoch: lease.epoch, takenOver, handover: lease.handover };
  }

  function lose(meetingId: string): void {
    held.delete(meetingId);
    log.warn({ meetingId, node: nodeId }, 'asr lease lost to another node: transcription stops here');
    for (const u of users) {
      try {
        u.lost?.(meetingId);
      } catch (err) {
        log.error({ err, meetingId }, 'asr lease loss handling failed');
      }
    }
  }

  async function release(meetingId: string, h: Held): Promise<void> {
    held.delete(meetingId);
    try {
      await repo.release(meetingId, nodeId, h.epoch, handoverOf(meetingId));
    } catch (err) {
      // It expires by itself.
      log.warn({ err, meetingId }, 'asr lease release failed');
    }
  }

  async function renewAll(): Promise<void> {
    for (const [meetingId, h] of [...held]) {
      if (held.get(meetingId) !== h) continue;
      if (!inUse(meetingId) && clock() >= h.pinnedUntil) {
        await release(meetingId, h);
        continue;
      }
      let kept: boolean;
      try {
        kept = await repo.renew(meetingId, nodeId, h.epoch, clock() + ttlMs, handoverOf(meetingId));
      } catch (err) {
        // The database is unreachable: keep going; if it stays so past the TTL, so does everyone's.
        log.warn({ err, meetingId }, 'asr lease renewal failed');
        continue;
      }
      if (!kept && held.get(meetingId) === h) lose(meetingId);
    }
  }

  const tick = (): Promise<void> => {
    // One round at a time: a slow database must not stack renewals.
    ticking ??= renewAll().finally(() => {
      ticking = null;
    });
    return ticking;
  };
  const cancel = (options.timer ?? defaultTimer)(() => void tick(), renewMs);

  return {
    nodeId,
    async claim(meetingId) {
      if (closed) throw new DomainError('transcribing_elsewhere', ['node shutting down'], true);
      const lease = await repo.acquire(meetingId, nodeId, clock(), ttlMs);
      if (!lease) {
        const holder = await repo.holder(meetingId);
        // Told to the sender, who tries again: the holder may be dead and its lease running out.
        throw new DomainError('transcribing_elsewhere', [`audio of this meeting is transcribed on node ${holder?.nodeId ?? '?'}`], true);
      }
      const known = held.get(meetingId);
      if (known && known.epoch !== lease.epoch) lose(meetingId);
      return grant(meetingId, lease);
    },
    async reclaim(meetingId, epoch) {
      const lease = await repo.reclaim(meetingId, nodeId, epoch, clock(), ttlMs);
      return lease ? grant(meetingId, lease) : null;
    },
    epoch: (meetingId) => held.get(meetingId)?.epoch ?? null,
    async fence(meetingId) {
      const h = held.get(meetingId);
      if (!h || !(await repo.fence(meetingId, nodeId, h.epoch))) throw new LeaseLostError(meetingId);
    },
    async releaseIfIdle(meetingId) {
      const h = held.get(meetingId);
      // A claim still pinned is about to open a stream: keep the lease for it.
      if (h && !inUse(meetingId) && clock() >= h.pinnedUntil) await release(meetingId, h);
    },
    async handOff(meetingId, toNode) {
      // Released already (the last stream ended) is fine: the row still names this node at that epoch.
      const epoch = held.get(meetingId)?.epoch ?? lastEpoch.get(meetingId);
      if (epoch === undefined || inUse(meetingId)) return false;
      held.delete(meetingId);
      try {
        const moved = await repo.transfer(meetingId, nodeId, epoch, toNode, clock(), ttlMs, handoverOf(meetingId));
        if (moved) log.info({ meetingId, node: nodeId, to: toNode, epoch: epoch + 1 }, 'asr lease handed to another node');
        return moved;
      } catch (err) {
        // Not renewed any more either: it expires by itself and the other node takes it then.
        log.warn({ err, meetingId, to: toNode }, 'asr lease hand-off failed');
        return false;
      }
    },
    use(user) {
      users.add(user);
      return () => users.delete(user);
    },
    unheld: () => repo.unheldLive(clock()),
    tick,
    async close() {
      closed = true;
      cancel();
      await ticking;
      await Promise.all([...held].map(([meetingId, h]) => release(meetingId, h)));
    },
  };
}
