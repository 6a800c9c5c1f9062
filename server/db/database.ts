/**
 * Opens the database — the embedded SQLite file (WAL, foreign keys, busy timeout) or PostgreSQL
 * when the target is a `postgres://` URL — behind one Kysely instance, and applies pending
 * migrations. Repositories never see which one it is, except through `dialect` where SQL differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/types.ts';
import { migratePostgres, migrateSqlite } from './migrate.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  dialect: Dialect;
  // Queries are raw `sql` templates typed at each call site, so no schema interface is declared here.
  kysely: Kysely<any>;
  /** The embedded SQLite connection (storage health, backups); null on PostgreSQL. */
  sqlite: BetterSqlite3.Database | null;
  /** The file or URL it was opened from (URL without its password). */
  target: string;
  close(): Promise<void>;
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

/** Open `target` (a SQLite file, `:memory:`, or a postgres:// URL) and migrate it. */
export async function openDatabase(target: string, options: { migrations?: Migration[]; poolSize?: number } = {}): Promise<Database> {
  const migrations = options.migrations ?? MIGRATIONS;
  return isPostgresUrl(target) ? openPostgres(target, migrations, options.poolSize ?? 10) : openSqlite(target, migrations);
}

function openSqlite(file: string, migrations: Migration[]): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // NORMAL in WAL mode: a committed transaction survives a process crash (SIGKILL); only an OS
    // crash or power cut can lose the last commits. FULL would fsync every ack and event.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    migrateSqlite(sqlite, migrations);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const kysely = new Kysely({ dialect: new SqliteDialectKeepingCause(sqlite) });
  return {
    dialect: 'sqlite',
    kysely,
    sqlite,
    target: file,
    // Kysely's destroy closes the better-sqlite3 handle it was given.
    close: () => kysely.destroy(),
  };
}

// COUNT(*), SUM and BIGINT columns come back from pg as strings (int8 may exceed 2^53); every
// such value here is a count, a sequence number or a millisecond figure, far below that.
const toNumber = (v: string): number => Number(v);
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, migrations: Migration[], poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: PG_TYPES });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgres(kysely, migrations);
  } catch (err) {
    await kysely.destroy();
    throw err;
  }
  return { dialect: 'postgres', kysely, sqlite: null, target: redact(url), close: () => kysely.destroy() };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://?';
  }
}

/**
 * Kysely's SQLite driver, except that ROLLBACK is skipped when SQLite already ended the
 * transaction itself, as it does on an I/O error (the file became unwritable at runtime): Kysely's
 * ROLLBACK would then fail with "no transaction is active", and that error would replace the real
 * cause, so a storage failure answered 500 `internal` instead of 503 `storage_unavailable`.
 */
class SqliteDriverKeepingCause extends SqliteDriver {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class SqliteDialectKeepingCause extends SqliteDialect {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new SqliteDriverKeepingCause(this.sqlite);
  }
}
