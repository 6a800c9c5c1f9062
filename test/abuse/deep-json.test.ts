/**
 * Issue 13 #3 — deep JSON blocks the event loop. Before: 960 KB of `[[[…]]]` to /api/join or in
 * an unauthenticated socket's CONNECT cost ~200 ms of parsing each, and a few at a time pushed
 * health p99 past 4 s. Now the unauthenticated routes have small body limits, every JSON body's
 * nesting is checked before parsing, and socket packets are checked before socket.io parses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepJson } from '../../server/cli/lib/abuse/attacks.ts';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, report, type HealthBaseline } from './harness.ts';

describe('deeply nested JSON', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess();
    meeting = await createAbuseMeeting(server.url, 1, 1);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('to /api/join, the login and a socket CONNECT is refused before parsing, and health stays fast', async () => {
    const run = await measureAttack(server, { kind: 'deep-json', url: server.url, durationMs: 3000, concurrency: 6, depth: 480_000 });
    report('deep json', run);
    expectBounded(run, baseline);
    // Only refusals: 413 (over the route's body limit) or 400; no request was parsed.
    const answered = Object.entries(run.attack).filter(([k]) => k.startsWith('status'));
    expect(answered.length).toBeGreaterThan(0);
    for (const [status] of answered) expect(['status413', 'status400']).toContain(status);
    expect(run.attack.socketsClosed).toBeGreaterThan(0);
    expect(run.attack.socketsAccepted ?? 0).toBe(0);
  });

  it('within the body limit of an authenticated route is a 400 bad_request, not a parse', async () => {
    const r = await fetch(`${server.url}/api/meetings/${meeting.meetingId}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${meeting.host.token}` },
      body: `{"title":${deepJson(200_000)}}`,
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });
});
