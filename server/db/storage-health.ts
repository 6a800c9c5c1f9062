/**
 * Is the database still where it was and still writable? Storage failures must be loud: the
 * health route reports them (503), writes are refused with `storage_unavailable` while the file
 * is gone (they would land in an unlinked file and vanish), and start-up refuses a file it
 * cannot write.
 *
 * - Write probe: one row of `storage_probe` rewritten, at most once per PROBE_INTERVAL_MS.
 * - Identity: the file's (device, inode) at open; a missing or different file is detected.
 *   A deleted file is restored from the open connection (`VACUUM INTO` its path), so nothing
 *   stored is lost; the process keeps refusing writes until it is restarted on the restored file.
 */
import fs from 'node:fs';
import type { Db } from './database.ts';

/** The probe writes at most this often; health checks in between reuse its result, ms. */
export const PROBE_INTERVAL_MS = 1000;

export type StorageState = 'ok' | 'read_only' | 'missing' | 'replaced' | 'failing';

export interface StorageStatus {
  ok: boolean;
  state: StorageState;
  /** SQLite error code of the last failed probe (e.g. SQLITE_READONLY), if any. */
  error?: string;
  /** What the operator must do, in English (logs and the health JSON). */
  action?: string;
}

export interface StorageLog {
  error(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface StorageHealth {
  /** Current status (probes when the last probe is older than PROBE_INTERVAL_MS). */
  check(nowMs?: number): StorageStatus;
  /** False once the file was deleted or replaced: writes would be lost, so they are refused. */
  writable(): boolean;
}

/** A storage-level SQLite failure (as opposed to a constraint or a bug)? */
export function isStorageError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  return /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED|PROTOCOL|PERM)/.test(code);
}

export class StorageError extends Error {}

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

/** Rewrite the probe row; throws the SQLite error when the database cannot be written. */
function probe(db: Db, nowMs: number): void {
  db.prepare('INSERT INTO storage_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(new Date(nowMs).toISOString());
}

/** The start-up refusal for a database file that cannot be written, naming the file and the fix. */
export function unwritableError(file: string, err: unknown): StorageError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown';
  return new StorageError(`database ${file} cannot be written (${code}): check the file and its folder are writable by this user and the disk is not full or read-only`);
}

/**
 * Open the database for the server: a file that cannot be written (read-only file or folder,
 * read-only mount, full disk) is refused with `unwritableError`, whether SQLite fails while
 * opening it (WAL needs to write) or only at the first write.
 */
export function openWritable(file: string, open: (file: string) => Db): Db {
  let db: Db;
  try {
    db = open(file);
  } catch (err) {
    if (isStorageError(err)) throw unwritableError(file, err);
    throw err;
  }
  try {
    assertWritable(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Start-up check: the database (already open and migrated) must take a write. Throws a
 * StorageError naming the file otherwise (a read-only file, a read-only mount, a full disk).
 */
export function assertWritable(db: Db, file: string): void {
  try {
    probe(db, Date.now());
  } catch (err) {
    throw unwritableError(file, err);
  }
}

export function createStorageHealth(db: Db, file: string, log: StorageLog): StorageHealth {
  const inMemory = file === ':memory:';
  const opened = inMemory ? null : identity(file);
  let sticky: StorageStatus | null = null;
  let last: { atMs: number; status: StorageStatus } | null = null;

  function run(nowMs: number): StorageStatus {
    if (sticky) return sticky;
    if (!inMemory && opened) {
      const now = identity(file);
      if (!now) {
        sticky = restore();
        return sticky;
      }
      if (now.dev !== opened.dev || now.ino !== opened.ino) {
        sticky = { ok: false, state: 'replaced', action: 'the database file was replaced while running: restart the server' };
        log.error({ file, state: 'replaced' }, 'database file replaced while running; writes refused until restart');
        return sticky;
      }
    }
    try {
      probe(db, nowMs);
      return { ok: true, state: 'ok' };
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown';
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

  return {
    check(nowMs = Date.now()) {
      if (last && nowMs - last.atMs < PROBE_INTERVAL_MS) return last.status;
      const status = run(nowMs);
      if (last && last.status.ok !== status.ok) {
        if (status.ok) log.info({ file, state: status.state }, 'database writable again');
        else log.error({ file, state: status.state, error: status.error }, 'database cannot be written');
      } else if (!last && !status.ok) log.error({ file, state: status.state, error: status.error }, 'database cannot be written');
      last = { atMs: nowMs, status };
      return status;
    },
    writable: () => sticky === null,
  };
}
