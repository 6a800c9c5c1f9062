/**
 * Issue 13 #1 — unbounded memory from one slow venue. Before: a socket that stopped reading
 * while sending `sync` (and unsolicited engine.io pongs) grew the server by 1–2 GB in five
 * seconds, and health timed out. Now: replies cost budget, pongs nobody asked for drop the
 * connection, and what waits to be sent to one connection is capped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, logLines, report, type HealthBaseline } from './harness.ts';

/** Small on purpose: the frozen venue passes it within a few broadcasts. */
const SEND_BUFFER_KB = 512;
/**
 * Imports at most for the frozen venue (each broadcast to it is ~120 KB): loopback kernel buffers
 * absorb ~850 KB before the server's queue grows, so the drop comes after about a dozen, whatever
 * the machine's speed; the attack stops as soon as the server logs it.
 */
const MAX_IMPORTS = 80;

describe('a venue that stops reading', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess({ env: { LUOSHI_MAX_SEND_BUFFER_KB: String(SEND_BUFFER_KB) } });
    // 2000 venues: a snapshot of this meeting is ~350 KB of JSON.
    meeting = await createAbuseMeeting(server.url, 2000, 4);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('cannot grow the server by asking for snapshots it never reads, with pongs nobody asked for', async () => {
    const run = await measureAttack(server, {
      kind: 'slow-reader', url: server.url, token: meeting.venues[0]?.token ?? '', sockets: 4, durationMs: 4000, pongs: true, lastSeq: null,
    });
    report('slow-reader with unsolicited pongs', run);
    expectBounded(run, baseline);
    // Every such connection is dropped (the first unsolicited pong does it), and it says why.
    expect(run.attack.closedByServer).toBe(4);
    expect(logLines(server.output(), 'socket connection dropped').filter((l) => l.reason === 'unsolicited_pong').length).toBeGreaterThanOrEqual(4);
  });

  it('cannot grow the server by flooding sync without reading: the flood is refused, then dropped', async () => {
    const run = await measureAttack(server, {
      kind: 'slow-reader', url: server.url, token: meeting.venues[1]?.token ?? '', sockets: 4, durationMs: 5000, pongs: false, lastSeq: null,
    });
    report('slow-reader sync flood', run);
    expectBounded(run, baseline);
    expect(logLines(server.output(), 'socket disconnected: flooding').length).toBeGreaterThanOrEqual(1);
  });

  it('is dropped once what waits to be sent to it passes the cap, while the meeting goes on', async () => {
    const slowConsumerDrops = () => logLines(server.output(), 'socket connection dropped').filter((l) => l.reason === 'slow_consumer');
    const run = await measureAttack(server, {
      kind: 'frozen-venue', url: server.url, venueToken: meeting.venues[2]?.token ?? '', hostToken: meeting.host.token,
      meetingId: meeting.meetingId, venues: 2000, maxImports: MAX_IMPORTS,
    }, { stopWhen: () => slowConsumerDrops().length > 0 });
    report('frozen venue during venue imports', run);
    // The imports themselves (2000 rows each) are what costs memory here.
    expectBounded(run, baseline, 200);
    const drops = slowConsumerDrops();
    expect(drops.length).toBeGreaterThanOrEqual(1);
    expect(run.attack.closedByServer).toBe(1);
    expect(run.attack.imports).toBeLessThan(MAX_IMPORTS);
    // Measured by the sweep every 250 ms: at most a few broadcasts beyond the cap.
    expect(Number(drops[0]?.bufferedBytes)).toBeLessThan(SEND_BUFFER_KB * 1024 + 8 * 1024 * 1024);
  }, 240_000);
});
