/**
 * The secretary's minutes draft over HTTP on the real server: the generated draft, edits stored
 * with a revision (a stale one refused), validation, roles, the minutes exports rendering the
 * stored edits, and edits flagged when the requirement changes afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesDraftReply, MinutesEdits } from '../shared/protocol/minutes.ts';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { entry, paragraphs, readPackage } from '../server/exports/testing/read-package.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { api, command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket, type MeetingFixture, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

let server: TestServer;
let f: MeetingFixture;
let meetingId: string;
let sec: MeetingMirror;
const sockets: ClientSocket[] = [];
let url: string;

async function client(token: string): Promise<ClientSocket> {
  const s = connectClient(server.url, token);
  sockets.push(s);
  await connected(s);
  return s;
}

async function docxText(token: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/meetings/${meetingId}/export/minutes.docx`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return paragraphs(entry(readPackage(new Uint8Array(await res.arrayBuffer())), 'word/document.xml')).map((p) => p.text).filter(Boolean);
}

beforeAll(async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted });
  f = await setupMeeting(server.url, 1, { title: '全市推进两为整治工作电视电话会议', organiser: '市公安局', speakers: [{ name: '王国强', role: '副局长' }] });
  meetingId = f.created.meeting.id;
  url = `/api/meetings/${meetingId}/minutes-draft`;
  const host = await client(f.host.token);
  sec = new MeetingMirror(await client(f.secretary.token));
  await sec.until(() => sec.lastSeq !== null);
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
  unwrap(await command(host, 'meeting:end', {}));
  await sec.until(() => sec.orderedRequirements().length === 7, 10_000, 'seven requirements');
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('minutes draft', () => {
  it('starts as the generated draft, revision 0', async () => {
    const r = await api<MinutesDraftReply>(server.url, 'GET', url, undefined, f.secretary.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ revision: 0, edits: {}, stale: [], orphaned: [], updatedAt: null });
    expect(r.body.draft).toEqual(r.body.generated);
    expect(r.body.draft.title).toBe('全市推进两为整治工作电视电话会议纪要');
    expect(r.body.draft.sections[0]?.items.map((i) => i.headline.replace(/[。，]$/, ''))).toHaveLength(7);
    expect((await api(server.url, 'GET', url, undefined, f.venues[0]!.token)).status).toBe(403);
    expect((await api(server.url, 'GET', url)).status).toBe(401);
  });

  it('stores the secretary’s edits; the DOCX and Markdown exports render them', async () => {
    const before = (await api<MinutesDraftReply>(server.url, 'GET', url, undefined, f.secretary.token)).body;
    const first = before.draft.sections[0]!.items[0]!;
    const version = sec.requirements.get(first.requirementId)?.version ?? 1;
    const edits: MinutesEdits = {
      opening: '2026年12月3日上午，市公安局召开全市推进两为整治工作电视电话会议。现将会议议定事项纪要如下：',
      headings: { [before.draft.sections[0]!.listId]: '王国强副局长讲话' },
      items: { [first.requirementId]: { headline: '要周密组织部署。', body: '各单位要把宣传发动作为首要工作。', basedOnVersion: version } },
      attendance: [{ label: '出席', text: '市公安局、各分县局' }, { label: '列席', text: '市纪委监委派驻纪检组' }],
    };
    const put = await api<MinutesDraftReply>(server.url, 'PUT', url, { edits, revision: 0 }, f.secretary.token);
    expect(put.status).toBe(200);
    expect(put.body.revision).toBe(1);
    expect(put.body.draft.opening).toBe(edits.opening);
    expect(put.body.draft.sections[0]!.heading).toBe('王国强副局长讲话');
    expect(put.body.generated.opening).not.toBe(edits.opening);

    const text = await docxText(f.secretary.token);
    expect(text[1]).toBe(edits.opening);
    expect(text).toContain('一、王国强副局长讲话');
    expect(text.find((t) => t.startsWith('（一）'))).toBe('（一）要周密组织部署。各单位要把宣传发动作为首要工作。（责任单位：各单位、各分县局）');
    expect(text.slice(-2)).toEqual(['出席：市公安局、各分县局', '列席：市纪委监委派驻纪检组']);
    const md = await (await fetch(`${server.url}/api/meetings/${meetingId}/export/minutes.md`, { headers: { authorization: `Bearer ${f.host.token}` } })).text();
    expect(md).toContain('**（一）要周密组织部署**。各单位要把宣传发动作为首要工作。');
    expect(md).toContain('**列席**：市纪委监委派驻纪检组');
  });

  it('refuses a stale revision, another meeting’s requirements and malformed edits, losing nothing', async () => {
    const stale = await api<{ error: { code: string } }>(server.url, 'PUT', url, { edits: { opening: '覆盖' }, revision: 0 }, f.host.token);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect((await api(server.url, 'PUT', url, { edits: { items: { 'not-ours': { headline: 'x', basedOnVersion: 1 } } }, revision: 1 }, f.secretary.token)).status).toBe(400);
    expect((await api(server.url, 'PUT', url, { edits: { opening: '' }, revision: 1 }, f.secretary.token)).status).toBe(400);
    expect((await api(server.url, 'PUT', url, { edits: { items: { x: { headline: 'no version' } } }, revision: 1 }, f.secretary.token)).status).toBe(400);
    expect((await api(server.url, 'PUT', url, { edits: {}, revision: 1 }, f.venues[0]!.token)).status).toBe(403);
    const now = (await api<MinutesDraftReply>(server.url, 'GET', url, undefined, f.secretary.token)).body;
    expect(now.revision).toBe(1);
    expect(now.draft.opening.startsWith('2026年12月3日上午')).toBe(true);
  });

  it('flags an edited item when its requirement changes afterwards; a reset returns to the generated draft', async () => {
    const now = (await api<MinutesDraftReply>(server.url, 'GET', url, undefined, f.secretary.token)).body;
    const id = Object.keys(now.edits.items ?? {})[0]!;
    unwrap(await command(sec.socket, 'meeting:reopen', {}));
    unwrap(await command(sec.socket, 'requirement:edit', { requirementId: id, fields: { deadline: '十二月底前' } }));
    const flagged = (await api<MinutesDraftReply>(server.url, 'GET', url, undefined, f.secretary.token)).body;
    expect(flagged.stale).toEqual([id]);
    // the parts the secretary did not edit follow the correction
    expect(flagged.draft.sections[0]!.items[0]!.deadline).toBe('十二月底前');
    const reset = await api<MinutesDraftReply>(server.url, 'PUT', url, { edits: {}, revision: flagged.revision }, f.secretary.token);
    expect(reset.body.revision).toBe(2);
    expect(reset.body.draft).toEqual(reset.body.generated);
    const audit = await api<{ entries: { action: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, undefined, f.secretary.token);
    expect(audit.body.entries.filter((e) => e.action === 'minutes:edit')).toHaveLength(2);
  });
});
