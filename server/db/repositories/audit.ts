/** Audit aggregate: one record per staff edit, with before/after states. */
import type { Role } from '../../../shared/protocol/domain.ts';
import type { AuditEntry } from '../../../shared/protocol/rest.ts';
import type { Db } from '../database.ts';

interface AuditRow {
  id: number;
  meeting_id: string;
  at: string;
  role: Role;
  venue_id: string;
  action: string;
  target_id: string;
  before: string | null;
  after: string | null;
}

export function createAuditRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO audit (meeting_id, at, role, venue_id, action, target_id, before, after)
    VALUES (@meetingId, @at, @role, @venueId, @action, @targetId, @before, @after)`);
  const byMeeting = db.prepare<[string], AuditRow>('SELECT * FROM audit WHERE meeting_id = ? ORDER BY id');
  return {
    record(e: Omit<AuditEntry, 'id'>): void {
      insert.run({ ...e, before: JSON.stringify(e.before ?? null), after: JSON.stringify(e.after ?? null) });
    },
    list(meetingId: string): AuditEntry[] {
      return byMeeting.all(meetingId).map((r) => ({
        id: r.id,
        meetingId: r.meeting_id,
        at: r.at,
        role: r.role,
        venueId: r.venue_id,
        action: r.action,
        targetId: r.target_id,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      }));
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
