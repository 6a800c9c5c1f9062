/**
 * Is the database still there and still writable? Storage failures must be loud: the health
 * route reports them (503), writes are refused with `storage_unavailable` while the SQLite file
 * is gone (they would land in an unlinked file and vanish), and start-up refuses a database it
 * cannot write.
 *
 * SQLite (checked synchronously, on demand and every 2 × PROBE_INTERVAL_MS):
 * - Write probe: one row of `storage_probe` rewritten, at most once per PROBE_INTERVAL_MS.
 * - Identity: the file's (device, inode) at open; a missing or different file is detected.
 *   A deleted file is restored from the open connection (`VACUUM INTO` its path), so nothing
 *   stored is lost; the process keeps refusing writes until it is restarted on the restored file.
 * PostgreSQL: see postgres-health.ts (the same probe row, written in the background).
 */
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { isPostgresUrl, type Database } from './database.ts';

/** The probe writes at most this often; health checks in between reuse its result, ms. */
export const PROBE_INTERVAL_MS = 1000;

export type StorageState = 'ok' | 'read_only' | 'missing' | 'replaced' | 'failing';

export interface StorageStatus {
  ok: boolean;
  state: StorageState;
  /** Error code of the last failed probe (e.g. SQLITE_READONLY, ECONNREFUSED, 57P01), if any. */
  error?: string;
  /** What the operator must do, in English (logs and the health JSON). */
  action?: string;
}

