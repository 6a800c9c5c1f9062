/**
 * Export routes over HTTP with the real server, real SQLite, the real extractor and real venue
 * sockets: a meeting with the seven-points speech (scripted recogniser), venues that join on time,
 * late or never, and acknowledge; then every export is downloaded and opened again.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { EXPORT_KINDS } from '../server/exports/catalogue.ts';
import { clockTime, isoDate } from '../server/exports/format.ts';
import { entry, paragraphs, readPackage } from '../server/exports/testing/read-package.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { api, command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket, type MeetingFixture, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

const TITLE = '全市推进两为整治工作电视电话会议';
/**
 * The route names the secretary desk probes, read from its source (the Solid component cannot be
 * imported under Node), so a rename on either side fails here.
 */
const DESK_EXPORT_PATHS = [
  ...fs.readFileSync(path.join(import.meta.dirname, '..', 'client', 'src', 'views', 'secretary', 'ExportBar.tsx'), 'utf8').matchAll(/path: '([^']+)'/g),
].map((m) => m[1] ?? '');
/**
 * The seven headlines as the scripted recogniser delivers them (it skips the recogniser's
 * normaliser, so 第三 stays in traditional characters; the export demo test checks the real path).
 */
const HEADLINES = ['要精心组织部署', '要走访听取意见', '要真抓實改問題', '要加强队伍管理', '要形成宣传声势', '要组织民警参与', '要严肃追究问责'];

