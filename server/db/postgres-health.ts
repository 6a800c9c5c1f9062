/**
 * Storage health on PostgreSQL: the `storage_probe` row is rewritten in the background every
 * PROBE_INTERVAL_MS and `check()` (synchronous, for the health route) returns the last result.
 * A probe that has not answered within PROBE_TIMEOUT_MS counts as failing: an unreachable server
 * may leave a connection attempt hanging for minutes. There is no file to watch: a lost server
 * shows as failing writes, which the store reports as `storage_unavailable` by itself.
 */
import type { Database } from './database.ts';
import { errorCode, logTransition, probe, PROBE_INTERVAL_MS, type StorageHealth, type StorageLog, type StorageStatus } from './storage-health.ts';

/** A probe still running after this long reports the database failing, ms. */
export const PROBE_TIMEOUT_MS = 5000;

const OK: StorageStatus = { ok: true, state: 'ok' };

function failing(code: string): StorageStatus {
  const state = code === '25006' ? 'read_only' : 'failing';
  return { ok: false, state, error: code, action: 'the database cannot be reached or written: check the PostgreSQL server, the network and the disk; unsaved transcript is kept and retried' };
}

export function createPostgresHealth(database: Database, log: StorageLog, options: { intervalMs?: number; timeoutMs?: number } = {}): StorageHealth {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  // Start-up wrote the probe (openWritable), so the first verdict is ok.
  let status: StorageStatus = OK;
  let pendingSinceMs: number | null = null;
  let closed = false;

  const set = (next: StorageStatus) => {
    if (closed) return; // a probe cut short by the pool closing says nothing about the database
    logTransition(log, database.target, status, next);
    status = next;
  };
  const overdue = (nowMs: number) => pendingSinceMs !== null && nowMs - pendingSinceMs > timeoutMs;

  async function run(): Promise<void> {
    pendingSinceMs = Date.now();
    try {
      await probe(database, pendingSinceMs);
      set(OK);
    } catch (err) {
      set(failing(errorCode(err) || (err instanceof Error ? err.message.slice(0, 100) : 'unknown')));
    } finally {
      pendingSinceMs = null;
    }
  }

  // One probe at a time: a hanging one is reported by its age, not joined by more.
  const timer = setInterval(() => {
    if (pendingSinceMs === null) void run();
    else if (overdue(Date.now()) && status.ok) set(failing('timeout'));
  }, options.intervalMs ?? PROBE_INTERVAL_MS);
  timer.unref();
  return {
    check(nowMs = Date.now()) {
      if (overdue(nowMs) && status.ok) set(failing('timeout'));
      return status;
    },
    writable: () => true,
    close: () => {
      closed = true;
      clearInterval(timer);
    },
  };
}
