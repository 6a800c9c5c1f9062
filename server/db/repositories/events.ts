/**
 * Events aggregate: the per-meeting, gapless, replayable event log. `append` must run inside the
 * caller's transaction so the state change and its event commit together.
 */
import { sql } from 'kysely';
import type { Audience, MeetingEvent, MeetingEventPayloads, MeetingEventType } from '../../../shared/protocol/events.ts';
import type { Sql } from '../sql.ts';

interface EventRow {
  meeting_id: string;
  seq: number;
  type: MeetingEventType;
  audience: Audience;
  prev_public_seq: number;
  venue_id: string | null;
  payload: string;
  at: string;
}

/** An event as stored: `prevSeq` is the staff view (seq − 1); `prevPublicSeq` the venue view. */
export interface StoredEvent {
  event: MeetingEvent;
  prevPublicSeq: number;
  /** For ack events: the venue the ack belongs to. */
  venueId: string | null;
}

function toStored(r: EventRow): StoredEvent {
  // The payload was serialised from a MeetingEvent of this very type by `append`.
  const event = {
    seq: r.seq,
    prevSeq: r.seq - 1,
    meetingId: r.meeting_id,
    type: r.type,
    audience: r.audience,
    at: r.at,
    payload: JSON.parse(r.payload),
  } as MeetingEvent;
  return { event, prevPublicSeq: r.prev_public_seq, venueId: r.venue_id };
}

export function createEventsRepo(db: Sql) {
  // The meeting row is the per-meeting counter: locked (PostgreSQL) for the rest of the caller's
  // transaction, so concurrent writers on several nodes get consecutive, gapless numbers.
  // SQLite has one writer, holding the whole database, for the same span.
  const forUpdate = sql.raw(db.dialect === 'postgres' ? ' FOR NO KEY UPDATE' : '');
  const counters = (meetingId: string, lock = false) =>
    db.one(sql<{ last_seq: number; last_public_seq: number }>`SELECT last_seq, last_public_seq FROM meetings WHERE id = ${meetingId}${lock ? forUpdate : sql``}`);
  return {
    /** Append one event; must run inside the transaction that makes the change it records. */
    async append<K extends MeetingEventType>(
      meetingId: string,
      type: K,
      audience: Audience,
      payload: MeetingEventPayloads[K],
      at: string,
      venueId: string | null = null,
    ): Promise<StoredEvent> {
      if (!db.inTx()) throw new Error('events.append outside a transaction');
      const c = await counters(meetingId, true);
      if (!c) throw new Error(`meeting ${meetingId} not found`);
      const seq = c.last_seq + 1;
      await db.run(sql`UPDATE meetings SET last_seq = ${seq}, last_public_seq = ${audience === 'all' ? seq : c.last_public_seq} WHERE id = ${meetingId}`);
      await db.run(sql`INSERT INTO events (meeting_id, seq, type, audience, prev_public_seq, venue_id, payload, at)
        VALUES (${meetingId}, ${seq}, ${type}, ${audience}, ${c.last_public_seq}, ${venueId}, ${JSON.stringify(payload)}, ${at})`);
      // Built from the same values just stored; the generic K keeps type and payload paired.
      const event = { seq, prevSeq: seq - 1, meetingId, type, audience, at, payload } as MeetingEvent;
      return { event, prevPublicSeq: c.last_public_seq, venueId };
    },
    async lastSeq(meetingId: string): Promise<number> {
      return (await counters(meetingId))?.last_seq ?? 0;
    },
    /** How many events `since` would return and their payload size, bytes (what a replay costs, before it is built). */
    async sizeSince(meetingId: string, afterSeq: number, limit: number): Promise<{ events: number; bytes: number }> {
      const row = await db.one(sql<{ events: number; bytes: number }>`SELECT COUNT(*) AS events, COALESCE(SUM(length(payload)), 0) AS bytes
        FROM (SELECT payload FROM events WHERE meeting_id = ${meetingId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}) page`);
      return row ?? { events: 0, bytes: 0 };
    },
    /** Up to `limit` events after `afterSeq`, in order. */
    async since(meetingId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
      return (await db.all(sql<EventRow>`SELECT * FROM events WHERE meeting_id = ${meetingId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`)).map(toStored);
    },
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
