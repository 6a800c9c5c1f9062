/**
 * The databases a test can run on: SQLite always; PostgreSQL when LUOSHI_TEST_POSTGRES_URL names
 * a server whose user may create databases (CI starts one). Every `freshDatabaseUrl` is a new,
 * empty database, dropped by `dropDatabases` — tests never share state through it.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { Dialect } from '../../server/db/database.ts';

export const POSTGRES_URL = process.env.LUOSHI_TEST_POSTGRES_URL ?? '';

/** The dialects this run covers; CI sets the URL, so there PostgreSQL is never silently skipped. */
export const TEST_DIALECTS: Dialect[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (process.env.CI === 'true' && !POSTGRES_URL) throw new Error('CI must set LUOSHI_TEST_POSTGRES_URL (.ci/run starts PostgreSQL)');

const created = new Set<string>();

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty PostgreSQL database on the test server; returns its URL. */
export async function freshDatabaseUrl(): Promise<string> {
  if (!POSTGRES_URL) throw new Error('LUOSHI_TEST_POSTGRES_URL is not set');
  const name = `luoshi_t_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.add(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drop every database this process created (call after closing their pools). */
export async function dropDatabases(): Promise<void> {
  if (created.size === 0) return;
  const names = [...created];
  created.clear();
  await admin(async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}
