/**
 * Organiser accounts over HTTP on the real server and SQLite: first organiser from the
 * environment or generated (and printed by `npm start`), login throttling per account and
 * source, expiry and logout, accounts, and opening one's own meetings without join codes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginReply, MeetingCreated, OrganiserAccount, JoinReply } from '../shared/protocol/index.ts';
import { freePort, kill, spawnServer } from './helpers/child-server.ts';
import { api, login, SAMPLE_MEETING, startServer, TEST_ADMIN, tempDataFile, type TestServer } from './helpers/server.ts';

type ErrorReply = { error: { code: string; message: string } };

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ createExtractor: null });
});
afterAll(async () => {
  await server.close();
});

describe('login', () => {
  it('logs the first organiser in from LUOSHI_ADMIN_*, and says who is logged in', async () => {
    const r = await login(server.url);
    expect(r.organiser).toMatchObject({ username: TEST_ADMIN.username, isAdmin: true, disabledAt: null });
    expect(Date.parse(r.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
    const me = await api<{ organiser: OrganiserAccount }>(server.url, 'GET', '/api/auth/me', undefined, r.token);
    expect(me.status).toBe(200);
    expect(me.body.organiser.username).toBe(TEST_ADMIN.username);
    expect(JSON.stringify(me.body)).not.toContain('scrypt');
  });

  it('answers wrong passwords and unknown users alike, and validates the body', async () => {
    const wrong = await api<ErrorReply>(server.url, 'POST', '/api/auth/login', { username: TEST_ADMIN.username, password: 'wrong-password' });
    const unknown = await api<ErrorReply>(server.url, 'POST', '/api/auth/login', { username: 'nobody', password: 'wrong-password' });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误' });
    }
    expect((await api(server.url, 'POST', '/api/auth/login', { username: 'x' })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/auth/login', { username: 'x', password: 'p'.repeat(300) })).status).toBe(400);
  });

  it('throttles wrong guesses per account and IP; a neighbour behind the same NAT still gets in', async () => {
    const s = await startServer({ createExtractor: null });
    try {
      const admin = await login(s.url);
      const dept = await api<{ organiser: OrganiserAccount }>(s.url, 'POST', '/api/organisers', { username: 'jjzd', displayName: '交警支队', password: 'dept-password-1' }, admin.token);
      expect(dept.status).toBe(201);
      // someone at 127.0.0.1 guesses the department's password
      for (let i = 0; i < 5; i++) expect((await api(s.url, 'POST', '/api/auth/login', { username: 'jjzd', password: `guess-${i}` })).status).toBe(401);
      const blocked = await api<ErrorReply>(s.url, 'POST', '/api/auth/login', { username: 'jjzd', password: 'guess-5' });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('rate_limited');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // blocked means blocked, even with the right password: otherwise the answer would reveal it
      expect((await api(s.url, 'POST', '/api/auth/login', { username: 'jjzd', password: 'dept-password-1' })).status).toBe(429);
      // the same address, another account: not locked out by the neighbour's guesses
      expect((await api(s.url, 'POST', '/api/auth/login', TEST_ADMIN)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('a browser that logged in before keeps getting in while its account is under attack', async () => {
    const s = await startServer({ createExtractor: null });
    try {
      const first = await login(s.url);
      for (let i = 0; i < 5; i++) await api(s.url, 'POST', '/api/auth/login', { username: TEST_ADMIN.username, password: `guess-${i}` });
      expect((await api(s.url, 'POST', '/api/auth/login', TEST_ADMIN)).status).toBe(429);
      const again = await api<LoginReply>(s.url, 'POST', '/api/auth/login', { ...TEST_ADMIN, deviceToken: first.deviceToken });
      expect(again.status).toBe(200);
      expect(again.body.deviceToken).toBe(first.deviceToken);
      // a forged device token is just ignored
      expect((await api(s.url, 'POST', '/api/auth/login', { ...TEST_ADMIN, deviceToken: `${first.deviceToken}x` })).status).toBe(429);
    } finally {
      await s.close();
    }
  });

  it('sessions expire and logout revokes them', async () => {
    const a = await login(server.url);
    const b = await login(server.url);
    expect((await api(server.url, 'POST', '/api/auth/logout', undefined, a.token)).status).toBe(204);
    const after = await api<ErrorReply>(server.url, 'GET', '/api/auth/me', undefined, a.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('login_required');
    expect((await api(server.url, 'GET', '/api/auth/me', undefined, b.token)).status).toBe(200);
    // let b's session run out (stored expiry in the past), as 12 hours would
    await sql`UPDATE organiser_sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE revoked_at IS NULL`.execute(server.app.store.database.kysely);
    expect((await api(server.url, 'GET', '/api/auth/me', undefined, b.token)).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, b.token)).status).toBe(401);
  });

  it('changes the password (current one required); other sessions end', async () => {
    const s = await startServer({ createExtractor: null });
    try {
      const here = await login(s.url);
      const there = await login(s.url);
      const bad = await api<ErrorReply>(s.url, 'POST', '/api/auth/password', { currentPassword: 'nope', newPassword: 'a-new-password-1' }, here.token);
      expect(bad.status).toBe(401);
      expect((await api(s.url, 'POST', '/api/auth/password', { currentPassword: TEST_ADMIN.password, newPassword: 'short' }, here.token)).status).toBe(400);
      expect((await api(s.url, 'POST', '/api/auth/password', { currentPassword: TEST_ADMIN.password, newPassword: 'a-new-password-1' }, here.token)).status).toBe(204);
      expect((await api(s.url, 'GET', '/api/auth/me', undefined, here.token)).status).toBe(200);
      expect((await api(s.url, 'GET', '/api/auth/me', undefined, there.token)).status).toBe(401);
      expect((await api(s.url, 'POST', '/api/auth/login', { username: TEST_ADMIN.username, password: 'a-new-password-1' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('accounts and ownership', () => {
  it('the administrator adds department accounts; each sees and opens only its own meetings', async () => {
    const admin = await login(server.url);
    const add = (username: string) =>
      api<{ organiser: OrganiserAccount }>(server.url, 'POST', '/api/organisers', { username, displayName: `${username}单位`, password: 'department-pw-1' }, admin.token);
    expect((await add('xfzd')).status).toBe(201);
    expect((await add('XFZD')).status).toBe(409);
    expect((await api(server.url, 'POST', '/api/organisers', { username: 'a b', displayName: 'x', password: 'department-pw-1' }, admin.token)).status).toBe(400);
    const dept = await login(server.url, { username: 'xfzd', password: 'department-pw-1' });
    expect(dept.organiser).toMatchObject({ displayName: 'xfzd单位', isAdmin: false });
    expect((await api(server.url, 'GET', '/api/organisers', undefined, dept.token)).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/organisers', { username: 'other', displayName: 'x', password: 'department-pw-1' }, dept.token)).status).toBe(403);
    const list = await api<{ organisers: OrganiserAccount[] }>(server.url, 'GET', '/api/organisers', undefined, admin.token);
    expect(list.body.organisers.map((o) => o.username)).toEqual(expect.arrayContaining([TEST_ADMIN.username, 'xfzd']));

    const mine = await api<MeetingCreated>(server.url, 'POST', '/api/meetings', { ...SAMPLE_MEETING, title: '消防支队部署会' }, dept.token);
    expect(mine.status).toBe(201);
    const theirs = await api<MeetingCreated>(server.url, 'POST', '/api/meetings', { ...SAMPLE_MEETING, title: '管理员的会议' }, admin.token);
    const listed = await api<{ meetings: { id: string; title: string }[]; total: number }>(server.url, 'GET', '/api/meetings', undefined, dept.token);
    expect(listed.body.meetings.map((m) => m.title)).toEqual(['消防支队部署会']);
    expect(listed.body.total).toBe(1);

    // opens its own meeting as secretary and as host, without codes
    const asSecretary = await api<JoinReply>(server.url, 'POST', `/api/meetings/${mine.body.meeting.id}/sessions`, { role: 'secretary' }, dept.token);
    expect(asSecretary.status).toBe(200);
    expect(asSecretary.body.session).toMatchObject({ role: 'secretary', meetingId: mine.body.meeting.id, venueId: mine.body.mainVenue.id });
    expect(asSecretary.body.session.exp).toBeLessThanOrEqual(Date.parse(dept.expiresAt) / 1000);
    expect((await api(server.url, 'GET', `/api/meetings/${mine.body.meeting.id}/board`, undefined, asSecretary.body.token)).status).toBe(200);
    const asHost = await api<JoinReply>(server.url, 'POST', `/api/meetings/${mine.body.meeting.id}/sessions`, { role: 'host' }, dept.token);
    expect((await api(server.url, 'PATCH', `/api/meetings/${mine.body.meeting.id}`, { title: '消防支队部署会（改）' }, asHost.body.token)).status).toBe(200);
    // another organiser's meeting does not exist for it; venues cannot be minted
    expect((await api(server.url, 'POST', `/api/meetings/${theirs.body.meeting.id}/sessions`, { role: 'host' }, dept.token)).status).toBe(404);
    expect((await api(server.url, 'POST', `/api/meetings/${mine.body.meeting.id}/sessions`, { role: 'venue' }, dept.token)).status).toBe(400);
    expect((await api(server.url, 'POST', `/api/meetings/${mine.body.meeting.id}/sessions`, { role: 'host' })).status).toBe(401);

    // disabled: logged out everywhere, and cannot log in again
    const off = await api<{ organiser: OrganiserAccount }>(server.url, 'PATCH', `/api/organisers/${dept.organiser.id}`, { disabled: true }, admin.token);
    expect(off.body.organiser.disabledAt).not.toBeNull();
    expect((await api(server.url, 'GET', '/api/meetings', undefined, dept.token)).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/login', { username: 'xfzd', password: 'department-pw-1' })).status).toBe(401);
    // the last administrator stays
    expect((await api(server.url, 'PATCH', `/api/organisers/${admin.organiser.id}`, { isAdmin: false }, admin.token)).status).toBe(409);
  });
});

describe('organiser-only routes', () => {
  /** Each organiser-only route with input its schema refuses: a malformed body, query or params. */
  const MALFORMED: [method: string, route: string, body?: unknown][] = [
    ['POST', '/api/meetings', '{"title": "全市'],
    ['POST', '/api/meetings', {}],
    ['GET', '/api/meetings?limit=0'],
    ['GET', '/api/search?q=x'],
    ['POST', `/api/meetings/${'m'.repeat(80)}/sessions`, { role: 'venue' }],
    ['POST', '/api/auth/password', { newPassword: 1 }],
    ['POST', '/api/organisers', { username: 'a b' }],
    ['PATCH', `/api/organisers/${'o'.repeat(80)}`, { isAdmin: 'yes' }],
    ['PUT', '/api/followup/settings', { nearDays: -1 }],
    ['GET', '/api/followup/report.xlsx?asOf=yesterday'],
  ];

  it('authenticate before validating: anonymous callers get 401 whatever they send; a logged-in organiser gets the 400', async () => {
    const admin = await login(server.url);
    for (const [method, route, body] of MALFORMED) {
      const anonymous = await api<ErrorReply>(server.url, method, route, body);
      expect([method, route, anonymous.status, anonymous.body.error?.code]).toEqual([method, route, 401, 'login_required']);
      expect([method, route, (await api(server.url, method, route, body, 'lso_forged-token-value')).status]).toEqual([method, route, 401]);
      expect([method, route, (await api(server.url, method, route, body, admin.token)).status]).toEqual([method, route, 400]);
    }
  });
});

