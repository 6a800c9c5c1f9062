/** REST: validation, meetings CRUD, venue import, join codes, join + rate limit, isolation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinReply, MeetingCreated } from '../shared/protocol/rest.ts';
import type { Meeting, Venue } from '../shared/protocol/domain.ts';
import { api, join, organiserToken, SAMPLE_MEETING, setupMeeting, startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
/** The test admin's organiser session: creating meetings needs one. */
let organiser: string;
beforeAll(async () => {
  server = await startServer({ createExtractor: null, env: { LUOSHI_JOIN_BURST: '3', LUOSHI_JOIN_REFILL_S: '3600' } });
  organiser = await organiserToken(server.url);
});
afterAll(async () => {
  await server.close();
});

describe('meetings', () => {
  it('creates a meeting with a main venue and host/secretary codes', async () => {
    const r = await api<MeetingCreated>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser);
    expect(r.status).toBe(201);
    expect(r.body.meeting.status).toBe('draft');
    expect(r.body.meeting.publishMode).toBe('auto');
    expect(r.body.meeting.currentSpeakerId).toBe(r.body.meeting.speakers[0]?.id);
    expect(r.body.mainVenue).toMatchObject({ isMain: true, name: '省公安厅', level: 'province' });
    expect(r.body.hostCode).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(r.body.secretaryCode).not.toBe(r.body.hostCode);
  });

  it('refuses to create a meeting without an organiser login (401), or with a meeting token', async () => {
    const anonymous = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ code: 'login_required', message: '登录已失效，请重新登录' });
    const f = await setupMeeting(server.url, 0);
    expect((await api(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, f.host.token)).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, 'lso_forged-token-value')).status).toBe(401);
  });

  it.each([
    ['missing fields', {}],
    ['wrong types', { ...SAMPLE_MEETING, title: 42 }],
    ['bad date', { ...SAMPLE_MEETING, scheduledAt: 'tomorrow' }],
    ['bad publish mode', { ...SAMPLE_MEETING, publishMode: 'sometimes' }],
    ['too long title', { ...SAMPLE_MEETING, title: '会'.repeat(600) }],
    ['array body', [1, 2, 3]],
  ])('rejects %s with 400 bad_request and a Chinese message', async (_name, body) => {
    const r = await api<{ error: { code: string; message: string; details: string[] } }>(server.url, 'POST', '/api/meetings', body, organiser);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect(r.body.error.message).toBe('请求格式不正确');
  });

  it('rejects malformed JSON and oversized bodies', async () => {
    const bad = await api<{ error: { code: string } }>(server.url, 'POST', '/api/meetings', '{"title": ', organiser);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    const huge = await api<{ error: { code: string } }>(server.url, 'POST', '/api/meetings', JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }), organiser);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('updates, starts, ends and deletes with the host token only', async () => {
    const f = await setupMeeting(server.url, 1);
    const id = f.created.meeting.id;
    const venueToken = f.venues[0]!.token;
    expect((await api(server.url, 'PATCH', `/api/meetings/${id}`, { title: '新标题' }, venueToken)).status).toBe(403);
    expect((await api(server.url, 'PATCH', `/api/meetings/${id}`, { title: '新标题' }, f.secretary.token)).status).toBe(403);
    expect((await api(server.url, 'PATCH', `/api/meetings/${id}`, { title: '新标题' })).status).toBe(401);
    expect((await api(server.url, 'PATCH', `/api/meetings/${id}`, {}, f.host.token)).status).toBe(400);
    const up = await api<{ meeting: Meeting }>(server.url, 'PATCH', `/api/meetings/${id}`, { title: '新标题', publishMode: 'review' }, f.host.token);
    expect(up.status).toBe(200);
    expect(up.body.meeting).toMatchObject({ title: '新标题', publishMode: 'review' });
    const badSpeaker = await api(server.url, 'PATCH', `/api/meetings/${id}`, { currentSpeakerId: 'nobody' }, f.host.token);
    expect(badSpeaker.status).toBe(400);
    const start = await api<{ meeting: Meeting }>(server.url, 'POST', `/api/meetings/${id}/start`, undefined, f.host.token);
    expect(start.body.meeting.status).toBe('live');
    expect((await api(server.url, 'DELETE', `/api/meetings/${id}`, undefined, f.host.token)).status).toBe(409);
    const end = await api<{ meeting: Meeting }>(server.url, 'POST', `/api/meetings/${id}/end`, undefined, f.host.token);
    expect(end.body.meeting.status).toBe('ended');
    expect((await api(server.url, 'POST', `/api/meetings/${id}/start`, undefined, f.host.token)).status).toBe(409);
    const got = await api<{ meeting: Meeting }>(server.url, 'GET', `/api/meetings/${id}`, undefined, venueToken);
    expect(got.body.meeting.title).toBe('新标题');
    expect((await api(server.url, 'DELETE', `/api/meetings/${id}`, undefined, f.host.token)).status).toBe(204);
    expect((await api(server.url, 'GET', `/api/meetings/${id}`, undefined, f.host.token)).status).toBe(404);
  });
});

