/**
 * Venue attendance: when each venue was online (socket connections or LiveKit), as intervals.
 * An interval left open (left_at NULL) means "online when last known": a server stop or crash
 * does not close it, and the venue's reconnect after the restart continues it.
 */
import type { Db } from '../database.ts';

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

export function createAttendanceRepo(db: Db) {
  const open = db.prepare<[string], { id: number }>('SELECT id FROM venue_attendance WHERE venue_id = ? AND left_at IS NULL');
  const insert = db.prepare('INSERT INTO venue_attendance (meeting_id, venue_id, joined_at) VALUES (?, ?, ?)');
  const close = db.prepare('UPDATE venue_attendance SET left_at = ? WHERE venue_id = ? AND left_at IS NULL');
  const byMeeting = db.prepare<[string], Row>('SELECT venue_id, joined_at, left_at FROM venue_attendance WHERE meeting_id = ? ORDER BY venue_id, joined_at, id');
  return {
    /** The venue came online at `at` (no-op while an interval is open: it continues). */
    joined(meetingId: string, venueId: string, at: string): void {
      if (!open.get(venueId)) insert.run(meetingId, venueId, at);
    },
    /** The venue went offline at `at`: closes its open interval. */
    left(venueId: string, at: string): void {
      close.run(at, venueId);
    },
    /** Every interval of the meeting's venues, by venue then time. */
    list(meetingId: string): AttendanceInterval[] {
      return byMeeting.all(meetingId).map((r) => ({ venueId: r.venue_id, joinedAt: r.joined_at, leftAt: r.left_at }));
    },
  };
}

export type AttendanceRepo = ReturnType<typeof createAttendanceRepo>;
