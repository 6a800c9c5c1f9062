/**
 * What the abuse suite and bench:abuse measure while an attack runs: the server's health
 * latency (sequential GET /api/health, so a blocked event loop shows as a long sample), its
 * resident memory, and the attack itself in a child process.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { summarise, type LatencySummary } from '../stats.ts';
import type { AttackerMessage } from './attacker.ts';
import type { AttackResult, AttackSpec } from './attacks.ts';
import type { ServerProcess } from './server-process.ts';

/** Pause between health requests, ms. */
const PROBE_GAP_MS = 25;

/** Health samples a measurement has at least: a short scenario is probed a little beyond its end. */
const MIN_HEALTH_SAMPLES = 10;
/** …but not longer than this after it, ms. */
const MIN_SAMPLES_WAIT_MS = 5000;

/** Health latency while running; `stop()` summarises it (failed requests count as their time to fail). */
export function startHealthProbe(url: string): { count(): number; stop(): Promise<LatencySummary & { failures: number }> } {
  const samples: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
        await r.arrayBuffer();
        if (!r.ok) failures += 1;
      } catch {
        failures += 1;
      }
      samples.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
    }
  })();
  return {
    count: () => samples.length,
    async stop() {
      running = false;
      await loop;
      return { ...summarise(samples), failures };
    },
  };
}

/** Highest resident memory seen while running, sampled every 100 ms. */
export function startRssSampler(server: ServerProcess): { stop(): number } {
  let max = server.rssBytes();
  const timer = setInterval(() => {
    try {
      max = Math.max(max, server.rssBytes());
    } catch {
      // the process ended
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}

/** How often `stopWhen` is asked, ms. */
const STOP_POLL_MS = 100;

/**
 * Run one attack in a child process; resolves with its counts. `stopWhen` (polled every
 * STOP_POLL_MS): once true, the attack is told to stop early (an outcome seen by the measuring
 * side, e.g. the server's log); it still ends by its own bounds otherwise.
 */
export function runAttackInChild(spec: AttackSpec, stopWhen?: () => boolean): Promise<AttackResult> {
  const child = fork(path.join(import.meta.dirname, 'attacker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const poll = stopWhen
    ? setInterval(() => {
        if (!stopWhen()) return;
        clearInterval(poll);
        child.send({ type: 'stop' });
      }, STOP_POLL_MS)
    : undefined;
  return new Promise<AttackResult>((resolve, reject) => {
    child.on('message', (m: AttackerMessage) => {
      child.kill();
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(`attack ${spec.kind} failed: ${m.message}`));
    });
    child.once('exit', (code) => reject(new Error(`attacker exited with ${code}`)));
    child.send({ type: 'run', spec });
  }).finally(() => clearInterval(poll));
}

/** Everything measured about one attack. */
export interface AttackRun {
  attack: AttackResult;
  health: LatencySummary & { failures: number };
  rssBeforeBytes: number;
  rssMaxBytes: number;
  rssGrowthMb: number;
  wallMs: number;
}

/**
 * Baseline memory, then `run` with the health probe and RSS sampler going. For scenarios driven
 * from the measuring process itself (a few sockets and requests, not a flood).
 */
export async function measureWhile(server: ServerProcess, run: () => Promise<AttackResult>): Promise<AttackRun> {
  const rssBeforeBytes = server.rssBytes();
  const rss = startRssSampler(server);
  const probe = startHealthProbe(server.url);
  const t0 = Date.now();
  try {
    const attack = await run();
    const wallMs = Date.now() - t0;
    const waitUntil = Date.now() + MIN_SAMPLES_WAIT_MS;
    while (probe.count() < MIN_HEALTH_SAMPLES && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
    const health = await probe.stop();
    const rssMaxBytes = rss.stop();
    return { attack, health, rssBeforeBytes, rssMaxBytes, rssGrowthMb: Math.round(((rssMaxBytes - rssBeforeBytes) / 2 ** 20) * 10) / 10, wallMs };
  } finally {
    // Stopped already on success (stop() again is harmless); on failure the probe must not keep running.
    rss.stop();
    await probe.stop();
  }
}

/** Baseline memory, then the attack (in its own process) with health probe and RSS sampler running. */
export function measureAttack(server: ServerProcess, spec: AttackSpec, options: { stopWhen?: () => boolean } = {}): Promise<AttackRun> {
  return measureWhile(server, () => runAttackInChild(spec, options.stopWhen));
}

/** Health latency of the idle server (the same-run baseline). */
export async function idleBaseline(url: string, durationMs: number): Promise<LatencySummary & { failures: number }> {
  const probe = startHealthProbe(url);
  await new Promise((r) => setTimeout(r, durationMs));
  return probe.stop();
}
