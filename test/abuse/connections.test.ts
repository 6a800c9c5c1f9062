/**
 * Issue 13 #4 — idle connections never closed, no caps. Before: 1,000 silent TCP connections were
 * still open after 332 s, and one venue token opened 1,000 sockets. Now: idle connections (no
 * request in progress) close after LUOSHI_IDLE_TIMEOUT_S, a connection that does not authenticate
 * within it is closed too, and sockets are capped per session and per client IP.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRaw, openRawSocket } from '../../server/cli/lib/abuse/raw-socket.ts';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, report, type HealthBaseline } from './harness.ts';

const IDLE_S = 2;
const PER_SESSION = 8;
const PER_IP = 20;

describe('connections', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess({
      env: {
        LUOSHI_IDLE_TIMEOUT_S: String(IDLE_S),
        LUOSHI_MAX_SOCKETS_PER_SESSION: String(PER_SESSION),
        LUOSHI_MAX_SOCKETS_PER_IP: String(PER_IP),
        // Loopback is the "proxy", so each test client can be its own address (X-Forwarded-For).
        LUOSHI_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    meeting = await createAbuseMeeting(server.url, 2, 2);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('closes TCP connections that never send a request after the idle timeout', async () => {
    const run = await measureAttack(server, { kind: 'silent-tcp', url: server.url, connections: 500, waitMs: IDLE_S * 1000 + 4000 });
    report('silent tcp', run);
    expectBounded(run, baseline);
    expect(run.attack.stillOpen).toBe(0);
    expect(run.attack.closedByServer).toBe(500);
    expect(run.attack.lastClosedMs).toBeGreaterThanOrEqual(IDLE_S * 1000 - 100);
  });

  it('closes a socket that upgrades but never authenticates', async () => {
    const s = await openRawSocket({ url: server.url, headers: { 'x-forwarded-for': '10.4.0.1' } });
    const t0 = Date.now();
    await s.whenClosed;
    expect(Date.now() - t0).toBeLessThan(IDLE_S * 1000 + 3000);
    s.destroy();
  });

  it(`admits at most ${PER_SESSION} sockets for one venue session; the others are refused with overloaded`, async () => {
    const token = meeting.venues[0]?.token ?? '';
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Promise<{ ok: boolean; code?: string; close: () => void }>((resolve) => {
          const s = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': `10.4.1.${i}` } });
          s.once('connect', () => resolve({ ok: true, close: () => s.disconnect() }));
          s.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve({ ok: false, code: err.data?.code ?? err.message, close: () => s.disconnect() }));
        }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(PER_SESSION);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.code)).toEqual(Array(20 - PER_SESSION).fill('overloaded'));
    for (const o of outcomes) o.close();
  });

  it(`admits at most ${PER_IP} connections from one client address, while another address still connects`, async () => {
    const from = (ip: string) => openRawSocket({ url: server.url, headers: { 'x-forwarded-for': ip } });
    const attempts = await Promise.allSettled(Array.from({ length: PER_IP + 5 }, () => from('10.4.2.1')));
    const opened = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    expect(opened).toHaveLength(PER_IP);
    expect(attempts.filter((a) => a.status === 'rejected')).toHaveLength(5);
    // Another client (another county) is not affected.
    const other = await connectRaw(server.url, meeting.venues[1]?.token ?? '', { 'x-forwarded-for': '10.4.2.2' });
    expect(other.closed).toBe(false);
    for (const s of [...opened, other]) s.destroy();
  });
});
