/**
 * Issue 12: a requirement naming its units goes to their venues once the secretary confirms the
 * mapping (real SQLite, sockets, the real extractor with a scripted recogniser). Collective units
 * go to every branch venue at the meeting's end; named units wait; confirming issues, narrowing
 * cancels (audited), widening issues again; a venue's inbox holds only its own tasks. Closing the
 * corrections (the secretary approves the corrected minutes) refreshes the tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchReply, FollowupBoard } from '../shared/followup/schemas.ts';
import { createScriptedTranscription, type ScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { JoinReply, MeetingCreated } from '../shared/protocol/rest.ts';
import { board } from './helpers/followup.ts';
import { until } from './helpers/until.ts';
import { SAMPLE_MEETING, api, command, connectClient, connected, join, organiserToken, startServer, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';

const SPEECH = [
  '下面，我讲三点要求。',
  '第一，要加强巡逻防控。东城分局要在年底前拿出巡逻方案。',
  '第二，要抓好宣传发动。各单位要在下周五前报送宣传计划。',
  '第三，要整治交通秩序。西城分局和朝阳分局要在10月30号前完成排查。',
  '好，我就讲这些。',
];
const NAMES = ['东城分局', '西城分局', '朝阳分局', '海淀分局'];

let server: TestServer;
let scripted: ScriptedTranscription;
let meetingId: string;
let secretary: JoinReply;
let venues: JoinReply[] = [];
const sockets: ClientSocket[] = [];
const venueId = (name: string) => venues.find((v) => v.venue.name === name)!.venue.id;

async function confirm(requirementId: string, venueIds: string[] | null, token = secretary.token) {
  return api<DispatchReply & { error?: { code: string } }>(server.url, 'PUT', `/api/meetings/${meetingId}/followup/scope`, { requirementId, venueIds }, token);
}
const live = (b: FollowupBoard, requirementId: string) => b.tasks.filter((t) => t.requirementId === requirementId && t.status !== 'cancelled').map((t) => t.venueName).sort();

beforeAll(async () => {
  scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted, followupSweepMs: null });
  const organiser = await organiserToken(server.url);
  const created = (await api<MeetingCreated>(server.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser)).body;
  meetingId = created.meeting.id;
  const host = await join(server.url, created.hostCode);
  secretary = await join(server.url, created.secretaryCode);
  expect((await api(server.url, 'POST', `/api/meetings/${meetingId}/venues`, { venues: NAMES.map((name) => ({ name, level: '县' })) }, host.token)).status).toBe(200);
  const codes = (await api<{ entries: { role: string; code: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token)).body.entries;
  venues = await Promise.all(codes.filter((e) => e.role === 'venue').map((e) => join(server.url, e.code)));
  const hostSocket = connectClient(server.url, host.token);
  sockets.push(hostSocket);
  await connected(hostSocket);
  unwrap(await command(hostSocket, 'meeting:start', {}));
  unwrap(await command(hostSocket, 'audio:start', { sampleRate: 16000 }));
  for (const u of SPEECH) scripted.say(meetingId, u);
  unwrap(await command(hostSocket, 'meeting:end', {}));
  // Tasks are issued in the background after the end: wait until the collective one went to every venue.
  await until(async () => (await board(server.url, secretary.token, meetingId)).tasks.length >= NAMES.length, 'tasks issued at the end');
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('follow-up scope: responsible units → venues, confirmed by the secretary', () => {
  it('issues collective requirements to every venue and holds named units with a suggestion', async () => {
    const b = await board(server.url, secretary.token, meetingId);
    expect(b.scopes.map((s) => s.responsible)).toEqual([['东城分局'], ['各单位'], ['西城分局和朝阳分局']]);
    const [r1, r2, r3] = b.scopes;
    expect(r1!.venueIds).toBeNull();
    expect(r1!.suggestion).toEqual({ all: false, venueIds: [venueId('东城分局')], units: [{ unit: '东城分局', all: false, venueIds: [venueId('东城分局')] }] });
    expect(r2!.venueIds).toHaveLength(4);
    expect(r3!.venueIds).toBeNull();
    expect(r3!.suggestion.venueIds).toEqual([venueId('西城分局'), venueId('朝阳分局')]);
    expect(live(b, r1!.requirementId)).toEqual([]);
    expect(live(b, r2!.requirementId)).toEqual([...NAMES].sort());
    expect(live(b, r3!.requirementId)).toEqual([]);
    // Issuing again holds the same two and creates nothing.
    const again = await api<DispatchReply>(server.url, 'POST', `/api/meetings/${meetingId}/followup/dispatch`, undefined, secretary.token);
    expect(again.body).toEqual({ created: 0, updated: 0, cancelled: 0, held: 2 });
  });

  it('issues on confirmation, cancels a venue confirmed out (audited), issues again to one confirmed back', async () => {
    const [r1, , r3] = (await board(server.url, secretary.token, meetingId)).scopes;
    const dc = connectClient(server.url, venues.find((v) => v.venue.name === '东城分局')!.token);
    sockets.push(dc);
    await connected(dc);
    const mirror = new MeetingMirror(dc);
    await mirror.until(() => mirror.tasks.size === 1, 10_000, 'the collective task at 东城分局');

    expect((await confirm(r1!.requirementId, [venueId('东城分局')])).body).toEqual({ created: 1, updated: 0, cancelled: 0, held: 1 });
    await mirror.until(() => mirror.tasks.size === 2, 10_000, 'the confirmed task reaches 东城分局 live');
    const mine = [...mirror.tasks.values()].find((t) => t.requirementId === r1!.requirementId)!;
    expect(mine.deadline).toMatch(/-12-31$/);

    // The secretary widens 三 to 东城 too, then narrows it to 西城 only.
    expect((await confirm(r3!.requirementId, [venueId('西城分局'), venueId('朝阳分局'), venueId('东城分局')])).body).toEqual({ created: 3, updated: 0, cancelled: 0, held: 0 });
    expect((await confirm(r3!.requirementId, [venueId('西城分局')])).body).toEqual({ created: 0, updated: 0, cancelled: 2, held: 0 });
    let b = await board(server.url, secretary.token, meetingId);
    expect(live(b, r3!.requirementId)).toEqual(['西城分局']);
    expect(b.scopes[2]!.confirmed).toMatchObject({ venueIds: [venueId('西城分局')] });
    const dcTask = b.tasks.find((t) => t.requirementId === r3!.requirementId && t.venueName === '东城分局')!;
    await mirror.until(() => mirror.tasks.get(dcTask.id)?.status === 'cancelled', 10_000, '东城 sees its task withdrawn');
    const detail = await api<{ entries: { action: string; actor: { kind: string }; text: string | null }[] }>(server.url, 'GET', `/api/tasks/${dcTask.id}`, undefined, secretary.token);
    expect(detail.body.entries.map((e) => e.action)).toEqual(['created', 'cancelled']);
    expect(detail.body.entries[1]).toMatchObject({ actor: { kind: 'secretary' }, text: '经确认不属于本项责任单位' });

    // Every venue: 东城 back in (issued again, pending), the others created.
    expect((await confirm(r3!.requirementId, null)).body).toEqual({ created: 3, updated: 0, cancelled: 0, held: 0 });
    b = await board(server.url, secretary.token, meetingId);
    expect(live(b, r3!.requirementId)).toEqual([...NAMES].sort());
    expect(b.tasks.find((t) => t.id === dcTask.id)!.status).toBe('pending');
    await mirror.until(() => mirror.tasks.get(dcTask.id)?.status === 'pending', 10_000, '东城 gets it again');
    expect(mirror.tasks.size).toBe(3);
  });

  it('closing the corrections refreshes the tasks: corrected wording and deadline, a withdrawn requirement cancelled', async () => {
    const [r1, r2] = (await board(server.url, secretary.token, meetingId)).scopes;
    const sec = connectClient(server.url, secretary.token);
    sockets.push(sec);
    await connected(sec);
    unwrap(await command(sec, 'meeting:reopen', {}));
    unwrap(await command(sec, 'requirement:edit', { requirementId: r2!.requirementId, fields: { text: '各单位要在年底前报送宣传计划和工作总结。', deadline: '年底前' } }));
    unwrap(await command(sec, 'requirement:withdraw', { requirementId: r1!.requirementId }));
    // Nothing changes for the venues until the corrections are closed.
    let b = await board(server.url, secretary.token, meetingId);
    expect(b.tasks.filter((t) => t.requirementId === r2!.requirementId).every((t) => t.deadline !== null && !t.deadline.endsWith('-12-31'))).toBe(true);
    unwrap(await command(sec, 'meeting:close-corrections', {}));
    const dc = connectClient(server.url, venues.find((v) => v.venue.name === '东城分局')!.token);
    sockets.push(dc);
    await connected(dc);
    const mirror = new MeetingMirror(dc);
    await mirror.until(() => [...mirror.tasks.values()].some((t) => t.requirementId === r2!.requirementId && t.deadline?.endsWith('-12-31') === true), 10_000, 'the corrected deadline at 东城分局');
    b = await board(server.url, secretary.token, meetingId);
    const t2 = b.tasks.filter((t) => t.requirementId === r2!.requirementId);
    expect(t2).toHaveLength(4);
    expect(t2.every((t) => t.requirement.text === '各单位要在年底前报送宣传计划和工作总结。' && t.deadline!.endsWith('-12-31') && t.status === 'pending')).toBe(true);
    const t1 = b.tasks.find((t) => t.requirementId === r1!.requirementId)!;
    expect(t1.status).toBe('cancelled');
    expect(b.scopes.map((x) => x.requirementId)).not.toContain(r1!.requirementId);
    const detail = await api<{ entries: { action: string; text: string | null }[] }>(server.url, 'GET', `/api/tasks/${t1.id}`, undefined, secretary.token);
    expect(detail.body.entries.at(-1)).toMatchObject({ action: 'cancelled', text: '会议要求已撤回' });
  });

  it('refuses bad scopes and venues', async () => {
    const r1 = (await board(server.url, secretary.token, meetingId)).scopes.at(-1);
    expect((await confirm(r1!.requirementId, [])).status).toBe(400);
    expect((await confirm(r1!.requirementId, ['nope'])).status).toBe(400);
    expect((await confirm('not-a-requirement', null)).status).toBe(400);
    expect((await confirm(r1!.requirementId, null, venues[0]!.token)).status).toBe(403);
    // Nothing changed by the refusals.
    const b = await board(server.url, secretary.token, meetingId);
    expect(live(b, r1!.requirementId)).toEqual([...NAMES].sort());
  });
});