describe('venues', () => {
  it('imports a hierarchy from CSV, upserts by name, and lists join codes as CSV', async () => {
    const c = (await api<MeetingCreated>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser)).body;
    const host = await join(server.url, c.hostCode);
    const csv = '\uFEFF名称,级别,上级,主会场\n省公安厅指挥中心,省,,是\n成都市公安局,市,,\n"锦江区分局, 一号会议室",区,成都市公安局,\n阿坝州公安局,州,,\n';
    const r = await api<{ venues: Venue[] }>(server.url, 'POST', `/api/meetings/${c.meeting.id}/venues`, csv, host.token, 'text/csv');
    expect(r.status).toBe(200);
    expect(r.body.venues.map((v) => [v.name, v.level, v.isMain])).toEqual([
      ['省公安厅指挥中心', 'province', true],
      ['成都市公安局', 'prefecture', false],
      ['锦江区分局, 一号会议室', 'county', false],
      ['阿坝州公安局', 'prefecture', false],
    ]);
    const chengdu = r.body.venues[1]!;
    expect(r.body.venues[2]!.parentId).toBe(chengdu.id);
    expect(r.body.venues[0]!.id).toBe(c.mainVenue.id);

    const again = await api<{ venues: Venue[] }>(server.url, 'POST', `/api/meetings/${c.meeting.id}/venues`, { venues: [{ name: '成都市公安局', level: 'prefecture' }, { name: '绵阳市公安局', level: '市' }] }, host.token);
    expect(again.body.venues).toHaveLength(5);
    expect(again.body.venues.find((v) => v.name === '成都市公安局')!.id).toBe(chengdu.id);

    const codes = await api(server.url, 'GET', `/api/meetings/${c.meeting.id}/join-codes?format=csv`, undefined, host.token);
    expect(codes.headers.get('content-type')).toContain('text/csv');
    const lines = codes.text.replace('\uFEFF', '').trim().split('\r\n');
    // Branch venues only: the host and secretary codes stay in the console.
    expect(lines[0]).toBe('会场,级别,上级会场,加入码,链接');
    expect(lines).toHaveLength(1 + 4);
    expect(lines.find((l) => l.startsWith('"锦江区分局, 一号会议室",县/区,成都市公安局,'))).toBeTruthy();
    expect(codes.text).not.toContain(c.hostCode);
    expect(codes.text).not.toContain(c.secretaryCode);
    const json = await api<{ entries: { role: string; code: string }[] }>(server.url, 'GET', `/api/meetings/${c.meeting.id}/join-codes`, undefined, host.token);
    expect(new Set(json.body.entries.map((e) => e.code)).size).toBe(json.body.entries.length);
    const venue = await join(server.url, json.body.entries.find((e) => e.role === 'venue')!.code);
    expect(venue.session.role).toBe('venue');
    expect((await api(server.url, 'GET', `/api/meetings/${c.meeting.id}/join-codes`, undefined, venue.token)).status).toBe(403);
  });

  it.each([
    ['unknown level', { venues: [{ name: 'A', level: '村' }] }],
    ['unknown parent', { venues: [{ name: 'A', level: '县', parent: '不存在' }] }],
    ['duplicate names', { venues: [{ name: 'A', level: '县' }, { name: 'A', level: '县' }] }],
    ['two main venues', { venues: [{ name: 'A', level: '省', isMain: true }, { name: 'B', level: '省', isMain: true }] }],
    ['empty list', { venues: [] }],
    ['a parent cycle', { venues: [{ name: 'A', level: '市', parent: 'B' }, { name: 'B', level: '市', parent: 'A' }] }],
    ['not a list', { venues: 'A' }],
  ])('rejects %s', async (_n, body) => {
    const c = (await api<MeetingCreated>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser)).body;
    const host = await join(server.url, c.hostCode);
    const r = await api<{ error: { code: string } }>(server.url, 'POST', `/api/meetings/${c.meeting.id}/venues`, body, host.token);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    const list = await api<{ venues: Venue[] }>(server.url, 'GET', `/api/meetings/${c.meeting.id}/venues`, undefined, host.token);
    expect(list.body.venues).toHaveLength(1);
  });
});