describe('first start without LUOSHI_ADMIN_*', () => {
  it('the app generates the first organiser and hands its password over once', async () => {
    const s = await startServer({ createExtractor: null, env: { LUOSHI_ADMIN_USER: '', LUOSHI_ADMIN_PASSWORD: '' } });
    try {
      const first = s.app.firstOrganiser;
      expect(first?.organiser.username).toBe('admin');
      const password = first?.generatedPassword ?? '';
      expect((await api(s.url, 'POST', '/api/auth/login', { username: 'admin', password })).status).toBe(200);
    } finally {
      await s.close();
    }
    // a restart on the same database creates nothing and prints no password
    const again = await startServer({ createExtractor: null, dataFile: s.dataFile, env: { LUOSHI_ADMIN_USER: '', LUOSHI_ADMIN_PASSWORD: '' } });
    expect(again.app.firstOrganiser).toBeNull();
    await again.close();
  });

  it('`npm start` (server/main.ts) prints how to log in, with the generated password, and it works', async () => {
    const port = await freePort();
    const child = await spawnServer({ LUOSHI_DATA: tempDataFile(), LUOSHI_PRELOAD_MODEL: 'false', LUOSHI_ADMIN_USER: '', LUOSHI_ADMIN_PASSWORD: '' }, port);
    try {
      const deadline = Date.now() + 30_000;
      while (!/password: \S+/.test(child.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const out = child.output();
      expect(out).toContain(`Organisers log in at http://127.0.0.1:${port}/login`);
      const username = /username: (\S+)/.exec(out)?.[1];
      const password = /password: (\S+)/.exec(out)?.[1];
      expect(username).toBe('admin');
      const r = await api<LoginReply>(child.url, 'POST', '/api/auth/login', { username, password });
      expect(r.status).toBe(200);
      expect((await api(child.url, 'POST', '/api/meetings', SAMPLE_MEETING, r.body.token)).status).toBe(201);
    } finally {
      await kill(child.process, port, 'SIGTERM');
    }
  }, 90_000);
});
