/**
 * The organiser's archive on the real server and SQLite with the real extractor (scripted
 * recogniser): the meeting list with its figures (acknowledgement rate of current versions
 * only), search over transcripts and requirements (trigram index, 2-character scan, secretary
 * edits and deletions reaching the index), and reopening an ended meeting for corrections.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingSummary, SearchReply } from '../shared/protocol/organiser.ts';
import type { Meeting } from '../shared/protocol/domain.ts';
import { createScriptedTranscription, type ScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { api, command, connectClient, connected, login, setupMeeting, startServer, unwrap, type ClientSocket, type MeetingFixture, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

let server: TestServer;
let scripted: ScriptedTranscription;
let organiser: string;
const sockets: ClientSocket[] = [];

async function client(token: string): Promise<ClientSocket> {
  const s = connectClient(server.url, token);
  sockets.push(s);
  await connected(s);
  return s;
}

/** A meeting that heard the seven-points speech, ended, with venue mirrors connected. */
async function heldMeeting(title: string, scheduledAt: string, venues: number, token = organiser) {
  const f = await setupMeeting(server.url, venues, { title, scheduledAt }, token);
  const meetingId = f.created.meeting.id;
  const host = await client(f.host.token);
  const sec = new MeetingMirror(await client(f.secretary.token));
  const mirrors = await Promise.all(f.venues.map(async (v) => new MeetingMirror(await client(v.token))));
  await Promise.all([sec, ...mirrors].map((m) => m.until(() => m.lastSeq !== null)));
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
  unwrap(await command(host, 'meeting:end', {}));
  await sec.until(() => sec.orderedRequirements().length === 7, 10_000, 'seven requirements');
  await Promise.all(mirrors.map((m) => m.until(() => m.orderedRequirements().length === 7, 10_000, 'seven at venue')));
  return { f, meetingId, host, sec, mirrors };
}

const search = async (q: string, token = organiser) =>
  api<SearchReply>(server.url, 'GET', `/api/search?q=${encodeURIComponent(q)}`, undefined, token);

let held: Awaited<ReturnType<typeof heldMeeting>>;
let otherOrganiser: string;

beforeAll(async () => {
  scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted });
  organiser = (await login(server.url)).token;
  const admin = organiser;
  expect((await api(server.url, 'POST', '/api/organisers', { username: 'qt', displayName: '另一单位', password: 'another-pw-123' }, admin)).status).toBe(201);
  otherOrganiser = (await login(server.url, { username: 'qt', password: 'another-pw-123' })).token;
  held = await heldMeeting('全市推进两为整治工作电视电话会议', '2026-12-03T09:00:00+08:00', 2);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('meeting list', () => {
  it('lists the organiser’s meetings newest first, with venues, requirements and the rate of current acknowledgements', async () => {
    // an older meeting, scheduled in another time zone notation (01:00Z = 09:00 China time, a day earlier)
    const older = await setupMeeting(server.url, 3, { title: '较早的会议', scheduledAt: '2026-12-02T01:00:00Z' }, organiser);
    // a newer one that has not started yet
    const newer = await setupMeeting(server.url, 0, { title: '下周的会议', scheduledAt: '2026-12-10T09:00:00+08:00' }, organiser);

    const [a, b] = held.mirrors;
    const reqs = a!.orderedRequirements();
    for (const r of reqs) unwrap(await command(a!.socket, 'ack:submit', { requirementId: r.id, kind: 'received' }));
    for (const r of reqs.slice(0, 3)) unwrap(await command(b!.socket, 'ack:submit', { requirementId: r.id, kind: 'received' }));

    const list = async () => (await api<{ meetings: MeetingSummary[]; total: number }>(server.url, 'GET', '/api/meetings', undefined, organiser)).body;
    let body = await list();
    expect(body.meetings.map((m) => m.title)).toEqual(['下周的会议', '全市推进两为整治工作电视电话会议', '较早的会议']);
    const row = () => body.meetings.find((m) => m.id === held.meetingId)!;
    // branch venues: 某市公安局 (never connected) and the two counties; the main venue does not count
    expect(row()).toMatchObject({ status: 'ended', reopenedForCorrections: false, venueCount: 3, requirementCount: 7, acknowledged: 10, expected: 21 });
    expect(row().ackRate).toBeCloseTo(10 / 21, 6);
    expect(body.meetings.find((m) => m.id === older.created.meeting.id)).toMatchObject({ venueCount: 4, requirementCount: 0, ackRate: null });
    expect(body.meetings.find((m) => m.id === newer.created.meeting.id)?.status).toBe('draft');

    // an edit makes a new version of 第一: its two acknowledgements no longer count
    unwrap(await command(held.sec.socket, 'meeting:reopen', {}));
    unwrap(await command(held.sec.socket, 'requirement:edit', { requirementId: reqs[0]!.id, fields: { deadline: '十二月底前' } }));
    body = await list();
    expect(row()).toMatchObject({ acknowledged: 8, expected: 21, reopenedForCorrections: true });
    unwrap(await command(held.sec.socket, 'meeting:close-corrections', {}));

    // paging and other organisers
    const page = await api<{ meetings: MeetingSummary[]; total: number }>(server.url, 'GET', '/api/meetings?limit=1&offset=1', undefined, organiser);
    expect(page.body.meetings.map((m) => m.title)).toEqual(['全市推进两为整治工作电视电话会议']);
    expect(page.body.total).toBe(3);
    expect((await api<{ meetings: MeetingSummary[] }>(server.url, 'GET', '/api/meetings', undefined, otherOrganiser)).body.meetings).toEqual([]);
    expect((await api(server.url, 'GET', '/api/meetings?limit=0', undefined, organiser)).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/meetings')).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/meetings', undefined, held.f.host.token)).status).toBe(401);
  });
});