describe('join, tokens and isolation', () => {
  it('a token of meeting A cannot read or change meeting B', async () => {
    const a = await setupMeeting(server.url, 1);
    const b = await setupMeeting(server.url, 1);
    const bId = b.created.meeting.id;
    for (const t of [a.host.token, a.secretary.token, a.venues[0]!.token]) {
      for (const [m, route] of [['GET', ''], ['GET', '/snapshot'], ['GET', '/venues'], ['GET', '/join-codes'], ['GET', '/audit'], ['GET', '/board'], ['POST', '/start']] as const) {
        const r = await api<{ error: { code: string } }>(server.url, m, `/api/meetings/${bId}${route}`, undefined, t);
        expect(r.status, `${m} ${route}`).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
      }
    }
  });

  it('rejects tampered and foreign-secret tokens', async () => {
    const a = await setupMeeting(server.url, 0);
    const [body, sig] = a.host.token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'host', meetingId: 'other' })).toString('base64url');
    for (const t of [`${forged}.${sig}`, 'garbage', `${body}.`, 'a.b.c']) {
      const r = await api(server.url, 'GET', `/api/meetings/${a.created.meeting.id}`, undefined, t);
      expect(r.status).toBe(401);
    }
  });

  it('session endpoint echoes the claims', async () => {
    const a = await setupMeeting(server.url, 1);
    const r = await api<{ session: JoinReply['session']; venue: Venue }>(server.url, 'GET', '/api/session', undefined, a.venues[0]!.token);
    expect(r.body.session.role).toBe('venue');
    expect(r.body.venue.name).toBe('第1县公安局');
  });

  // Runs last in this file: it empties the bucket of 127.0.0.1.
  it('rate-limits wrong join codes per IP with 429 and a Chinese message, and still admits the right code', async () => {
    const a = await setupMeeting(server.url, 0);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(server.url, 'POST', '/api/join', { code: `wrong-code-${i}-xxxxxx` })).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limited = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/join', { code: 'wrong-code-9-xxxxxx' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.error).toEqual({ code: 'rate_limited', message: '尝试次数过多，请稍后再试' });
    // One bad client behind a NAT must not lock out the venues there (issue 13 #5).
    const right = await api<JoinReply>(server.url, 'POST', '/api/join', { code: a.created.hostCode });
    expect(right.status).toBe(200);
    expect(right.body.session.role).toBe('host');
  });

  it('unknown API routes give a JSON 404', async () => {
    const r = await api<{ error: { code: string } }>(server.url, 'GET', '/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});
