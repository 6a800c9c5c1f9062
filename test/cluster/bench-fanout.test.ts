/**
 * `bench:fanout -- --nodes 2` end to end, small: two Luoshi server processes on a fresh database
 * of the test PostgreSQL server and a fresh prefix of the test Redis, against two raw socket.io
 * processes over the same adapter. Checks completeness and the shape of the report, never speed.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'server/cli/bench-fanout.ts');
const POSTGRES_URL = process.env.LUOSHI_TEST_POSTGRES_URL ?? '';
const REDIS_URL = process.env.LUOSHI_TEST_REDIS_URL ?? '';

const VENUES = 50;
const ROUNDS = 4;
const WARMUP = 1;

interface Deliveries { expected: number; received: number; missing: number; duplicates: number }
interface Latency { count: number; p50: number; p99: number; max: number }
interface Report {
  nodes: number;
  venues: number;
  cores: number;
  perNode: { node: string; venues: number; latency: Latency }[];
  deliveries: Deliveries;
  p50: number;
  p99: number;
  max: number;
  baseline: { perNode: { venues: number; latency: Latency }[]; deliveries: Deliveries; p50: number; p99: number; max: number };
  ratioP99: number;
  everyVenueGotEveryBroadcast: boolean;
  scratch: { database: string; redisPrefix: string };
}

async function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, timeout: 280_000, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

it('--nodes 2 without PostgreSQL and Redis says what it needs', async () => {
  const { DATABASE_URL: _d, REDIS_URL: _r, ...env } = process.env;
  const { stderr, code } = await cli(['--nodes', '2', '--venues', '10'], env);
  expect(code).toBe(2);
  expect(stderr).toMatch(/needs PostgreSQL: --database postgres:/);
  expect(stderr).toMatch(/needs Redis: --redis redis:/);
}, 60_000);

describe.skipIf(!POSTGRES_URL || !REDIS_URL)('bench:fanout on two nodes', () => {
  it('every venue on either node gets every broadcast, and so does the raw baseline', async () => {
    const { stdout, stderr, code } = await cli([
      '--nodes', '2', '--venues', String(VENUES), '--rounds', String(ROUNDS), '--warmup', String(WARMUP),
      '--database', POSTGRES_URL, '--redis', REDIS_URL,
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Report;
    // Round 0 of each side plus the warm-up and measured rounds, at every venue.
    const expected = VENUES * (1 + WARMUP + ROUNDS);

    expect(report).toMatchObject({ nodes: 2, venues: VENUES, everyVenueGotEveryBroadcast: true });
    expect(report.cores).toBeGreaterThan(0);
    expect(report.deliveries).toMatchObject({ expected, received: expected, missing: 0, duplicates: 0 });
    expect(report.perNode).toHaveLength(2);
    expect(report.perNode.reduce((sum, n) => sum + n.venues, 0)).toBe(VENUES);
    expect(report.perNode.map((n) => n.venues)).toEqual([VENUES / 2, VENUES / 2]);
    for (const n of report.perNode) expect(n.latency.count).toBe(n.venues * ROUNDS);
    expect(report.p99).toBeGreaterThanOrEqual(report.p50);
    expect(report.max).toBeGreaterThanOrEqual(report.p99);

    expect(report.baseline.deliveries).toMatchObject({ expected, received: expected, missing: 0, duplicates: 0 });
    expect(report.baseline.perNode.map((n) => n.venues)).toEqual([VENUES / 2, VENUES / 2]);
    expect(report.baseline.perNode.reduce((sum, n) => sum + n.latency.count, 0)).toBe(VENUES * ROUNDS);
    expect(Number.isFinite(report.baseline.p99)).toBe(true);
    expect(Number.isFinite(report.ratioP99)).toBe(true);

    // The run's database and Redis keys are gone.
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [report.scratch.database]);
      expect(rows).toHaveLength(0);
    } finally {
      await admin.end();
    }
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const left: string[] = [];
      for await (const keys of redis.scanIterator({ MATCH: `${report.scratch.redisPrefix}*`, COUNT: 500 })) left.push(...keys);
      expect(left).toEqual([]);
    } finally {
      redis.destroy();
    }
  }, 300_000);
});
