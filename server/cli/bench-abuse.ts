/**
 * npm run bench:abuse [-- --only slow-reader,snapshot-flood] [--root DIR]
 *
 * The attacks of issue 13 (#1 slow consumers, #2 cost-blind commands, #3 deep JSON, #4 silent
 * connections, #5 join-code guessing, #6 sessions expiring and rotated while connected, #7 the
 * database file deleted or unwritable at runtime, #8 prototype-key requests) against the real
 * server as a child process on loopback,
 * each in its own attacker process, while the health route is probed sequentially and the
 * server's resident memory sampled. Prints JSON: per attack the health latency and RSS growth,
 * against a same-run baseline of the same server idle; core count and load average included
 * (the machine is shared, timings are noisy). `--root DIR` runs another checkout of the server
 * (e.g. the commit before the fixes) with the same attacks.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createAbuseMeeting } from './lib/abuse/fixture.ts';
import { idleBaseline, measureAttack, type AttackRun } from './lib/abuse/measure.ts';
import { ABUSE_SECRET, startServerProcess, type ServerProcess } from './lib/abuse/server-process.ts';
import type { AttackSpec } from './lib/abuse/attacks.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: '' },
    root: { type: 'string' },
    'baseline-ms': { type: 'string', default: '3000' },
  },
});
const only = new Set(values.only ? values.only.split(',') : []);
const BASELINE_MS = Number(values['baseline-ms']);

const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

interface Scenario {
  name: string;
  defect: number;
  env?: Record<string, string>;
  /** Venues in the meeting, venues joined, re-imports (a long event log). */
  meeting: [number, number];
  spec: (server: ServerProcess, tokens: { venues: string[]; host: string; meetingId: string }) => AttackSpec;
  /** Stop the attack early once this holds (an outcome the server logs); it is bounded by count otherwise. */
  stopWhen?: (server: ServerProcess) => boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'slow-reader', defect: 1, meeting: [2000, 4], env: { LUOSHI_MAX_SEND_BUFFER_KB: '512' },
    spec: (s, t) => ({ kind: 'slow-reader', url: s.url, token: t.venues[0] ?? '', sockets: 4, durationMs: 5000, pongs: true, lastSeq: null }),
  },
  {
    name: 'slow-reader-sync-flood', defect: 1, meeting: [2000, 4], env: { LUOSHI_MAX_SEND_BUFFER_KB: '512' },
    spec: (s, t) => ({ kind: 'slow-reader', url: s.url, token: t.venues[1] ?? '', sockets: 4, durationMs: 5000, pongs: false, lastSeq: null }),
  },
  {
    name: 'frozen-venue', defect: 1, meeting: [2000, 4], env: { LUOSHI_MAX_SEND_BUFFER_KB: '512' },
    spec: (s, t) => ({ kind: 'frozen-venue', url: s.url, venueToken: t.venues[2] ?? '', hostToken: t.host, meetingId: t.meetingId, venues: 2000, maxImports: 80 }),
    stopWhen: (s) => s.output().includes('"reason":"slow_consumer"'),
  },
  {
    name: 'snapshot-flood', defect: 2, meeting: [2000, 50],
    spec: (s, t) => ({ kind: 'snapshot-flood', url: s.url, tokens: t.venues, durationMs: 5000 }),
  },
  {
    name: 'deep-json', defect: 3, meeting: [1, 1],
    spec: (s) => ({ kind: 'deep-json', url: s.url, durationMs: 4000, concurrency: 6, depth: 480_000 }),
  },
  {
    name: 'silent-tcp', defect: 4, meeting: [1, 1], env: { LUOSHI_IDLE_TIMEOUT_S: '2' },
    spec: (s) => ({ kind: 'silent-tcp', url: s.url, connections: 1000, waitMs: 8000 }),
  },
  {
    name: 'join-guess', defect: 5, meeting: [3, 0], env: { LUOSHI_TRUSTED_PROXIES: '127.0.0.1' },
    spec: (s) => ({ kind: 'join-guess', url: s.url, durationMs: 4000, clients: 50 }),
  },
  {
    name: 'session-churn', defect: 6, meeting: [40, 40], env: { LUOSHI_TOKEN_TTL_S: '600' },
    spec: (s, t) => ({ kind: 'session-churn', url: s.url, secret: ABUSE_SECRET, tokens: t.venues, hostToken: t.host, meetingId: t.meetingId, ttlS: 2, rotate: 8 }),
  },
  {
    name: 'database-read-only', defect: 7, meeting: [2, 0],
    spec: (s, t) => ({ kind: 'storage-failure', url: s.url, dataFile: s.dataFile, mode: 'read-only', hostToken: t.host, meetingId: t.meetingId }),
  },
  {
    name: 'database-deleted', defect: 7, meeting: [2, 0],
    spec: (s, t) => ({ kind: 'storage-failure', url: s.url, dataFile: s.dataFile, mode: 'deleted', hostToken: t.host, meetingId: t.meetingId }),
  },
  {
    name: 'prototype-keys', defect: 8, meeting: [2, 0],
    spec: (s, t) => ({ kind: 'prototype-keys', url: s.url, hostToken: t.host, meetingId: t.meetingId, rounds: 40 }),
  },
];

function brief(run: AttackRun) {
  const { p50, p95, p99, max, count, failures } = run.health;
  return { health: { p50, p95, p99, max, count, failures }, rssBeforeMb: Math.round(run.rssBeforeBytes / 2 ** 20), rssGrowthMb: run.rssGrowthMb, wallMs: run.wallMs, attack: run.attack };
}

async function main(): Promise<void> {
  const startLoad = load();
  const results: Record<string, unknown>[] = [];
  let baseline: Record<string, unknown> | null = null;
  for (const scenario of SCENARIOS) {
    if (only.size > 0 && !only.has(scenario.name)) continue;
    const server = await startServerProcess({ ...(scenario.env ? { env: scenario.env } : {}), ...(values.root ? { root: values.root } : {}) });
    try {
      const m = await createAbuseMeeting(server.url, scenario.meeting[0], scenario.meeting[1]);
      if (!baseline) {
        // The same server build, set up like the first attack's, with nobody attacking it.
        const health = await idleBaseline(server.url, BASELINE_MS);
        baseline = { health: { p50: health.p50, p95: health.p95, p99: health.p99, max: health.max, count: health.count, failures: health.failures }, rssMb: Math.round(server.rssBytes() / 2 ** 20) };
      }
      const { stopWhen } = scenario;
      const run = await measureAttack(server, scenario.spec(server, { venues: m.venues.map((v) => v.token), host: m.host.token, meetingId: m.meetingId }), stopWhen ? { stopWhen: () => stopWhen(server) } : {});
      results.push({ name: scenario.name, defect: scenario.defect, load: load(), ...brief(run), serverAlive: server.rssBytes() > 0 });
    } catch (err) {
      results.push({ name: scenario.name, defect: scenario.defect, error: err instanceof Error ? err.message : String(err) });
    } finally {
      await server.kill();
    }
  }
  process.stdout.write(
    JSON.stringify({
      bench: 'abuse',
      cores: os.cpus().length,
      node: process.version,
      root: values.root ?? null,
      loadBefore: startLoad,
      loadAfter: load(),
      baselineIdle: baseline,
      attacks: results,
    }, null, 2) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:abuse failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
