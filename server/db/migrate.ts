/**
 * Applies pending migrations, each in its own transaction. SQLite records the last one in
 * `PRAGMA user_version` (as every earlier release did); PostgreSQL in `schema_migrations`, under
 * an advisory lock so nodes starting together migrate once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Migration } from './migrations/types.ts';

const inOrder = (migrations: Migration[]) => [...migrations].sort((a, b) => a.version - b.version);

export function migrateSqlite(db: BetterSqlite3.Database, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number; // pragma returns unknown; user_version is an integer
  for (const m of inOrder(migrations)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** Any constant: identifies Luoshi's migration lock among other advisory locks on the server. */
const MIGRATION_LOCK = 0x4c756f73; // 'Luos'

// Kysely<any>: migrations are plain SQL, there is no schema type to check them against.
export async function migratePostgres(db: Kysely<any>, migrations: Migration[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(trx);
    const done = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(trx);
    const applied = new Set(done.rows.map((r) => r.version));
    for (const m of inOrder(migrations)) {
      if (applied.has(m.version)) continue;
      await sql.raw(m.postgres).execute(trx);
      await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(trx);
    }
  });
}
