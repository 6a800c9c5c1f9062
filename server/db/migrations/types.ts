/** The shape of a schema migration (index.ts lists them; each NNN-name.ts file defines one). */

/**
 * One schema step, the same version on both databases: `sql` for SQLite (runs when
 * `user_version` < `version`), `postgres` for PostgreSQL (runs when `schema_migrations` lacks it).
 * Both produce the same tables and columns; only dialect-specific parts differ.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  postgres: string;
}
