/**
 * The venues each requirement concerns, as a secretary or the organiser confirmed them (督办:
 * 责任单位确认). One row per (meeting, requirement); `venueIds` null means every branch venue.
 */
import { sql } from 'kysely';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

/** A confirmed scope. */
export interface ConfirmedScope {
  requirementId: string;
  /** Branch venues the requirement's tasks go to; null = every branch venue. */
  venueIds: string[] | null;
  /** Who confirmed it (timeline name). */
  by: string;
  at: string;
}

interface Row {
  requirement_id: string;
  venue_ids: string | null;
  confirmed_by: string;
  confirmed_at: string;
}

const toScope = (r: Row): ConfirmedScope => ({
  requirementId: r.requirement_id,
  venueIds: r.venue_ids === null ? null : (JSON.parse(r.venue_ids) as string[]), // written by save() only
  by: r.confirmed_by,
  at: r.confirmed_at,
});

export function createTaskScopesRepo(db: Sql) {
  const lock = meetingLock(db);
  return {
    /** Confirmed scopes of a meeting by requirement id (inside a transaction: under the meeting's write lock, see meeting-lock.ts). */
    async ofMeeting(meetingId: string): Promise<Map<string, ConfirmedScope>> {
      await lock(meetingId);
      const rows = await db.all(sql<Row>`SELECT * FROM task_scopes WHERE meeting_id = ${meetingId}`);
      return new Map(rows.map((r) => [r.requirement_id, toScope(r)]));
    },
    async save(meetingId: string, s: ConfirmedScope): Promise<void> {
      await db.run(sql`INSERT INTO task_scopes (meeting_id, requirement_id, venue_ids, confirmed_by, confirmed_at)
        VALUES (${meetingId}, ${s.requirementId}, ${s.venueIds === null ? null : JSON.stringify(s.venueIds)}, ${s.by}, ${s.at})
        ON CONFLICT (meeting_id, requirement_id) DO UPDATE SET venue_ids = excluded.venue_ids, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`);
    },
  };
}

export type TaskScopesRepo = ReturnType<typeof createTaskScopesRepo>;
