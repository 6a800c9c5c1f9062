/**
 * The per-meeting write lock on PostgreSQL: the meeting row, the same row events.append locks to
 * number events. Repositories take it before reading a meeting's requirements or tasks inside a
 * transaction, so a read-check-write on them (a version bump, a sort key or list index, a task's
 * status transition) cannot interleave with another node's on the same meeting; and since every
 * writer locks the meeting first, they cannot deadlock on it. NO KEY UPDATE, not UPDATE: inserting
 * a row that references the meeting takes a KEY SHARE lock on it, which UPDATE would block, so two
 * transactions each inserting a child row and then locking the meeting would deadlock (40P01).
 * SQLite needs nothing: a transaction there holds the whole database.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Sql } from '../sql.ts';

/** `meetingId`: the id, or a parenthesised subquery yielding it (the meeting of a row looked up by its own id). */
export type LockMeeting = (meetingId: string | RawBuilder<unknown>) => Promise<void>;

export function meetingLock(db: Sql): LockMeeting {
  return async (meetingId) => {
    if (db.dialect !== 'postgres' || !db.inTx()) return;
    await db.one(sql`SELECT id FROM meetings WHERE id = ${meetingId} FOR NO KEY UPDATE`);
  };
}
