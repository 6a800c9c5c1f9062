/**
 * Venue attendance: when each venue was online (socket connections or LiveKit), as intervals.
 * An interval left open (left_at NULL) means "online when last known": a server stop or crash
 * does not close it, and the venue's reconnect after the restart continues it.
 */
import { sql } from 'kysely';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

/** One stretch of a venue being online. */
export interface AttendanceInterval {
  venueId: string;
  /** ISO-8601. */
  joinedAt: string;
  /** ISO-8601; null while online (or when the server stopped while it was). */
  leftAt: string | null;
}

interface Row {
  venue_id: string;
  joined_at: string;
  left_at: string | null;
}

export function createAttendanceRepo(db: Sql) {
  const lock = meetingLock(db);
  return {
    /** The venue came online at `at` (no-op while an interval is open: it continues). */
    async joined(meetingId: string, venueId: string, at: string): Promise<void> {
      // Under the meeting's write lock: the venue may join through two nodes at once (socket and
      // LiveKit), and each must see the other's open interval rather than open a second one.
      await db.tx(async () => {
        await lock(meetingId);
        await db.run(sql`INSERT INTO venue_attendance (meeting_id, venue_id, joined_at)
          SELECT ${meetingId}, ${venueId}, ${at}
          WHERE NOT EXISTS (SELECT 1 FROM venue_attendance WHERE venue_id = ${venueId} AND left_at IS NULL)`);
      });
    },
    /** The venue went offline at `at`: closes its open interval. */
    async left(venueId: string, at: string): Promise<void> {
      await db.run(sql`UPDATE venue_attendance SET left_at = ${at} WHERE venue_id = ${venueId} AND left_at IS NULL`);
    },
    /** Every interval of the meeting's venues, by venue then time. */
    async list(meetingId: string): Promise<AttendanceInterval[]> {
      const rows = await db.all(sql<Row>`SELECT venue_id, joined_at, left_at FROM venue_attendance WHERE meeting_id = ${meetingId} ORDER BY venue_id, joined_at, id`);
      return rows.map((r) => ({ venueId: r.venue_id, joinedAt: r.joined_at, leftAt: r.left_at }));
    },
  };
}

export type AttendanceRepo = ReturnType<typeof createAttendanceRepo>;
