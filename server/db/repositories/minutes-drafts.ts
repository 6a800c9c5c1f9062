/** The secretary's edits of a meeting's minutes draft, one row per meeting with a revision. */
import { sql } from 'kysely';
import type { MinutesEdits } from '../../../shared/protocol/minutes.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

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

export function createMinutesDraftsRepo(db: Sql) {
  const lock = meetingLock(db);
  return {
    /**
     * The stored edits. Inside a transaction, read under the meeting's write lock (meeting-lock.ts;
     * the draft row may not exist yet, so it cannot be the one locked): a revision checked here
     * stays current until the transaction ends.
     */
    async get(meetingId: string): Promise<StoredMinutesEdits> {
      await lock(meetingId);
      const r = await db.one(sql<Row>`SELECT edits, revision, updated_at FROM minutes_drafts WHERE meeting_id = ${meetingId}`);
      // Written by this repository only, from edits validated by the minutesEdits schema.
      return r ? { edits: JSON.parse(r.edits) as MinutesEdits, revision: r.revision, updatedAt: r.updated_at } : { edits: {}, revision: 0, updatedAt: null };
    },
    /** Store new edits; the revision goes up by one. Check the caller's revision first (`get`, same transaction). */
    async save(meetingId: string, edits: MinutesEdits, at: string, by: string): Promise<void> {
      // The stored revision qualified: PostgreSQL reads a bare name as ambiguous with excluded's.
      await db.run(sql`INSERT INTO minutes_drafts (meeting_id, edits, revision, updated_at, updated_by)
        VALUES (${meetingId}, ${JSON.stringify(edits)}, 1, ${at}, ${by})
        ON CONFLICT (meeting_id) DO UPDATE SET edits = excluded.edits, revision = minutes_drafts.revision + 1,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    },
  };
}

export type MinutesDraftsRepo = ReturnType<typeof createMinutesDraftsRepo>;
