/**
 * Shared by the abuse suite: the real server as a child process (server/cli/lib/abuse), the
 * bounds every attack must stay within, and a line of figures per attack (with the load
 * average, since timings on a shared 2-core machine are noisy).
 *
 * Bounds, measured in each test's own run:
 * - health p99 (sequential GET /api/health during the attack) under HEALTH_P99_BOUND_MS — before
 *   the fixes these attacks pushed it to 4–30 s (a blocked event loop: snapshot floods, deep
 *   JSON). Generous on purpose: on this shared 2-core machine at load 8–10 one sample of an
 *   otherwise fast run (p95 ~130 ms) reached 1.1 s, the process simply not being scheduled;
 * - resident memory growth of the server process under RSS_GROWTH_BOUND_MB — before, one
 *   non-reading venue grew it by 1–2 GB in five seconds.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import type { AttackRun } from '../../server/cli/lib/abuse/measure.ts';

export const HEALTH_P99_BOUND_MS = 2000;
export const RSS_GROWTH_BOUND_MB = 100;

/** Print the figures of one attack (vitest shows console output of the test file). */
export function report(name: string, run: AttackRun): void {
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(JSON.stringify({ name, load, ...run, health: { p50: run.health.p50, p99: run.health.p99, max: run.health.max, count: run.health.count, failures: run.health.failures } }));
}

/** The server stayed responsive and bounded through the attack. */
export function expectBounded(run: AttackRun, rssBoundMb = RSS_GROWTH_BOUND_MB): void {
  expect(run.health.count).toBeGreaterThan(3);
  expect(run.health.p99).toBeLessThan(HEALTH_P99_BOUND_MS);
  expect(run.rssGrowthMb).toBeLessThan(rssBoundMb);
}

/** Log lines (pino JSON) of the server whose `msg` is `message`. */
export function logLines(output: string, message: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(message))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === message);
}
