/**
 * Issue 13 #5 — the join rate limit locked out the right code. Before: after 10 wrong codes from
 * one IP, the correct code got 429, so one bad client behind a county's NAT blocked every venue
 * there. Now wrong codes are limited per client IP and per code prefix, a valid code is never
 * refused, and the client IP behind a configured trusted proxy is the one it forwarded for.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX_BURST, CODE_PREFIX_LENGTH } from '../../server/auth/join-guard.ts';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, report, type HealthBaseline } from './harness.ts';

const BURST = 10;

async function joinFrom(url: string, ip: string, code: string): Promise<{ status: number; retryAfter: string | null }> {
  const r = await fetch(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ code }) });
  await r.arrayBuffer();
  return { status: r.status, retryAfter: r.headers.get('retry-after') };
}

const randomCode = () => randomBytes(15).toString('base64url');

describe('wrong join codes', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess({ env: { LUOSHI_JOIN_BURST: String(BURST), LUOSHI_JOIN_REFILL_S: '3600', LUOSHI_TRUSTED_PROXIES: '127.0.0.1' } });
    meeting = await createAbuseMeeting(server.url, 3, 0);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('from one client are limited, and the right code from the same address still joins', async () => {
    const statuses: number[] = [];
    let last: { status: number; retryAfter: string | null } | null = null;
    for (let i = 0; i < BURST + 3; i++) {
      last = await joinFrom(server.url, '10.5.0.1', randomCode());
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(BURST).fill(404), 429, 429, 429]);
    expect(Number(last?.retryAfter)).toBeGreaterThan(0);
    // The county's other venues behind the same NAT address: the right code joins.
    expect((await joinFrom(server.url, '10.5.0.1', meeting.venueCodes[0] ?? '')).status).toBe(200);
    // Another client is not affected by this one's guesses.
    expect((await joinFrom(server.url, '10.5.0.2', randomCode())).status).toBe(404);
  });

  it('around one code prefix are limited across addresses, and that code still joins', async () => {
    const real = meeting.venueCodes[1] ?? '';
    const prefix = real.slice(0, CODE_PREFIX_LENGTH);
    const statuses: number[] = [];
    for (let i = 0; i < PREFIX_BURST + 3; i++) statuses.push((await joinFrom(server.url, `10.5.1.${i}`, prefix + randomCode().slice(CODE_PREFIX_LENGTH))).status);
    expect(statuses).toEqual([...Array(PREFIX_BURST).fill(404), 429, 429, 429]);
    expect((await joinFrom(server.url, '10.5.1.200', real)).status).toBe(200);
  });

  it('from many clients at once keep the server responsive and bounded', async () => {
    const run = await measureAttack(server, { kind: 'join-guess', url: server.url, durationMs: 3000, clients: 50 });
    report('join guessing', run);
    expectBounded(run, baseline);
    expect(run.attack.status404).toBeGreaterThan(0);
    expect(run.attack.status500 ?? 0).toBe(0);
  });
});
