/** The secretary's edits of a meeting's minutes draft, one row per meeting with a revision. */
import type { MinutesEdits } from '../../../shared/protocol/minutes.ts';
import type { Db } from '../database.ts';

/** Stored edits with their revision (0 and empty edits when nothing was stored). */
export interface StoredMinutesEdits {
  edits: MinutesEdits;
  revision: number;
  updatedAt: string | null;
}

interface Row {
  edits: string;
  revision: number;
  updated_at: string;
}

export function createMinutesDraftsRepo(db: Db) {
  const get = db.prepare<[string], Row>('SELECT edits, revision, updated_at FROM minutes_drafts WHERE meeting_id = ?');
  const upsert = db.prepare(`INSERT INTO minutes_drafts (meeting_id, edits, revision, updated_at, updated_by)
    VALUES (@meetingId, @edits, 1, @at, @by)
    ON CONFLICT (meeting_id) DO UPDATE SET edits = excluded.edits, revision = revision + 1, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by`);
  return {
    get(meetingId: string): StoredMinutesEdits {
      const r = get.get(meetingId);
      // Written by this repository only, from edits validated by the minutesEdits schema.
      return r ? { edits: JSON.parse(r.edits) as MinutesEdits, revision: r.revision, updatedAt: r.updated_at } : { edits: {}, revision: 0, updatedAt: null };
    },
    /** Store new edits; the revision goes up by one. Check the caller's revision first (same transaction). */
    save(meetingId: string, edits: MinutesEdits, at: string, by: string): void {
      upsert.run({ meetingId, edits: JSON.stringify(edits), at, by });
    },
  };
}

export type MinutesDraftsRepo = ReturnType<typeof createMinutesDraftsRepo>;
