/** Venues aggregate: venues of a meeting and their join codes (host, secretary, one per venue). */
import { sql } from 'kysely';
import type { Role, Venue, VenueLevel } from '../../../shared/protocol/domain.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

interface VenueRow {
  id: string;
  meeting_id: string;
  name: string;
  level: VenueLevel;
  parent_id: string | null;
  is_main: number;
  position: number;
}

function toVenue(r: VenueRow): Venue {
  return { id: r.id, meetingId: r.meeting_id, name: r.name, level: r.level, parentId: r.parent_id, isMain: r.is_main === 1 };
}

/** A join code as stored. */
export interface JoinCodeRecord {
  code: string;
  meetingId: string;
  role: Role;
  venueId: string;
}

interface JoinCodeRow {
  code: string;
  meeting_id: string;
  role: Role;
  venue_id: string;
}

function toJoinCode(r: JoinCodeRow): JoinCodeRecord {
  return { code: r.code, meetingId: r.meeting_id, role: r.role, venueId: r.venue_id };
}

export function createVenuesRepo(db: Sql) {
  const lock = meetingLock(db);
  return {
    /** Insert a venue at `position`, or after the meeting's last one. */
    async insert(v: Venue, position?: number): Promise<void> {
      const isMain = v.isMain ? 1 : 0;
      if (position !== undefined) {
        await db.run(sql`INSERT INTO venues (id, meeting_id, name, level, parent_id, is_main, position)
          VALUES (${v.id}, ${v.meetingId}, ${v.name}, ${v.level}, ${v.parentId}, ${isMain}, ${position})`);
        return;
      }
      // Under the meeting's write lock, so two nodes adding venues at once get different positions.
      await db.tx(async () => {
        await lock(v.meetingId);
        await db.run(sql`INSERT INTO venues (id, meeting_id, name, level, parent_id, is_main, position)
          SELECT ${v.id}, ${v.meetingId}, ${v.name}, ${v.level}, ${v.parentId}, ${isMain}, COALESCE(MAX(position), -1) + 1
          FROM venues WHERE meeting_id = ${v.meetingId}`);
      });
    },
    async update(v: Venue): Promise<void> {
      await db.run(sql`UPDATE venues SET name = ${v.name}, level = ${v.level}, parent_id = ${v.parentId} WHERE id = ${v.id}`);
    },
    async list(meetingId: string): Promise<Venue[]> {
      return (await db.all(sql<VenueRow>`SELECT * FROM venues WHERE meeting_id = ${meetingId} ORDER BY position`)).map(toVenue);
    },
    async get(id: string): Promise<Venue | null> {
      const row = await db.one(sql<VenueRow>`SELECT * FROM venues WHERE id = ${id}`);
      return row ? toVenue(row) : null;
    },
    async insertCode(c: JoinCodeRecord): Promise<void> {
      await db.run(sql`INSERT INTO join_codes (code, meeting_id, role, venue_id) VALUES (${c.code}, ${c.meetingId}, ${c.role}, ${c.venueId})`);
    },
    async findCode(code: string): Promise<JoinCodeRecord | null> {
      const r = await db.one(sql<JoinCodeRow>`SELECT * FROM join_codes WHERE code = ${code}`);
      return r ? toJoinCode(r) : null;
    },
    /** The current code of a venue for a role (host/secretary share the main venue), if any. */
    async codeFor(meetingId: string, venueId: string, role: Role): Promise<JoinCodeRecord | null> {
      const r = await db.one(sql<JoinCodeRow>`SELECT * FROM join_codes WHERE meeting_id = ${meetingId} AND venue_id = ${venueId} AND role = ${role}`);
      return r ? toJoinCode(r) : null;
    },
    /** Remove a venue's code for a role (revoked, or replaced by a rotation); returns rows removed. */
    async deleteCodes(meetingId: string, venueId: string, role: Role): Promise<number> {
      return db.run(sql`DELETE FROM join_codes WHERE meeting_id = ${meetingId} AND venue_id = ${venueId} AND role = ${role}`);
    },
    async listCodes(meetingId: string): Promise<JoinCodeRecord[]> {
      const rows = await db.all(sql<JoinCodeRow>`SELECT j.* FROM join_codes j JOIN venues v ON v.id = j.venue_id WHERE j.meeting_id = ${meetingId}
        ORDER BY CASE j.role WHEN 'host' THEN 0 WHEN 'secretary' THEN 1 ELSE 2 END, v.position`);
      return rows.map(toJoinCode);
    },
  };
}

export type VenuesRepo = ReturnType<typeof createVenuesRepo>;
