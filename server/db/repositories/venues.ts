/** Venues aggregate: venues of a meeting and their join codes (host, secretary, one per venue). */
import type { Role, Venue, VenueLevel } from '../../../shared/protocol/domain.ts';
import type { Db } from '../database.ts';

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

export function createVenuesRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO venues (id, meeting_id, name, level, parent_id, is_main, position)
    VALUES (@id, @meetingId, @name, @level, @parentId, @isMain, @position)`);
  const update = db.prepare('UPDATE venues SET name=@name, level=@level, parent_id=@parentId WHERE id=@id');
  const byMeeting = db.prepare<[string], VenueRow>('SELECT * FROM venues WHERE meeting_id = ? ORDER BY position');
  const byId = db.prepare<[string], VenueRow>('SELECT * FROM venues WHERE id = ?');
  const maxPos = db.prepare<[string], { p: number | null }>('SELECT MAX(position) AS p FROM venues WHERE meeting_id = ?');
  const insertCode = db.prepare('INSERT INTO join_codes (code, meeting_id, role, venue_id) VALUES (@code, @meetingId, @role, @venueId)');
  const codeRow = db.prepare<[string], JoinCodeRow>('SELECT * FROM join_codes WHERE code = ?');
  const codeOf = db.prepare<[string, string, string], JoinCodeRow>('SELECT * FROM join_codes WHERE meeting_id = ? AND venue_id = ? AND role = ?');
  const deleteCodes = db.prepare<[string, string, string]>('DELETE FROM join_codes WHERE meeting_id = ? AND venue_id = ? AND role = ?');
  const codesByMeeting = db.prepare<[string], JoinCodeRow>(
    "SELECT j.* FROM join_codes j JOIN venues v ON v.id = j.venue_id WHERE j.meeting_id = ? ORDER BY CASE j.role WHEN 'host' THEN 0 WHEN 'secretary' THEN 1 ELSE 2 END, v.position",
  );

  return {
    insert(v: Venue, position?: number): void {
      const pos = position ?? (maxPos.get(v.meetingId)?.p ?? -1) + 1;
      insert.run({ ...v, isMain: v.isMain ? 1 : 0, position: pos });
    },
    update(v: Venue): void {
      update.run(v);
    },
    list(meetingId: string): Venue[] {
      return byMeeting.all(meetingId).map(toVenue);
    },
    get(id: string): Venue | null {
      const row = byId.get(id);
      return row ? toVenue(row) : null;
    },
    insertCode(c: JoinCodeRecord): void {
      insertCode.run(c);
    },
    findCode(code: string): JoinCodeRecord | null {
      const r = codeRow.get(code);
      return r ? toJoinCode(r) : null;
    },
    /** The current code of a venue for a role (host/secretary share the main venue), if any. */
    codeFor(meetingId: string, venueId: string, role: Role): JoinCodeRecord | null {
      const r = codeOf.get(meetingId, venueId, role);
      return r ? toJoinCode(r) : null;
    },
    /** Remove a venue's code for a role (revoked, or replaced by a rotation); returns rows removed. */
    deleteCodes(meetingId: string, venueId: string, role: Role): number {
      return deleteCodes.run(meetingId, venueId, role).changes;
    },
    listCodes(meetingId: string): JoinCodeRecord[] {
      return codesByMeeting.all(meetingId).map(toJoinCode);
    },
  };
}

export type VenuesRepo = ReturnType<typeof createVenuesRepo>;
