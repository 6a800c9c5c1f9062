/**
 * Issue 13 #2 — a cost-blind command budget. Before: 50 venues sending `sync {lastSeq: null}` got
 * 311 full snapshots a second and health p50 went to 8.7 s; unknown events were answered without
 * any budget. Now a snapshot costs what it is worth (built once per sequence number and shared),
 * and every message, known or not, pays into the same per-socket budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_BURST, COMMAND_RATE_PER_S, SNAPSHOT_COST } from '../../server/realtime/command.ts';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, report, type HealthBaseline } from './harness.ts';

const VENUES = 50;
const DURATION_MS = 4000;

describe('fifty venues flooding sync and unknown events', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess();
    // 2000 venues in the meeting: every snapshot is ~350 KB.
    meeting = await createAbuseMeeting(server.url, 2000, VENUES);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('get a snapshot each and then what their budget allows, while health stays fast', async () => {
    const run = await measureAttack(server, { kind: 'snapshot-flood', url: server.url, tokens: meeting.venues.map((v) => v.token), durationMs: DURATION_MS });
    report('snapshot flood', run);
    expectBounded(run, baseline);
    // What the budget allows at most: the burst, then the refill, per socket (the wall time of the
    // attack, connecting included, bounds the refill).
    const perSocket = Math.floor((COMMAND_BURST + (run.wallMs / 1000) * COMMAND_RATE_PER_S) / SNAPSHOT_COST);
    expect(run.attack.snapshots).toBeGreaterThanOrEqual(VENUES);
    expect(run.attack.snapshots).toBeLessThanOrEqual(VENUES * perSocket);
    expect(run.attack.overloaded).toBeGreaterThan(0);
    // Unknown events pay too: once the budget is spent they are refused like any command (the
    // attacker sends them in bursts larger than the budget when answers alone cannot outrun the refill).
    expect(run.attack.unknownOverloaded).toBeGreaterThan(0);
    expect(run.attack.unknownUnanswered).toBe(0);
    // A socket that keeps asking after MAX_REFUSED_PER_WINDOW refusals is dropped as a flood.
    expect(run.attack.disconnected).toBeLessThanOrEqual(VENUES);
    expect(run.attack.cutOff).toBeLessThanOrEqual(run.attack.disconnected ?? 0);
  });
});
