/**
 * Events aggregate: the per-meeting, gapless, replayable event log. `append` must run inside the
 * caller's transaction so the state change and its event commit together.
 */
import type { Audience, MeetingEvent, MeetingEventPayloads, MeetingEventType } from '../../../shared/protocol/events.ts';
import type { Db } from '../database.ts';

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

export function createEventsRepo(db: Db) {
  const counters = db.prepare<[string], { last_seq: number; last_public_seq: number }>(
    'SELECT last_seq, last_public_seq FROM meetings WHERE id = ?',
  );
  const bump = db.prepare('UPDATE meetings SET last_seq = ?, last_public_seq = ? WHERE id = ?');
  const insert = db.prepare(`INSERT INTO events (meeting_id, seq, type, audience, prev_public_seq, venue_id, payload, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const since = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE meeting_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const sinceSize = db.prepare<[string, number, number], { events: number; bytes: number }>(
    'SELECT COUNT(*) AS events, COALESCE(SUM(length(payload)), 0) AS bytes FROM (SELECT payload FROM events WHERE meeting_id = ? AND seq > ? ORDER BY seq LIMIT ?)',
  );
  return {
    append<K extends MeetingEventType>(
      meetingId: string,
      type: K,
      audience: Audience,
      payload: MeetingEventPayloads[K],
      at: string,
      venueId: string | null = null,
    ): StoredEvent {
      const c = counters.get(meetingId);
      if (!c) throw new Error(`meeting ${meetingId} not found`);
      const seq = c.last_seq + 1;
      bump.run(seq, audience === 'all' ? seq : c.last_public_seq, meetingId);
      insert.run(meetingId, seq, type, audience, c.last_public_seq, venueId, JSON.stringify(payload), at);
      // Built from the same values just stored; the generic K keeps type and payload paired.
      const event = { seq, prevSeq: seq - 1, meetingId, type, audience, at, payload } as MeetingEvent;
      return { event, prevPublicSeq: c.last_public_seq, venueId };
    },
    lastSeq(meetingId: string): number {
      return counters.get(meetingId)?.last_seq ?? 0;
    },
    /** How many events `since` would return and their payload size, bytes (what a replay costs, before it is built). */
    sizeSince(meetingId: string, afterSeq: number, limit: number): { events: number; bytes: number } {
      return sinceSize.get(meetingId, afterSeq, limit) ?? { events: 0, bytes: 0 };
    },
    /** Up to `limit` events after `afterSeq`, in order. */
    since(meetingId: string, afterSeq: number, limit: number): StoredEvent[] {
      return since.all(meetingId, afterSeq, limit).map(toStored);
    },
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
