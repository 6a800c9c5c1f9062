/**
 * Acknowledgements aggregate: one row per venue × requirement × kind (the primary key), holding
 * the newest requirement version the venue confirmed. Repeats of that version are no-ops.
 */
import type { AckKind, Acknowledgement } from '../../../shared/protocol/domain.ts';
import type { Db } from '../database.ts';

interface AckRow {
  meeting_id: string;
  venue_id: string;
  requirement_id: string;
  kind: AckKind;
  at: string;
  version: number;
}

const toAck = (r: AckRow): Acknowledgement => ({
  meetingId: r.meeting_id,
  venueId: r.venue_id,
  requirementId: r.requirement_id,
  kind: r.kind,
  at: r.at,
  version: r.version,
});

export function createAcksRepo(db: Db) {
  // A newer version replaces the stored confirmation; the same or an older one changes nothing.
  const upsert = db.prepare(`INSERT INTO acks (meeting_id, venue_id, requirement_id, kind, at, version)
    VALUES (@meetingId, @venueId, @requirementId, @kind, @at, @version)
    ON CONFLICT (venue_id, requirement_id, kind) DO UPDATE SET at = excluded.at, version = excluded.version
    WHERE excluded.version > acks.version`);
  const one = db.prepare<[string, string, string], AckRow>('SELECT * FROM acks WHERE venue_id = ? AND requirement_id = ? AND kind = ?');
  const byMeeting = db.prepare<[string], AckRow>('SELECT * FROM acks WHERE meeting_id = ? ORDER BY at, venue_id');
  const byVenue = db.prepare<[string], AckRow>('SELECT * FROM acks WHERE venue_id = ? ORDER BY at');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM acks WHERE meeting_id = ?');
  return {
    /** Store the ack unless the same or a newer version is stored; returns the stored record and whether it changed. */
    record(a: Acknowledgement): { ack: Acknowledgement; created: boolean } {
      const created = upsert.run(a).changes === 1;
      const row = one.get(a.venueId, a.requirementId, a.kind);
      return { ack: row ? toAck(row) : a, created };
    },
    list(meetingId: string): Acknowledgement[] {
      return byMeeting.all(meetingId).map(toAck);
    },
    listForVenue(venueId: string): Acknowledgement[] {
      return byVenue.all(venueId).map(toAck);
    },
    count(meetingId: string): number {
      return count.get(meetingId)?.n ?? 0;
    },
  };
}

export type AcksRepo = ReturnType<typeof createAcksRepo>;
