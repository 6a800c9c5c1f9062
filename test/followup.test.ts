/**
 * Issue 12 acceptance (in process, real SQLite and sockets, the real extractor with a scripted
 * recogniser, an injected follow-up clock): a meeting with 50 venues ends and every venue gets a
 * task per requirement; 30 sign, 20 report, 5 ask for an extension, 10 are closed (one after a
 * return); 催办 rounds reach only who has not reacted; the clock moves past the deadlines; the
 * board, the warnings that fired and the 通报 figures are exactly what the scenario implies,
 * across a restart, and nothing fires twice.
 */
import fs from 'node:fs';
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../shared/followup/figures.ts';
import type { FollowupOverview } from '../shared/followup/schemas.ts';
import type { Task } from '../shared/followup/types.ts';
import { createScriptedTranscription, type ScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { JoinReply, MeetingCreated } from '../shared/protocol/rest.ts';
import { board, fetchNoticeText, fetchReportXlsx, mustAct, mustUpload, storedFiles, taskAction, untilNextChinaNoon, upload, SAMPLE_PDF } from './helpers/followup.ts';
import { MAX_ATTACHMENT_BYTES } from '../server/followup/file-type.ts';
import { MAX_UNSENT_UPLOADS } from '../server/http/routes/followup-tasks.ts';
import { SAMPLE_MEETING, api, command, connectClient, connected, join, organiserToken, startServer, tempDataFile, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until } from './helpers/until.ts';

const DAY = 86_400_000;
const VENUES = 50;
/** The follow-up clock starts at the next noon, China time (see untilNextChinaNoon). */
let offsetMs = untilNextChinaNoon();
const clock = () => new Date(Date.now() + offsetMs);

let server: TestServer;

let scripted: ScriptedTranscription;
let organiser: string;
let meetingId: string;
let secretary: JoinReply;
let venues: JoinReply[] = [];
const sockets: ClientSocket[] = [];
/** Tasks of requirement 1 by venue number (1-based). */
let r1: Task[] = [];
let deadline = '';
let later = '';

async function start(dataFile?: string): Promise<TestServer> {
  return startServer({ transcription: scripted, clock, followupSweepMs: null, ...(dataFile ? { dataFile } : {}) });
}

beforeAll(async () => {
  scripted = createScriptedTranscription();
  server = await start(tempDataFile());
  organiser = await organiserToken(server.url);
  // Warnings in this test: 蓝 3 days before, 黄 only for returns (no unsigned / silent warnings).
  expect((await api(server.url, 'PUT', '/api/followup/settings', { nearDays: 3, signDays: 30, silentDays: 90, remindIntervalMinutes: 30 }, organiser)).status).toBe(200);
  const created = (await api<MeetingCreated>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser)).body;
  meetingId = created.meeting.id;
  const host = await join(server.url, created.hostCode);
  secretary = await join(server.url, created.secretaryCode);
  const rows = Array.from({ length: VENUES }, (_, i) => ({ name: `第${i + 1}县公安局`, level: '县' }));
  expect((await api(server.url, 'POST', `/api/meetings/${meetingId}/venues`, { venues: rows }, host.token)).status).toBe(200);
  const codes = (await api<{ entries: { role: string; code: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token)).body.entries;
  venues = await Promise.all(codes.filter((e) => e.role === 'venue').map((e) => join(server.url, e.code)));
  const hostSocket = connectClient(server.url, host.token);
  sockets.push(hostSocket);
  await connected(hostSocket);
  unwrap(await command(hostSocket, 'meeting:start', {}));
  unwrap(await command(hostSocket, 'audio:start', { sampleRate: 16000 }));
  for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
  unwrap(await command(hostSocket, 'meeting:end', {}));
  // Tasks are issued in the background once the end is stored.
  await until(async () => (await board(server.url, secretary.token, meetingId)).dispatchedAt !== null, 'tasks issued', 30_000, 100);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

const venueNo = (t: Task) => Number(/第(\d+)县/.exec(t.venueName)?.[1]);
const tokenOf = (n: number) => venues[n - 1]!.token;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('follow-up tasks after a meeting with 50 venues', () => {
  it('issues one task per requirement × branch venue when the meeting ends', async () => {
    const b = await board(server.url, secretary.token, meetingId);
    expect(b.dispatchedAt).not.toBeNull();
    expect(b.tasks).toHaveLength(7 * VENUES);
    expect(new Set(b.tasks.map((t) => t.venueId)).size).toBe(VENUES);
    expect(b.tasks.every((t) => t.status === 'pending' && t.display === 'pending')).toBe(true);
    expect(b.byRequirement.map((r) => r.total)).toEqual([50, 50, 50, 50, 50, 50, 50]);
    // Its units are collective (各单位, 各分县局) or offices of the issuer (市局宣传部门, 纪委): every venue, nothing held.
    expect(b.scopes.map((r) => r.venueIds?.length)).toEqual([50, 50, 50, 50, 50, 50, 50]);
    expect(b.scopes.flatMap((r) => r.responsible)).toEqual(expect.arrayContaining(['各单位', '市局宣传部门', '纪委']));
    // Idempotent: issuing again creates nothing.
    const again = await api<{ created: number }>(server.url, 'POST', `/api/meetings/${meetingId}/followup/dispatch`, undefined, secretary.token);
    expect(again.body).toEqual({ created: 0, updated: 0, cancelled: 0, held: 0 });
    // A venue's inbox (its socket snapshot) holds its seven tasks and nothing of others.
    const s = connectClient(server.url, tokenOf(1));
    sockets.push(s);
    await connected(s);
    const mirror = new MeetingMirror(s);
    await mirror.until(() => mirror.tasks.size === 7, 10_000, 'seven tasks at venue 1');
    expect([...mirror.tasks.values()].every((t) => t.venueId === venues[0]!.venue.id)).toBe(true);
    // The venue colours its tasks with the organiser's thresholds, as the 督办台 does.
    expect(mirror.followupThresholds).toEqual({ nearDays: 3, signDays: 30, silentDays: 90, remindIntervalMinutes: 30 });
    s.disconnect();

    // Every requirement gets the same due date, ten days on.
    deadline = chinaDay(new Date(clock().getTime() + 10 * DAY).toISOString());
    later = chinaDay(new Date(clock().getTime() + 20 * DAY).toISOString());
    for (const requirementId of new Set(b.tasks.map((t) => t.requirementId))) {
      const r = await api<{ updated: number }>(server.url, 'PUT', `/api/meetings/${meetingId}/followup/deadline`, { requirementId, deadline }, secretary.token);
      expect(r.body.updated).toBe(50);
    }
    const first = b.tasks.filter((t) => t.order === 0);
    r1 = first.sort((x, y) => venueNo(x) - venueNo(y));
    expect(r1.map(venueNo)).toEqual(range(1, 50));
  });

  it('venues sign, report, ask for more time and submit; the organiser reviews', async () => {
    const url = server.url;
    await Promise.all(range(1, 30).map((n) => mustAct(url, tokenOf(n), r1[n - 1]!.id, { type: 'sign' })));
    for (const n of range(1, 20)) {
      const ids = n <= 5 ? [await mustUpload(url, tokenOf(n), r1[n - 1]!.id)] : [];
      await mustAct(url, tokenOf(n), r1[n - 1]!.id, { type: 'report', text: `第${n}县已召开专题会议部署`, attachmentIds: ids });
    }
    for (const n of range(21, 25)) await mustAct(url, tokenOf(n), r1[n - 1]!.id, { type: 'request_extension', reason: '涉及多部门协调', proposedDate: later });
    for (const n of range(1, 10)) {
      const evidence = await mustUpload(url, tokenOf(n), r1[n - 1]!.id, SAMPLE_PDF, '办结报告.pdf');
      await mustAct(url, tokenOf(n), r1[n - 1]!.id, { type: 'submit', text: '已全部整改到位', attachmentIds: [evidence] });
    }
    // Venue 10's evidence is returned once, and a warning (黄) fires for it.
    await mustAct(url, secretary.token, r1[9]!.id, { type: 'return', comment: '佐证材料不全，请补充现场照片' });
    expect(await server.app.followup.sweep()).toBe(1);
    expect(await server.app.followup.sweep()).toBe(0);
    for (const n of range(1, 9)) await mustAct(url, organiser, r1[n - 1]!.id, { type: 'accept' });
    const evidence = await mustUpload(url, tokenOf(10), r1[9]!.id, SAMPLE_PDF, '补充材料.pdf');
    await mustAct(url, tokenOf(10), r1[9]!.id, { type: 'submit', text: '已补充现场照片', attachmentIds: [evidence] });
    await mustAct(url, secretary.token, r1[9]!.id, { type: 'accept', comment: '同意办结' });
    // Extensions: two approved, one denied, two still waiting.
    await mustAct(url, secretary.token, r1[20]!.id, { type: 'approve_extension' });
    await mustAct(url, organiser, r1[21]!.id, { type: 'approve_extension', comment: '同意' });
    await mustAct(url, secretary.token, r1[22]!.id, { type: 'deny_extension', comment: '时限不能推迟' });

    const b = await board(url, secretary.token, meetingId);
    const r1Row = b.byRequirement[0]!;
    expect(r1Row).toMatchObject({ total: 50, done: 10, pending: 20, review: 0, extensionRequested: 2, overdue: 0 });
    const byVenue = new Map(b.tasks.filter((t) => t.order === 0).map((t) => [venueNo(t), t]));
    expect(range(1, 10).every((n) => byVenue.get(n)!.status === 'done')).toBe(true);
    expect([21, 22].map((n) => [byVenue.get(n)!.status, byVenue.get(n)!.deadline])).toEqual([['extended', later], ['extended', later]]);
    expect(byVenue.get(23)!.status).toBe('in_progress');
    expect(byVenue.get(10)!.returned).toBe(false);

    // The timeline of venue 10's task: who did what, in order.
    const detail = await api<{ entries: { action: string; actor: { kind: string; name: string }; attachments: unknown[] }[] }>(url, 'GET', `/api/tasks/${r1[9]!.id}`, undefined, tokenOf(10));
    expect(detail.body.entries.map((e) => e.action)).toEqual(['created', 'deadline_set', 'signed', 'reported', 'submitted', 'returned', 'warned', 'submitted', 'accepted']);
    expect(detail.body.entries.find((e) => e.action === 'signed')!.actor).toEqual({ kind: 'venue', name: '第10县公安局' });
    expect(detail.body.entries.filter((e) => e.action === 'submitted').map((e) => e.attachments.length)).toEqual([1, 1]);
  });

  it('refuses what the state machine refuses, and whoever may not', async () => {
    const url = server.url;
    expect((await taskAction(url, tokenOf(1), r1[0]!.id, { type: 'sign' })).body.error?.code).toBe('task_state');
    expect((await taskAction(url, tokenOf(40), r1[39]!.id, { type: 'submit', text: 'x', attachmentIds: [] })).body.error?.code).toBe('task_state');
    expect((await taskAction(url, tokenOf(12), r1[11]!.id, { type: 'submit', text: '完成', attachmentIds: [] })).body.error?.code).toBe('evidence_required');
    expect((await taskAction(url, tokenOf(12), r1[11]!.id, { type: 'request_extension', reason: 'r', proposedDate: deadline })).body.error?.code).toBe('deadline_invalid');
    expect((await taskAction(url, tokenOf(12), r1[11]!.id, { type: 'accept' })).status).toBe(403);
    expect((await taskAction(url, tokenOf(13), r1[11]!.id, { type: 'report', text: 'x' })).status).toBe(403);
    expect((await taskAction(url, secretary.token, r1[11]!.id, { type: 'report', text: 'x' })).status).toBe(403);
    expect((await api(url, 'POST', `/api/tasks/${r1[11]!.id}/actions`, { type: 'sign', extra: 1 }, tokenOf(12))).status).toBe(400);
    expect((await api(url, 'POST', `/api/tasks/${r1[11]!.id}/actions`, { type: 'fly' }, tokenOf(12))).status).toBe(400);
    expect((await api(url, 'POST', `/api/tasks/${r1[11]!.id}/actions`, { type: 'sign' })).status).toBe(401);
    // Files: the bytes decide, not the name; a venue cannot send another task's upload.
    expect((await upload(url, tokenOf(12), r1[11]!.id, new TextEncoder().encode('MZ\x90\x00 not a pdf'), '通知.pdf', 'application/pdf')).body.error?.code).toBe('unsupported_file');
    expect((await upload(url, tokenOf(12), r1[11]!.id, new Uint8Array(0), 'x.pdf')).status).toBe(400);
    expect((await upload(url, tokenOf(45), r1[44]!.id, SAMPLE_PDF, 'x.pdf')).body.error?.code).toBe('task_state');
    // Size and count limits: one byte over 20 MB is refused before it is stored; 20 files waiting to be sent at most.
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(SAMPLE_PDF);
    expect((await upload(url, tokenOf(14), r1[13]!.id, big, '大文件.pdf')).status).toBe(413);
    // Who may not upload is refused before the body is read: the answer comes while the file is still unsent.
    const early = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${url}/api/tasks/${r1[11]!.id}/attachments`);
      const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${tokenOf(13)}`, 'content-type': 'application/octet-stream', 'content-length': String(MAX_ATTACHMENT_BYTES) } });
      req.on('response', (res) => { resolve(res.statusCode ?? 0); res.resume(); req.destroy(); });
      req.on('error', reject);
      req.write(SAMPLE_PDF); // the rest never comes
    });
    expect(early).toBe(403);
    for (let i = 0; i < MAX_UNSENT_UPLOADS; i++) await mustUpload(url, tokenOf(14), r1[13]!.id);
    expect((await upload(url, tokenOf(14), r1[13]!.id, SAMPLE_PDF, 'x.pdf')).body.error?.code).toBe('payload_too_large');
    expect((await storedFiles(server, meetingId)).length).toBe((await server.app.store.tasks.allAttachmentIds()).length);
    const foreign = await mustUpload(url, tokenOf(13), r1[12]!.id);
    expect((await taskAction(url, tokenOf(12), r1[11]!.id, { type: 'report', text: 'x', attachmentIds: [foreign] })).status).toBe(400);
    // Downloads: the detected type, as an attachment, never sniffed; the file on disk is not executable.
    const reported = (await api<{ entries: { action: string; attachments: { id: string; name: string }[] }[] }>(url, 'GET', `/api/tasks/${r1[0]!.id}`, undefined, secretary.token)).body;
    const file = reported.entries.find((e) => e.action === 'reported')!.attachments[0]!;
    for (const token of [tokenOf(1), secretary.token, organiser]) {
      const res = await fetch(`${url}/api/tasks/${r1[0]!.id}/attachments/${file.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="luoshi-attachment\.pdf"; filename\*=UTF-8''/);
      expect(decodeURIComponent(res.headers.get('content-disposition')!.split("''")[1]!)).toBe('落实情况.pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(SAMPLE_PDF))).toBe(true);
    }
    expect((await fetch(`${url}/api/tasks/${r1[0]!.id}/attachments/${file.id}`, { headers: { authorization: `Bearer ${tokenOf(2)}` } })).status).toBe(403);
    if (server.app.store.database.dialect === 'sqlite') {
      const mode = fs.statSync(`${server.dataFile}.attachments/${meetingId}/${file.id}`).mode & 0o777;
      expect(mode).toBe(0o600);
    }
    // Another organiser sees nothing of this meeting.
    expect((await api(url, 'POST', '/api/organisers', { username: 'other', displayName: '另一单位', password: 'other-password-1' }, organiser)).status).toBe(201);
    const other = (await api<{ token: string }>(url, 'POST', '/api/auth/login', { username: 'other', password: 'other-password-1' })).body.token;
    expect((await taskAction(url, other, r1[11]!.id, { type: 'remind' })).status).toBe(404);
    expect((await api(url, 'GET', `/api/meetings/${meetingId}/followup`, undefined, other)).status).toBe(404);
    expect((await api(url, 'GET', `/api/meetings/${meetingId}/followup`, undefined, tokenOf(1))).status).toBe(403);
  });

  it('催办 goes live to the venue; a round again reaches only who has not reacted', async () => {
    const url = server.url;
    const s = connectClient(url, tokenOf(40));
    sockets.push(s);
    await connected(s);
    const mirror = new MeetingMirror(s);
    await mirror.until(() => mirror.tasks.size === 7);
    const first = await api<{ reminded: string[]; reacted: string[]; tooSoon: string[] }>(url, 'POST', `/api/meetings/${meetingId}/followup/remind`, { requirementId: r1[0]!.requirementId, message: '请抓紧签收办理' }, secretary.token);
    expect(first.body.reminded).toHaveLength(40);
    await mirror.until(() => [...mirror.taskEntries.values()].some((e) => e.action === 'reminded' && e.text === '请抓紧签收办理'), 10_000, '催办 at venue 40');
    const again = await api<{ reminded: string[]; tooSoon: string[] }>(url, 'POST', `/api/meetings/${meetingId}/followup/remind`, { requirementId: r1[0]!.requirementId }, secretary.token);
    expect([again.body.reminded.length, again.body.tooSoon.length]).toEqual([0, 40]);
    for (const n of range(31, 35)) await mustAct(url, tokenOf(n), r1[n - 1]!.id, { type: 'sign' });
    offsetMs += 31 * 60_000;
    const third = await api<{ reminded: string[]; reacted: string[] }>(url, 'POST', `/api/meetings/${meetingId}/followup/remind`, { requirementId: r1[0]!.requirementId }, organiser);
    expect([third.body.reminded.length, third.body.reacted.length]).toEqual([35, 5]);
    expect(new Set(third.body.reacted)).toEqual(new Set(range(31, 35).map((n) => r1[n - 1]!.id)));
    // One task alone within the interval: refused.
    expect((await taskAction(url, secretary.token, r1[49]!.id, { type: 'remind' })).body.error?.code).toBe('remind_too_soon');
  });

  it('the clock moves past the deadlines: warnings fire once, the board and 通报 are exact, across a restart', async () => {
    // Two days before the due date: 蓝 for every open task due then (all but the two extended ones).
    offsetMs += 8 * DAY;
    expect(await server.app.followup.sweep()).toBe(38 + 6 * 50);
    offsetMs += 4 * DAY;
    expect(await server.app.followup.sweep()).toBe(38 + 6 * 50);
    expect(await server.app.followup.sweep()).toBe(0);

    const check = async () => {
      const b = await board(server.url, secretary.token, meetingId);
      expect(b.figures).toEqual({ total: 350, done: 10, completionRate: 10 / 350, overdue: 338, doneLate: 0, averageDaysLate: 2, pending: 315, inProgress: 21, extensionRequested: 2, extended: 2, review: 0 });
      expect(b.byRequirement[0]).toMatchObject({ total: 50, done: 10, overdue: 38, pending: 15, extensionRequested: 2 });
      expect(b.byRequirement.slice(1).map((r) => r.overdue)).toEqual([50, 50, 50, 50, 50, 50]);
      const count = (f: (t: (typeof b.tasks)[number]) => boolean) => b.tasks.filter(f).length;
      expect([count((t) => t.display === 'overdue'), count((t) => t.display === 'done'), count((t) => t.display === 'extended')]).toEqual([338, 10, 2]);
      expect([count((t) => t.warning === 'red'), count((t) => t.warning === 'yellow'), count((t) => t.warning === 'blue'), count((t) => t.warning === null)]).toEqual([338, 0, 0, 12]);
      const unit1 = b.byUnit.find((u) => u.label === '第1县公安局')!;
      expect(unit1).toMatchObject({ total: 7, done: 1, overdue: 6 });
      return b;
    };
    await check();
    const fired = await sql<{ level: string; n: number }>`SELECT level, COUNT(*) AS n FROM task_warnings GROUP BY level ORDER BY level`.execute(server.app.store.database.kysely);
    expect(fired.rows).toEqual([{ level: 'blue', n: 338 }, { level: 'red', n: 338 }, { level: 'yellow', n: 1 }]);

    // Restart on the same database: nothing fires again, the board is the same.
    const dataFile = server.dataFile;
    await server.close();
    server = await start(dataFile);
    expect(await server.app.followup.sweep()).toBe(0);
    // The boot sweep removed the uploads never sent with a report (over a day old): rows and files.
    expect(await server.app.store.tasks.unsentCount(r1[13]!.id)).toBe(0);
    expect(await server.app.store.tasks.unsentCount(r1[12]!.id)).toBe(0);
    const kept = await server.app.store.tasks.allAttachmentIds();
    expect(kept.length).toBeGreaterThan(0);
    expect((await storedFiles(server, meetingId)).sort()).toEqual(kept.map((a) => a.id).sort());
    await check();

    // 通报 XLSX and DOCX. Figure columns: tasks, closed, rate, overdue, closed late, days late, then
    // per status 待签收, 推进中, 申请延期, 已延期, 待复核.
    const xlsx = await fetchReportXlsx(server.url, secretary.token, `/api/meetings/${meetingId}/followup/report.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.disposition).toContain('督查通报.xlsx');
    expect(xlsx.row('按会议', 2).slice(2)).toEqual([350, 10, '2.9%', 338, 0, 2, 315, 21, 2, 2, 0]);
    expect(xlsx.rowCount('按单位')).toBe(51);
    expect(xlsx.row('按单位', 2)).toEqual(['第1县公安局', 7, 1, '14.3%', 6, 0, 2, 6, 0, 0, 0, 0]);
    expect(xlsx.rowCount('任务明细')).toBe(351);
    const text = await fetchNoticeText(server.url, organiser, `/api/meetings/${meetingId}/followup/notice.docx`);
    expect(text).toContain('交办任务共350项，已办结10项，办结率2.9%；超期未办结338项，平均逾期2天；待签收315项，申请延期待审批2项');
    expect(text).toContain('存在超期事项的单位（50个）');
    // The 督办台账 of the records issue shows the live status (first requirement: overdue at 38 units).
    const csv = await api(server.url, 'GET', `/api/meetings/${meetingId}/export/requirements.csv`, undefined, secretary.token);
    const firstRow = csv.text.split('\r\n')[1] ?? '';
    expect(firstRow).toContain('逾期');
    expect(firstRow).toContain('办结10/50个单位，超期38个');
    // Across meetings, for the organiser.
    const overview = await api<FollowupOverview>(server.url, 'GET', '/api/followup', undefined, organiser);
    expect(overview.body.total).toMatchObject({ total: 350, done: 10, overdue: 338 });
    expect(overview.body.meetings[0]).toMatchObject({ meetingId, red: 338, yellow: 0, blue: 0 });
    expect(overview.body.attention.slice(0, 2).map((t) => t.display)).toEqual(['overdue', 'overdue']);
  });
});
