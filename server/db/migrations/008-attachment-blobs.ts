/** Schema migration 8: attachment bytes in the database, for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts). */
import type { Migration } from './types.ts';

export const migration8: Migration = {
  version: 8,
  name: 'attachment blobs',
  sql: `
-- Follow-up attachment bytes kept in the database: on PostgreSQL several nodes serve the same
-- meetings, so a file uploaded through one must download through another (attachment-blobs.ts).
-- A SQLite node keeps its files on its own disk (attachment-store.ts): the table stays empty there.
CREATE TABLE attachment_blobs (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  bytes BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachment_blobs_meeting ON attachment_blobs(meeting_id);
`,
  postgres: `
CREATE TABLE attachment_blobs (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  bytes BYTEA NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX attachment_blobs_meeting ON attachment_blobs(meeting_id);
`,
};