describe('search', () => {
  it('finds requirements and transcript sentences by 3+ characters through the trigram index, with snippets', async () => {
    const r = await search('精心组织部署');
    expect(r.status).toBe(200);
    expect(r.body.method).toBe('fts');
    const kinds = r.body.hits.map((h) => h.kind).sort();
    expect(kinds).toEqual(['requirement', 'segment']);
    const req = r.body.hits.find((h) => h.kind === 'requirement')!;
    expect(req).toMatchObject({ meetingId: held.meetingId, meetingTitle: '全市推进两为整治工作电视电话会议', marker: '第一', headline: '要精心组织部署' });
    expect(req.snippet.parts.filter((p) => p.match).map((p) => p.text)).toEqual(['精心组织部署']);
    const seg = r.body.hits.find((h) => h.kind === 'segment')!;
    expect(held.sec.segments.get(seg.targetId)?.text).toContain('精心组织部署');
    expect(seg.startMs).toBe(held.sec.segments.get(seg.targetId)?.startMs);
    // all terms must occur: 第一's text runs on into the next sentence, its first segment does not
    expect((await search('精心组织 制定本单位')).body.hits.map((h) => h.kind)).toEqual(['requirement']);
    expect((await search('精心组织 不存在的词')).body.hits).toEqual([]);
  });

  it('finds 2-character terms by a scan of the organiser’s own meetings', async () => {
    const r = await search('约谈');
    expect(r.body.method).toBe('scan');
    expect(r.body.hits.length).toBeGreaterThan(0);
    expect(r.body.hits.every((h) => h.snippet.parts.some((p) => p.match && p.text === '约谈'))).toBe(true);
    // a 2-character term narrows a 3+ character one
    const both = await search('宣传 部门');
    expect(both.body.method).toBe('scan');
    const mixed = await search('市局宣传 部门');
    expect(mixed.body.method).toBe('fts');
    expect(mixed.body.hits.every((h) => h.snippet.parts.map((p) => p.text).join('').includes('部门'))).toBe(true);
    // the other organiser sees none of it
    expect((await search('约谈', otherOrganiser)).body.hits).toEqual([]);
    expect((await search('精心组织部署', otherOrganiser)).body.hits).toEqual([]);
    // a single character is too short; LIKE wildcards are literal
    expect((await search('火')).status).toBe(400);
    expect((await search('%%')).body.hits).toEqual([]);
    expect((await search('约谈', held.f.secretary.token)).status).toBe(401);
  });

  it('follows secretary corrections of segments and requirements, withdrawals and deletions', async () => {
    const { sec } = held;
    unwrap(await command(sec.socket, 'meeting:reopen', {}));
    const seg = [...sec.segments.values()].find((s) => s.text.includes('纪委'))!;
    unwrap(await command(sec.socket, 'segment:edit', { segmentId: seg.id, text: seg.text.replace('纪委', '市纪委监委') }));
    expect((await search('市纪委监委')).body.hits.map((h) => [h.kind, h.targetId])).toContainEqual(['segment', seg.id]);

    const second = sec.orderedRequirements().find((r) => r.marker === '第二')!;
    unwrap(await command(sec.socket, 'requirement:edit', { requirementId: second.id, fields: { headline: '要深入走访群众', responsible: ['森林公安局'] } }));
    const byHeadline = await search('深入走访');
    expect(byHeadline.body.hits.find((h) => h.targetId === second.id)?.headline).toBe('要深入走访群众');
    expect((await search('森林公安')).body.hits.map((h) => h.targetId)).toContain(second.id);

    const fifth = sec.orderedRequirements().find((r) => r.marker === '第五')!;
    expect((await search('形成宣传声势')).body.hits.map((h) => h.targetId)).toContain(fifth.id);
    unwrap(await command(sec.socket, 'requirement:withdraw', { requirementId: fifth.id }));
    expect((await search('形成宣传声势')).body.hits.map((h) => h.kind)).toEqual(['segment']);
    unwrap(await command(sec.socket, 'meeting:close-corrections', {}));

    // a deleted meeting leaves nothing in the index
    const gone = await heldMeeting('将要删除的会议', '2026-11-01T09:00:00+08:00', 0);
    const before = (await search('严肃追究问责')).body.hits.filter((h) => h.meetingId === gone.meetingId);
    expect(before.length).toBe(2);
    expect((await api(server.url, 'DELETE', `/api/meetings/${gone.meetingId}`, undefined, gone.f.host.token)).status).toBe(204);
    expect((await search('严肃追究问责')).body.hits.filter((h) => h.meetingId === gone.meetingId)).toEqual([]);
    const left = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM search_docs WHERE meeting_id = ${gone.meetingId}`.execute(server.app.store.database.kysely);
    expect(left.rows[0]?.n).toBe(0);
  });
});

describe('reopen for corrections', () => {
  let f: MeetingFixture;
  let meetingId: string;
  let sec: MeetingMirror;
  let venue: MeetingMirror;

  beforeAll(async () => {
    const m = await heldMeeting('可重新打开的会议', '2026-12-04T09:00:00+08:00', 1);
    ({ f, meetingId, sec } = m);
    venue = m.mirrors[0]!;
  });

  it('an ended meeting is locked until the secretary reopens it; venues see the corrections live; then it is locked again', async () => {
    const first = sec.orderedRequirements()[0]!;
    const locked = await command(sec.socket, 'requirement:edit', { requirementId: first.id, fields: { deadline: '本月底' } });
    expect(!locked.ok && locked.error).toMatchObject({ code: 'meeting_closed', message: '会议已结束，记录已锁定；如需更正请先重新打开校对' });
    const seg = [...sec.segments.values()][0]!;
    const lockedSeg = await command(sec.socket, 'segment:edit', { segmentId: seg.id, text: '改' });
    expect(!lockedSeg.ok && lockedSeg.error.code).toBe('meeting_closed');
    // staff (secretary, host) reopen; venues cannot
    const byVenue = await command(venue.socket, 'meeting:reopen', {});
    expect(!byVenue.ok && byVenue.error.code).toBe('forbidden');

    const reopened = unwrap(await command(sec.socket, 'meeting:reopen', {}));
    expect(reopened.meeting).toMatchObject({ status: 'ended', reopenedForCorrections: true });
    // idempotent: no second event
    const seqBefore = sec.lastSeq;
    unwrap(await command(sec.socket, 'meeting:reopen', {}));
    await venue.until(() => venue.applied.some((e) => e.type === 'meeting:updated' && e.payload.meeting.reopenedForCorrections), 5000, 'reopen at venue');

    unwrap(await command(sec.socket, 'requirement:edit', { requirementId: first.id, fields: { deadline: '本月底' } }));
    await venue.until(() => venue.requirements.get(first.id)?.fields.deadline === '本月底', 5000, 'correction at venue');
    expect(sec.lastSeq).toBeGreaterThan(seqBefore ?? 0);
    // still no audio: the meeting stays ended
    const audio = await command(await client(f.host.token), 'audio:start', { sampleRate: 16000 });
    expect(!audio.ok && audio.error.code).toBe('meeting_not_live');

    const closed = await api<{ meeting: Meeting }>(server.url, 'POST', `/api/meetings/${meetingId}/close-corrections`, {}, f.secretary.token);
    expect(closed.status).toBe(200);
    expect(closed.body.meeting.reopenedForCorrections).toBe(false);
    const again = await command(sec.socket, 'requirement:edit', { requirementId: first.id, fields: { deadline: '下月底' } });
    expect(!again.ok && again.error.code).toBe('meeting_closed');
    expect((await api(server.url, 'POST', `/api/meetings/${meetingId}/reopen`, {}, f.venues[0]!.token)).status).toBe(403);

    // replay from the start lands on the same state, flags and correction included
    const fresh = new MeetingMirror(await client(f.venues[0]!.token));
    await fresh.until(() => fresh.lastSeq !== null);
    const replay = unwrap(await command(fresh.socket, 'sync', { lastSeq: 0 }));
    expect(replay.kind).toBe('events');
    const flags = replay.kind === 'events' ? replay.events.flatMap((e) => (e.type === 'meeting:updated' ? [e.payload.meeting.reopenedForCorrections] : [])) : [];
    expect(flags.slice(-2)).toEqual([true, false]);
    expect(fresh.requirements.get(first.id)?.fields.deadline).toBe('本月底');
    const audit = await api<{ entries: { action: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, undefined, f.secretary.token);
    expect(audit.body.entries.map((e) => e.action)).toEqual(['meeting:reopen', 'requirement:edit', 'meeting:close-corrections']);
  });

  it('only an ended meeting can be reopened', async () => {
    const live = await setupMeeting(server.url, 0, {}, organiser);
    const r = await api<{ error: { code: string } }>(server.url, 'POST', `/api/meetings/${live.created.meeting.id}/reopen`, {}, live.secretary.token);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
  });
});