interface Download {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

async function download(url: string, token: string | null, method = 'GET'): Promise<Download> {
  const res = await fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The UTF-8 file name from `filename*=UTF-8''…`. */
function fileName(headers: Headers): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(headers.get('content-disposition') ?? '')?.[1];
  if (!encoded) throw new Error(`no filename* in ${headers.get('content-disposition')}`);
  return decodeURIComponent(encoded);
}

let server: TestServer;
let f: MeetingFixture;
let meetingId: string;
let base: string;
let lateJoinedAt: string;
const sockets: ClientSocket[] = [];

async function client(token: string): Promise<ClientSocket> {
  const s = connectClient(server.url, token);
  sockets.push(s);
  await connected(s);
  return s;
}

/** Acknowledge every published requirement the mirror shows (received; relayed too when asked). */
async function ackAll(m: MeetingMirror, relayed: boolean): Promise<void> {
  for (const r of m.orderedRequirements()) {
    unwrap(await command(m.socket, 'ack:submit', { requirementId: r.id, kind: 'received' }));
    if (relayed) unwrap(await command(m.socket, 'ack:submit', { requirementId: r.id, kind: 'relayed' }));
  }
}

beforeAll(async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted });
  // 3 county venues under 某市公安局 (which never connects: absent)
  f = await setupMeeting(server.url, 3, { title: TITLE, organiser: '市公安局', speakers: [{ name: '王国强', role: '副局长' }] });
  meetingId = f.created.meeting.id;
  base = `${server.url}/api/meetings/${meetingId}/export`;
  const host = await client(f.host.token);
  const onTime = await Promise.all(f.venues.slice(0, 2).map(async (v) => new MeetingMirror(await client(v.token))));
  await Promise.all(onTime.map((m) => m.until(() => m.lastSeq !== null)));
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  const late = new MeetingMirror(await client(f.venues[2]!.token));
  for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
  unwrap(await command(host, 'meeting:end', {}));
  for (const m of [...onTime, late]) await m.until(() => m.orderedRequirements().length === 7, 10_000, 'seven requirements');
  await ackAll(onTime[0]!, true);
  await ackAll(onTime[1]!, false);
  await ackAll(late, false);
  const presence = (await api<{ presence: { venueId: string; joinedAt: string }[] }>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token)).body.presence;
  lateJoinedAt = presence.find((p) => p.venueId === f.venues[2]!.venue.id)?.joinedAt ?? '';
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('export routes', () => {
  it('serve every export to the secretary with its media type and a Chinese file name', async () => {
    const meeting = await server.app.store.meetings.get(meetingId);
    const date = isoDate(meeting?.startedAt ?? '');
    for (const kind of EXPORT_KINDS) {
      const res = await download(`${base}/${kind.name}`, f.secretary.token);
      expect(res.status, kind.name).toBe(200);
      expect(res.headers.get('content-type')).toBe(kind.contentType);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="luoshi-\d{4}-\d\d-\d\d-[a-z]+\.[a-z]+"; filename\*=UTF-8''/);
      expect(fileName(res.headers)).toBe(`${date} ${TITLE} ${kind.label}.${kind.extension}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(Number(res.headers.get('content-length'))).toBe(res.bytes.byteLength);
      expect(res.bytes.byteLength).toBeGreaterThan(100);
    }
  });

  it('answer the secretary desk’s HEAD probes without a body, for every export the desk offers', async () => {
    expect([...DESK_EXPORT_PATHS].sort()).toEqual(EXPORT_KINDS.map((k) => k.name).sort());
    for (const name of DESK_EXPORT_PATHS) {
      const res = await download(`${base}/${name}`, f.secretary.token, 'HEAD');
      expect(res.status, name).toBe(200);
      expect(res.bytes.byteLength).toBe(0);
      expect(fileName(res.headers).endsWith(name.slice(name.lastIndexOf('.')))).toBe(true);
    }
  });

  it('refuse missing tokens, venues, other meetings, unknown exports and deleted meetings', async () => {
    expect((await download(`${base}/minutes.docx`, null)).status).toBe(401);
    expect((await download(`${base}/minutes.docx`, null, 'HEAD')).status).toBe(401);
    const venue = await download(`${base}/minutes.docx`, f.venues[0]!.token);
    expect(venue.status).toBe(403);
    expect(JSON.parse(new TextDecoder().decode(venue.bytes))).toMatchObject({ error: { code: 'forbidden' } });
    const other = await setupMeeting(server.url, 1);
    expect((await download(`${base}/acks.csv`, other.host.token)).status).toBe(403);
    expect((await download(`${base}/minutes.pdf`, f.host.token)).status).toBe(404);
    expect((await download(`${server.url}/api/meetings/${'x'.repeat(65)}/export/minutes.md`, f.host.token)).status).toBe(400);
    expect((await api(server.url, 'DELETE', `/api/meetings/${other.created.meeting.id}`, undefined, other.host.token)).status).toBe(204);
    const gone = await download(`${server.url}/api/meetings/${other.created.meeting.id}/export/minutes.docx`, other.host.token);
    expect(gone.status).toBe(404);
    expect((await download(`${server.url}/api/meetings/${other.created.meeting.id}/export/minutes.docx`, other.host.token, 'HEAD')).status).toBe(404);
  });
});

describe('exported files of the seven-points meeting', () => {
  it('minutes.docx: the seven headlines in 楷体 in order, attendance from the venues', async () => {
    const res = await download(`${base}/minutes.docx`, f.host.token);
    const ps = paragraphs(entry(readPackage(res.bytes), 'word/document.xml')).filter((p) => p.text);
    expect(ps[0]?.text).toBe(`${TITLE}纪要`);
    expect(ps[1]?.text).toContain('市公安局召开全市推进两为整治工作电视电话会议。会议在');
    expect(ps[1]?.text).toContain('设四个分会场，实到三个。会议由王国强副局长主持并讲话，就推进两为整治工作提出七点要求。现将会议议定事项纪要如下：');
    expect(ps.find((p) => p.style === 'GbHeading1')?.text).toBe('一、王国强副局长讲话要求');
    const heads = ps.filter((p) => p.runs[0]?.eastAsia === '楷体').map((p) => p.runs[0]?.text.replace(/^（.+?）/, '').replace(/[。，]$/, ''));
    expect(heads).toEqual(HEADLINES);
    const [v0, v1, v2] = f.venues.map((v) => v.venue.name);
    expect(ps.at(-2)?.text).toBe(`出席：市公安局、${v0}、${v1}、${v2}（${clockTime(lateJoinedAt)}接入）`);
    expect(ps.at(-1)?.text).toBe('请假：某市公安局'); // never online: 请假 by default, for the secretary to check
    // the same meeting downloads byte-identical
    const again = await download(`${base}/minutes.docx`, f.secretary.token);
    expect(Buffer.from(again.bytes).equals(Buffer.from(res.bytes))).toBe(true);
  });

  it('ledger.xlsx and requirements.csv: one row per requirement and unit', async () => {
    const wb = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer type; a Node Buffer over the same bytes is what it reads.
    await wb.xlsx.load(Buffer.from((await download(`${base}/ledger.xlsx`, f.host.token)).bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('督办台账');
    expect(ws?.getCell('A1').value).toBe('序号');
    const matters = [];
    for (let r = 2; r <= (ws?.actualRowCount ?? 0); r++) matters.push(String(ws?.getCell(`B${r}`).value));
    for (const h of HEADLINES) expect(matters.some((m) => m.startsWith(h))).toBe(true);
    // 第一 names 各单位 and 各分县局: two rows, 各单位 leads
    const first = [2, 3].map((r) => [ws?.getCell(`C${r}`).value, ws?.getCell(`D${r}`).value, ws?.getCell(`E${r}`).value]);
    expect(first).toEqual([['一（一）', '各单位', ''], ['一（一）', '各单位', '各分县局']]);
    const csv = (await download(`${base}/requirements.csv`, f.secretary.token)).bytes;
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv).split('\r\n')[0]).toBe('序号,议定事项,纪要位置,牵头单位,配合单位,完成时限,办理状态,备注');
  });

  it('acks.csv: every branch venue × requirement, late and absent venues marked', async () => {
    const lines = new TextDecoder().decode((await download(`${base}/acks.csv`, f.secretary.token)).bytes).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4 * 7);
    const rows = lines.slice(1).map((l) => l.split(','));
    const [v0, , v2] = f.venues.map((v) => v.venue.name);
    expect(rows.filter((r) => r[0] === v0).every((r) => r[7] === '已传达')).toBe(true);
    expect(rows.filter((r) => r[0] === v2).every((r) => r[2] === `迟到（${clockTime(lateJoinedAt)}接入）` && r[7] === '已收到')).toBe(true);
    expect(rows.filter((r) => r[0] === '某市公安局').every((r) => r[2] === '缺席' && r[7] === '未确认' && r[5] === '')).toBe(true);
  });

  it('transcript.srt and transcript.txt: the speech with the speaker name and timecodes', async () => {
    const srt = new TextDecoder().decode((await download(`${base}/transcript.srt`, f.secretary.token)).bytes);
    expect(srt.startsWith('1\r\n00:00:00,000 --> 00:00:02,000\r\n王国强：')).toBe(true);
    expect(srt.match(/-->/g)?.length).toBeGreaterThanOrEqual(10);
    const txt = new TextDecoder().decode((await download(`${base}/transcript.txt`, f.secretary.token)).bytes);
    expect(txt).toContain('[00:00:00] 王国强（副局长）');
    expect(txt).toContain('第七，要严肃追究问责。');
  });
});
