/** Audit aggregate: one record per staff edit, with before/after states. */
import { sql } from 'kysely';
import type { Role } from '../../../shared/protocol/domain.ts';
import type { AuditEntry } from '../../../shared/protocol/rest.ts';
import type { Sql } from '../sql.ts';

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

export function createAuditRepo(db: Sql) {
  return {
    async record(e: Omit<AuditEntry, 'id'>): Promise<void> {
      await db.run(sql`INSERT INTO audit (meeting_id, at, role, venue_id, action, target_id, before, after)
        VALUES (${e.meetingId}, ${e.at}, ${e.role}, ${e.venueId}, ${e.action}, ${e.targetId}, ${JSON.stringify(e.before ?? null)}, ${JSON.stringify(e.after ?? null)})`);
    },
    async list(meetingId: string): Promise<AuditEntry[]> {
      const rows = await db.all(sql<AuditRow>`SELECT * FROM audit WHERE meeting_id = ${meetingId} ORDER BY id`);
      return rows.map((r) => ({
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