export interface StorageLog {
  error(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface StorageHealth {
  /** Current status (SQLite probes when the last probe is older than PROBE_INTERVAL_MS; PostgreSQL returns the last background probe's). */
  check(nowMs?: number): StorageStatus;
  /** False once the SQLite file was deleted or replaced: writes would be lost, so they are refused. */
  writable(): boolean;
  /** Stop the background checks (before the database closes). */
  close(): void;
}

// Node's network errors and PostgreSQL SQLSTATEs meaning the server is unreachable or cannot
// write: connection exceptions (08), insufficient resources such as a full disk (53), operator
// intervention such as a shutdown (57P), system errors (58), a read-only (standby) server (25006).
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;
const POSTGRES_STORAGE_STATES = /^(08...|53...|57P..|58...|25006)$/;

export const errorCode = (err: unknown): string => (typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '');

/** A storage-level failure (as opposed to a constraint or a bug): the database cannot be reached or written. */
export function isStorageError(err: unknown): boolean {
  const code = errorCode(err);
  if (/^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED|PROTOCOL|PERM)/.test(code)) return true;
  if (NETWORK_CODES.test(code) || POSTGRES_STORAGE_STATES.test(code)) return true;
  // pg reports a connection lost mid-query without a code.
  return err instanceof Error && /^Connection terminated/.test(err.message);
}

export class StorageError extends Error {}

/** Rewrite the probe row; throws the database's error when it cannot be written. */
export async function probe(database: Database, nowMs: number): Promise<void> {
  await sql`INSERT INTO storage_probe (id, at) VALUES (1, ${new Date(nowMs).toISOString()}) ON CONFLICT (id) DO UPDATE SET at = excluded.at`.execute(database.kysely);
}

function probeSqlite(sqlite: BetterSqlite3.Database, nowMs: number): void {
  sqlite.prepare('INSERT INTO storage_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(new Date(nowMs).toISOString());
}

/** The start-up refusal for a database that cannot be written, naming it (a URL without its password) and the fix. */
export function unwritableError(target: string, err: unknown): StorageError {
  const code = errorCode(err) || 'unknown';
  return new StorageError(`database ${target} cannot be written (${code}): check the file and its folder are writable by this user and the disk is not full or read-only`);
}

/** The start-up refusal for a PostgreSQL server that cannot be reached, logged in to, or migrated. */
export function unreachableError(target: string, err: unknown): StorageError {
  const code = errorCode(err) || (err instanceof Error ? err.message : 'unknown');
  return new StorageError(`database ${target} cannot be opened (${code}): check DATABASE_URL, that PostgreSQL is running and reachable from here, and that its user may create tables`);
}

/**
 * Open the database for the server: one that cannot be written (read-only file or folder,
 * read-only mount, full disk, a read-only PostgreSQL standby) is refused with `unwritableError`,
 * whether it fails while opening (SQLite's WAL needs to write) or only at the first write; a
 * PostgreSQL server that cannot be reached with `unreachableError`.
 */
export async function openWritable(target: string, open: (target: string) => Promise<Database>): Promise<Database> {
  let database: Database;
  try {
    database = await open(target);
  } catch (err) {
    if (isPostgresUrl(target)) throw unreachableError(withoutPassword(target), err);
    if (isStorageError(err)) throw unwritableError(target, err);
    throw err;
  }
  try {
    await probe(database, Date.now());
  } catch (err) {
    await database.close().catch(() => {});
    throw unwritableError(database.target, err);
  }
  return database;
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://?';
  }
}

/** Log a change of writability (and a failure found by the very first check). */
export function logTransition(log: StorageLog, target: string, before: StorageStatus | null, status: StorageStatus): void {
  if (before && before.ok !== status.ok) {
    if (status.ok) log.info({ database: target, state: status.state }, 'database writable again');
    else log.error({ database: target, state: status.state, error: status.error }, 'database cannot be written');
  } else if (!before && !status.ok) log.error({ database: target, state: status.state, error: status.error }, 'database cannot be written');
}

interface Identity {
  dev: number;
  ino: number;
}

function identity(file: string): Identity | null {
  try {
    const st = fs.statSync(file);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

/** The health of the SQLite database open on `db` from `file`. */
export function createSqliteHealth(db: BetterSqlite3.Database, file: string, log: StorageLog): StorageHealth {
  const inMemory = file === ':memory:';
  const opened = inMemory ? null : identity(file);
  let sticky: StorageStatus | null = null;
  // The file is gone but could not be restored yet (a transaction was open): writes are refused already.
  let gone = false;
  let last: { atMs: number; status: StorageStatus } | null = null;

  function run(nowMs: number): StorageStatus {
    if (sticky) return sticky;
    if (!inMemory && opened) {
      const now = identity(file);
      if (!now) {
        gone = true;
        // VACUUM INTO cannot run inside a transaction; the store's transaction holds this very
        // connection across awaits, so the restore waits for the next check.
        if (db.inTransaction) return { ok: false, state: 'missing', action: 'the database file was deleted; restoring it from memory: restart the server afterwards' };
        sticky = restore();
        return sticky;
      }
      if (now.dev !== opened.dev || now.ino !== opened.ino) {
        sticky = { ok: false, state: 'replaced', action: 'the database file was replaced while running: restart the server' };
        log.error({ file, state: 'replaced' }, 'database file replaced while running; writes refused until restart');
        return sticky;
      }
    }
    // A write now would join the store's open transaction on this connection: that transaction
    // shows the file is being written; keep the last verdict until it ends.
    if (db.inTransaction) return last?.status ?? { ok: true, state: 'ok' };
    try {
      probeSqlite(db, nowMs);
      return { ok: true, state: 'ok' };
    } catch (err) {
      const code = errorCode(err) || 'unknown';
      const state: StorageState = /READONLY|PERM/.test(code) ? 'read_only' : 'failing';
      return { ok: false, state, error: code, action: 'the database cannot be written: check the disk and file permissions; unsaved transcript is kept and retried' };
    }
  }

  /** The file was deleted: write the open connection's contents back to its path. */
  function restore(): StorageStatus {
    try {
      db.prepare('VACUUM INTO ?').run(file);
      log.error({ file, state: 'missing', restored: true }, 'database file deleted while running; its contents were restored from the open connection; restart the server');
      return { ok: false, state: 'missing', action: 'the database file was deleted and has been restored from memory: restart the server' };
    } catch (err) {
      log.error({ err, file, state: 'missing', restored: false }, 'database file deleted while running and could not be restored; restart refused to lose data: copy it out first');
      return { ok: false, state: 'missing', action: 'the database file was deleted and could not be restored: do not restart before copying /proc/<pid>/fd of the database' };
    }
  }

  function check(nowMs = Date.now()): StorageStatus {
    if (last && nowMs - last.atMs < PROBE_INTERVAL_MS) return last.status;
    const status = run(nowMs);
    logTransition(log, file, last?.status ?? null, status);
    last = { atMs: nowMs, status };
    return status;
  }

  // Detected within seconds even when nobody asks /api/health (logged loudly on every change).
  const watch = setInterval(() => check(), 2 * PROBE_INTERVAL_MS);
  watch.unref();
  return {
    check,
    writable: () => sticky === null && !gone,
    close: () => clearInterval(watch),
  };
}
