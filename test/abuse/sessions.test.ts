/**
 * Issue 13 #6 — expired tokens kept receiving events, and codes could not be rotated. Now a
 * socket is told (`session:ended`) and disconnected when its token expires — clients renew it
 * silently (`session:renew`) while their code is valid — and the host rotates or revokes a
 * venue's code: every session from the old code ends at once, on sockets and REST alike.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeActionReply, JoinReply } from '../../shared/protocol/rest.ts';
import type { ClientToServerEvents, MeetingSnapshot, ServerToClientEvents, SessionClaims } from '../../shared/protocol/socket.ts';
import { signSession } from '../../server/auth/session-token.ts';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack, measureWhile } from '../../server/cli/lib/abuse/measure.ts';
import { ABUSE_SECRET, startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { expectBounded, idleHealth, report, type HealthBaseline } from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Watched {
  socket: Client;
  ended: Promise<string>;
  disconnected: Promise<string>;
  titles: string[];
}

async function connect(url: string, token: string): Promise<Watched> {
  const socket: Client = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const titles: string[] = [];
  socket.on('meeting:event', (e) => {
    if (e.type === 'meeting:updated') titles.push(e.payload.meeting.title);
  });
  const ended = new Promise<string>((resolve) => socket.on('session:ended', (info) => resolve(info.reason)));
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, ended, disconnected, titles };
}

async function rest<T>(url: string, method: string, route: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(url + route, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The same session, signed to expire in `seconds`. */
const shortLived = (session: SessionClaims, seconds: number) => signSession({ ...session, exp: Math.floor(Date.now() / 1000) + seconds }, ABUSE_SECRET);

/** Venues of the many-sessions test: the first ROTATED have their code rotated, the rest expire. */
const CHURN_VENUES = 40;
const ROTATED = 8;

describe('sessions', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess({ env: { LUOSHI_TOKEN_TTL_S: '600' } });
    // Venues 0–3 for the single-session tests, the rest for the many-sessions one.
    meeting = await createAbuseMeeting(server.url, 4 + CHURN_VENUES, 4 + CHURN_VENUES);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  /** Run one scenario with health and memory measured, and hold it to the suite's bounds. */
  async function bounded(name: string, scenario: () => Promise<void>): Promise<void> {
    const run = await measureWhile(server, async () => {
      await scenario();
      return {};
    });
    report(name, run);
    expectBounded(run, baseline);
  }

  it('end at token expiry: the socket is told and disconnected, and receives nothing after', () => bounded('session expiry', async () => {
    const venue = meeting.venues[0] as JoinReply;
    const w = await connect(server.url, shortLived(venue.session, 2));
    expect(await w.ended).toBe('expired');
    expect(await w.disconnected).toBe('io server disconnect');
    const patched = await rest(server.url, 'PATCH', `/api/meetings/${meeting.meetingId}`, meeting.host.token, { title: '过期之后的标题' });
    expect(patched.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.titles).not.toContain('过期之后的标题');
  }));

  it('many expiring and rotated while connected all end, receive nothing after, and the server stays bounded', async () => {
    const run = await measureAttack(server, {
      kind: 'session-churn', url: server.url, secret: ABUSE_SECRET, tokens: meeting.venues.slice(4).map((v) => v.token),
      hostToken: meeting.host.token, meetingId: meeting.meetingId, ttlS: 2, rotate: ROTATED,
    });
    report('sessions expiring and rotated', run);
    expectBounded(run, baseline);
    expect(run.attack).toMatchObject({ sockets: CHURN_VENUES, rotated: ROTATED, revoked: ROTATED, expired: CHURN_VENUES - ROTATED, notEnded: 0, eventsAfterEnd: 0 });
  });

  it('are renewed silently while the code is valid: the socket lives on past the old expiry', () => bounded('session renewal', async () => {
    const venue = meeting.venues[1] as JoinReply;
    const w = await connect(server.url, shortLived(venue.session, 2));
    const renewed = await w.socket.timeout(5000).emitWithAck('session:renew', {});
    if (!renewed.ok) throw new Error(renewed.error.code);
    expect(renewed.data.session.exp).toBeGreaterThan(Math.floor(Date.now() / 1000) + 500);
    // The new token works on REST too.
    expect((await rest<{ session: SessionClaims }>(server.url, 'GET', '/api/session', renewed.data.token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.socket.connected).toBe(true);
    expect((await rest(server.url, 'PATCH', `/api/meetings/${meeting.meetingId}`, meeting.host.token, { title: '续期之后的标题' })).status).toBe(200);
    await expect.poll(() => w.titles).toContain('续期之后的标题');
    w.socket.disconnect();
  }));

  it('end when the host rotates the venue code: old code and token refused, the new code joins', () => bounded('code rotation', async () => {
    const venue = meeting.venues[2] as JoinReply;
    const oldCode = meeting.venueCodes[2] ?? '';
    const w = await connect(server.url, venue.token);
    const r = await rest<CodeActionReply>(server.url, 'POST', `/api/meetings/${meeting.meetingId}/venues/${venue.venue.id}/code`, meeting.host.token, { action: 'rotate' });
    expect(r.status).toBe(200);
    expect(r.body.endedSockets).toBe(1);
    expect(await w.ended).toBe('revoked');
    const newCode = r.body.entry.code ?? '';
    expect(newCode).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(newCode).not.toBe(oldCode);
    expect((await rest(server.url, 'GET', '/api/session', venue.token)).status).toBe(401);
    expect((await rest(server.url, 'POST', '/api/join', '', { code: oldCode })).status).toBe(404);
    const rejoined = await rest<JoinReply>(server.url, 'POST', '/api/join', '', { code: newCode });
    expect(rejoined.status).toBe(200);
    expect(rejoined.body.venue.id).toBe(venue.venue.id);
  }));

  it('end when the host revokes the code; a host that joined by code cannot lock out the other code holders', () => bounded('code revocation', async () => {
    const venue = meeting.venues[3] as JoinReply;
    const w = await connect(server.url, venue.token);
    const r = await rest<CodeActionReply>(server.url, 'POST', `/api/meetings/${meeting.meetingId}/venues/${venue.venue.id}/code`, meeting.host.token, { action: 'revoke' });
    expect(r.status).toBe(200);
    expect(r.body.entry.code).toBeNull();
    expect(await w.ended).toBe('revoked');
    expect((await rest(server.url, 'POST', '/api/join', '', { code: meeting.venueCodes[3] })).status).toBe(404);
    const snapshot = await rest<MeetingSnapshot>(server.url, 'GET', `/api/meetings/${meeting.meetingId}/snapshot`, venue.token);
    expect(snapshot.status).toBe(401);
    const mainVenue = meeting.host.venue.id;
    const hostCode = await rest(server.url, 'POST', `/api/meetings/${meeting.meetingId}/venues/${mainVenue}/code`, meeting.host.token, { action: 'rotate', role: 'host' });
    expect(hostCode.status).toBe(403);
    const byVenue = await rest(server.url, 'POST', `/api/meetings/${meeting.meetingId}/venues/${venue.venue.id}/code`, meeting.venues[0]?.token ?? '', { action: 'rotate' });
    expect(byVenue.status).toBe(403);
  }));
});
