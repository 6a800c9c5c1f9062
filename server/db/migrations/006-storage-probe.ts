/** Schema migration 6: storage probe, for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts). */
import type { Migration } from './types.ts';

export const migration6: Migration = {
  version: 6,
  name: 'storage probe',
  sql: `
-- One row rewritten by the health check (at most once a second): a real write, so a database
-- that can no longer be written (read-only file system, full disk) is reported, not discovered
-- when a final transcript segment fails to save.
CREATE TABLE storage_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
`,
  postgres: `
CREATE TABLE storage_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT COLLATE "C" NOT NULL
);
`,
};
