/**
 * The venues each requirement concerns, as a secretary or the organiser confirmed them (督办:
 * 责任单位确认). One row per (meeting, requirement); `venueIds` null means every branch venue.
 */
import type { Db } from '../database.ts';

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

export function createTaskScopesRepo(db: Db) {
  const byMeeting = db.prepare<[string], Row>('SELECT * FROM task_scopes WHERE meeting_id = ?');
  const save = db.prepare(`INSERT INTO task_scopes (meeting_id, requirement_id, venue_ids, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (meeting_id, requirement_id) DO UPDATE SET venue_ids = excluded.venue_ids, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`);
  return {
    /** Confirmed scopes of a meeting by requirement id. */
    ofMeeting(meetingId: string): Map<string, ConfirmedScope> {
      return new Map(byMeeting.all(meetingId).map((r) => [r.requirement_id, toScope(r)]));
    },
    save(meetingId: string, s: ConfirmedScope): void {
      save.run(meetingId, s.requirementId, s.venueIds === null ? null : JSON.stringify(s.venueIds), s.by, s.at);
    },
  };
}

export type TaskScopesRepo = ReturnType<typeof createTaskScopesRepo>;
