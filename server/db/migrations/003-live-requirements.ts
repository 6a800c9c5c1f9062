/**
 * Schema migration 3: live requirements: provisional items, retraction, versions, numbering, undo;
 * for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts).
 */
import type { Migration } from './types.ts';

export const migration3: Migration = {
  version: 3,
  name: 'live requirements: provisional items, retraction, versions, numbering, undo',
  sql: `
-- provisional: published from an interim (unconfirmed) recognition, until a final confirms it.
-- retracted_at: the machine withdrew the item (a guess the speech no longer supports).
-- version: bumped when the item's content changes after it closed or by a secretary; acks record it.
-- nominal / nominal_end: the spoken number (第四 → 4) and, after merges, the last one absorbed.
-- origin: machine (extractor), split (second half of a split), manual (added by a secretary).
-- orphaned: the machine no longer finds an item a secretary worked on; kept for the secretary to decide.
-- reviewed_at: last secretary action on the item (edit, approve, add); such items are never retracted.
-- published_at: when venues first saw it (the venue screen's "newest" is the latest added).
ALTER TABLE requirements ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN retracted_at TEXT;
ALTER TABLE requirements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE requirements ADD COLUMN nominal INTEGER;
ALTER TABLE requirements ADD COLUMN nominal_end INTEGER;
ALTER TABLE requirements ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine','split','manual'));
ALTER TABLE requirements ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN reviewed_at TEXT;
ALTER TABLE requirements ADD COLUMN published_at TEXT;
UPDATE requirements SET origin = 'split' WHERE path IS NULL;
UPDATE requirements SET nominal = ordinal WHERE path IS NOT NULL;
UPDATE requirements SET published_at = created_at WHERE status = 'published';
UPDATE requirements SET reviewed_at = updated_at WHERE edited != '{}';

ALTER TABLE requirement_lists ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirement_lists ADD COLUMN retracted_at TEXT;

-- The version of the requirement the acknowledgement confirmed.
ALTER TABLE acks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Secretary merges and splits that can be undone: what to restore.
CREATE TABLE undo_ops (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('merge','split')),
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX undo_ops_meeting ON undo_ops(meeting_id);
`,
  postgres: `
ALTER TABLE requirements ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN retracted_at TEXT COLLATE "C";
ALTER TABLE requirements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE requirements ADD COLUMN nominal INTEGER;
ALTER TABLE requirements ADD COLUMN nominal_end INTEGER;
ALTER TABLE requirements ADD COLUMN origin TEXT COLLATE "C" NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine','split','manual'));
ALTER TABLE requirements ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN reviewed_at TEXT COLLATE "C";
ALTER TABLE requirements ADD COLUMN published_at TEXT COLLATE "C";
UPDATE requirements SET origin = 'split' WHERE path IS NULL;
UPDATE requirements SET nominal = ordinal WHERE path IS NOT NULL;
UPDATE requirements SET published_at = created_at WHERE status = 'published';
UPDATE requirements SET reviewed_at = updated_at WHERE edited != '{}';

ALTER TABLE requirement_lists ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirement_lists ADD COLUMN retracted_at TEXT COLLATE "C";

ALTER TABLE acks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE undo_ops (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('merge','split')),
  state TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  undone_at TEXT COLLATE "C"
);
CREATE INDEX undo_ops_meeting ON undo_ops(meeting_id);
`,
};
