/**
 * ASR leases: which node transcribes a meeting's audio (see migration 7 and
 * server/meeting/asr-lease.ts). Every change is one conditional statement, so two nodes racing
 * for a meeting cannot both win: the row's lock (PostgreSQL) or the database lock (SQLite)
 * orders them, and the loser's condition no longer holds. Times are epoch ms of the caller's clock.
 */
import { sql } from 'kysely';
import type { Sql } from '../sql.ts';

/** Where the holder's host uplink can be picked up by the next holder (see migration 7). */
export interface UplinkHandover {
  uplinkId: string;
  streamId: string;
  /** Every chunk before this one was transcribed and stored, or was silence. */
  chunkSeq: number;
  /** Start of chunk `chunkSeq` on the meeting timeline, ms. */
  atMs: number;
}

export interface AsrLease {
  meetingId: string;
  nodeId: string;
  /** Grows whenever the lease passes to another node (the fencing token). */
  epoch: number;
  expiresAt: number;
  acquiredAt: number;
  handover: UplinkHandover | null;
}

interface LeaseRow {
  meeting_id: string;
  node_id: string;
  epoch: number;
  expires_at: number;
  acquired_at: number;
  uplink_id: string | null;
  stream_id: string | null;
  resume_chunk_seq: number | null;
  resume_at_ms: number | null;
}

function toLease(r: LeaseRow): AsrLease {
  const handover =
    r.uplink_id !== null && r.stream_id !== null && r.resume_chunk_seq !== null && r.resume_at_ms !== null
      ? { uplinkId: r.uplink_id, streamId: r.stream_id, chunkSeq: Number(r.resume_chunk_seq), atMs: Number(r.resume_at_ms) }
      : null;
  return { meetingId: r.meeting_id, nodeId: r.node_id, epoch: Number(r.epoch), expiresAt: Number(r.expires_at), acquiredAt: Number(r.acquired_at), handover };
}

/** SET clause of the uplink columns: `undefined` leaves them, null clears them. */
function handoverSet(h: UplinkHandover | null) {
  return sql`uplink_id = ${h?.uplinkId ?? null}, stream_id = ${h?.streamId ?? null}, resume_chunk_seq = ${h?.chunkSeq ?? null}, resume_at_ms = ${h?.atMs ?? null}`;
}

export function createAsrLeasesRepo(db: Sql) {
  return {
    /**
     * Take or keep the meeting's lease for `nodeId` until `now + ttlMs`: granted when nobody holds
     * it, this node does, or the holder let it expire. Null when another node holds it.
     */
    async acquire(meetingId: string, nodeId: string, now: number, ttlMs: number): Promise<AsrLease | null> {
      const row = await db.one(sql<LeaseRow>`INSERT INTO asr_leases (meeting_id, node_id, epoch, expires_at, acquired_at)
        VALUES (${meetingId}, ${nodeId}, 1, ${now + ttlMs}, ${now})
        ON CONFLICT (meeting_id) DO UPDATE SET
          node_id = excluded.node_id,
          expires_at = excluded.expires_at,
          epoch = CASE WHEN asr_leases.node_id = excluded.node_id THEN asr_leases.epoch ELSE asr_leases.epoch + 1 END,
          acquired_at = CASE WHEN asr_leases.node_id = excluded.node_id THEN asr_leases.acquired_at ELSE excluded.acquired_at END
        WHERE asr_leases.node_id = excluded.node_id OR asr_leases.expires_at < ${now}
        RETURNING *`);
      return row ? toLease(row) : null;
    },
    /**
     * Take the lease over from a dead predecessor whatever its expiry, if it is still at `epoch`
     * (an audio spool on this node's disk proves who held it then). Null when it moved on.
     */
    async reclaim(meetingId: string, nodeId: string, epoch: number, now: number, ttlMs: number): Promise<AsrLease | null> {
      const row = await db.one(sql<LeaseRow>`UPDATE asr_leases
        SET node_id = ${nodeId}, epoch = epoch + 1, expires_at = ${now + ttlMs}, acquired_at = ${now}
        WHERE meeting_id = ${meetingId} AND epoch = ${epoch}
        RETURNING *`);
      return row ? toLease(row) : null;
    },
    /** Extend the holder's lease (and record its handover point); false when it is no longer the holder. */
    async renew(meetingId: string, nodeId: string, epoch: number, expiresAt: number, handover?: UplinkHandover | null): Promise<boolean> {
      const set = handover === undefined ? sql`expires_at = ${expiresAt}` : sql`expires_at = ${expiresAt}, ${handoverSet(handover)}`;
      return (await db.run(sql`UPDATE asr_leases SET ${set} WHERE meeting_id = ${meetingId} AND node_id = ${nodeId} AND epoch = ${epoch}`)) === 1;
    },
    /**
     * Hand the lease from `fromNode` (still at `epoch`, expired or not) straight to `toNode` until
     * `now + ttlMs`, at the next epoch: no third node can take it in between. False when it moved on.
     */
    async transfer(meetingId: string, fromNode: string, epoch: number, toNode: string, now: number, ttlMs: number, handover?: UplinkHandover | null): Promise<boolean> {
      const set = handover === undefined ? sql`` : sql`, ${handoverSet(handover)}`;
      return (await db.run(sql`UPDATE asr_leases SET node_id = ${toNode}, epoch = epoch + 1, expires_at = ${now + ttlMs}, acquired_at = ${now}${set}
        WHERE meeting_id = ${meetingId} AND node_id = ${fromNode} AND epoch = ${epoch}`)) === 1;
    },
    /** Let any node take the lease now; the row stays (its epoch still fences this node). */
    async release(meetingId: string, nodeId: string, epoch: number, handover?: UplinkHandover | null): Promise<boolean> {
      return this.renew(meetingId, nodeId, epoch, 0, handover);
    },
    async holder(meetingId: string): Promise<AsrLease | null> {
      const row = await db.one(sql<LeaseRow>`SELECT * FROM asr_leases WHERE meeting_id = ${meetingId}`);
      return row ? toLease(row) : null;
    },
    /**
     * Does `nodeId` still hold the lease at `epoch`? Inside a transaction on PostgreSQL the row
     * stays share-locked until it ends, so no other node can take the lease between this check
     * and the transaction's writes (a taker waits, then reads what they wrote).
     */
    async fence(meetingId: string, nodeId: string, epoch: number): Promise<boolean> {
      const lock = db.dialect === 'postgres' && db.inTx() ? sql` FOR SHARE` : sql``;
      const row = await db.one(sql<{ node_id: string; epoch: number }>`SELECT node_id, epoch FROM asr_leases WHERE meeting_id = ${meetingId}${lock}`);
      return row !== undefined && row.node_id === nodeId && Number(row.epoch) === epoch;
    },
    /** Live meetings whose lease is free (never taken, released or expired) at `now`. */
    async unheldLive(now: number): Promise<string[]> {
      const rows = await db.all(sql<{ id: string }>`SELECT m.id FROM meetings m LEFT JOIN asr_leases l ON l.meeting_id = m.id
        WHERE m.status = 'live' AND (l.meeting_id IS NULL OR l.expires_at < ${now}) ORDER BY m.id`);
      return rows.map((r) => r.id);
    },
  };
}

export type AsrLeasesRepo = ReturnType<typeof createAsrLeasesRepo>;
