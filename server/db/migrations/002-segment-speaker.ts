/** Schema migration 2: segment speaker, for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts). */
import type { Migration } from './types.ts';

export const migration2: Migration = {
  version: 2,
  name: 'segment speaker',
  sql: `
-- The meeting's current speaker when the segment was finalised: the extractor attributes
-- first-person lead-ins ("我讲三点意见") to it, and restarts per speaker.
ALTER TABLE segments ADD COLUMN speaker_id TEXT;
`,
  postgres: `
ALTER TABLE segments ADD COLUMN speaker_id TEXT COLLATE "C";
`,
};
