/**
 * PostgreSQL storage health without a PostgreSQL server: a refused connection and one that never
 * answers are what a lost database looks like. The probe runs in the background; check() stays
 * synchronous and reports the last result.
 */
import net from 'node:net';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, expect, it, vi } from 'vitest';
import type { Database } from './database.ts';
import { createPostgresHealth } from './postgres-health.ts';
import { openWritable, StorageError } from './storage-health.ts';
import { openDatabase } from './database.ts';

const closers: (() => Promise<void>)[] = [];
const silentClosers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of [...silentClosers.splice(0), ...closers.splice(0).reverse()]) await close();
});

function databaseAt(port: number): Database {
  const pool = new pg.Pool({ connectionString: `postgres://luoshi@127.0.0.1:${port}/luoshi` });
  pool.on('error', () => {});
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const database: Database = { dialect: 'postgres', kysely, sqlite: null, target: `postgres://luoshi@127.0.0.1:${port}/luoshi`, close: () => kysely.destroy() };
  closers.push(() => database.close());
  return database;
}

/**
 * A TCP port: `silent` accepts and never answers (closed after the test, before the pool, whose
 * end waits for the hanging connection); else nothing listens there.
 */
async function tcp(silent: boolean): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  if (silent) silentClosers.push(close);
  else await close();
  return port;
}

const logs = () => ({ error: vi.fn(), info: vi.fn() });

it('reports a database it cannot reach as failing, logged once, from the background probe', async () => {
  const log = logs();
  const health = createPostgresHealth(databaseAt(await tcp(false)), log, { intervalMs: 20 });
  closers.push(async () => health.close());
  expect(health.check()).toEqual({ ok: true, state: 'ok' });
  await expect.poll(() => health.check().state, { timeout: 5000 }).toBe('failing');
  expect(health.check()).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
  expect(health.writable()).toBe(true); // the database refuses writes itself; nothing to guard
  await new Promise((r) => setTimeout(r, 100));
  expect(log.error).toHaveBeenCalledTimes(1);
});

it('reports a probe that never answers as failing once it is older than the timeout', async () => {
  const log = logs();
  const health = createPostgresHealth(databaseAt(await tcp(true)), log, { intervalMs: 20, timeoutMs: 200 });
  closers.push(async () => health.close());
  await expect.poll(() => health.check(), { timeout: 5000 }).toMatchObject({ ok: false, state: 'failing', error: 'timeout' });
});

it('refuses to start on an unreachable server, naming it without its password', async () => {
  const port = await tcp(false);
  const err = await openWritable(`postgres://luoshi:s3cret@127.0.0.1:${port}/luoshi`, (target) => openDatabase(target)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StorageError);
  expect(String(err)).toContain(`database postgres://luoshi:***@127.0.0.1:${port}/luoshi cannot be opened (ECONNREFUSED)`);
  expect(String(err)).not.toContain('s3cret');
});
