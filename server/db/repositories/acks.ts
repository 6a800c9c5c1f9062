/**
 * Acknowledgements aggregate: one row per venue × requirement × kind (the primary key), holding
 * the newest requirement version the venue confirmed. Repeats of that version are no-ops; the
 * conflict clause makes that hold with several nodes writing at once.
 */
import { sql } from 'kysely';
import type { AckKind, Acknowledgement } from '../../../shared/protocol/domain.ts';
import type { Sql } from '../sql.ts';

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

export function createAcksRepo(db: Sql) {
  return {
    /** Store the ack unless the same or a newer version is stored; returns the stored record and whether it changed. */
    async record(a: Acknowledgement): Promise<{ ack: Acknowledgement; created: boolean }> {
      // A newer version replaces the stored confirmation; the same or an older one changes nothing.
      const created =
        (await db.run(sql`INSERT INTO acks (meeting_id, venue_id, requirement_id, kind, at, version)
          VALUES (${a.meetingId}, ${a.venueId}, ${a.requirementId}, ${a.kind}, ${a.at}, ${a.version})
          ON CONFLICT (venue_id, requirement_id, kind) DO UPDATE SET at = excluded.at, version = excluded.version
          WHERE excluded.version > acks.version`)) === 1;
      const row = await db.one(sql<AckRow>`SELECT * FROM acks WHERE venue_id = ${a.venueId} AND requirement_id = ${a.requirementId} AND kind = ${a.kind}`);
      return { ack: row ? toAck(row) : a, created };
    },
    async list(meetingId: string): Promise<Acknowledgement[]> {
      return (await db.all(sql<AckRow>`SELECT * FROM acks WHERE meeting_id = ${meetingId} ORDER BY at, venue_id`)).map(toAck);
    },
    async listForVenue(venueId: string): Promise<Acknowledgement[]> {
      return (await db.all(sql<AckRow>`SELECT * FROM acks WHERE venue_id = ${venueId} ORDER BY at`)).map(toAck);
    },
    async count(meetingId: string): Promise<number> {
      return (await db.one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM acks WHERE meeting_id = ${meetingId}`))?.n ?? 0;
    },
  };
}

export type AcksRepo = ReturnType<typeof createAcksRepo>;
