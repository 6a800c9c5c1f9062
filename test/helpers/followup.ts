/** Follow-up helpers for integration tests: task commands, uploads, boards and 通报 files over real HTTP. */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import type { FollowupBoard, TaskActionBody, TaskActionReply, AttachmentUploadReply } from '../../shared/followup/schemas.ts';
import type { ScriptedTranscription } from '../../server/transcription/scripted-transcription.ts';
import type { JoinReply, MeetingCreated } from '../../shared/protocol/rest.ts';
import { SAMPLE_MEETING, api, command, connectClient, connected, join, unwrap, type TestServer } from './server.ts';
import { until } from './until.ts';

const DAY_MS = 86_400_000;

/**
 * Ms from now to the next noon, China time (04:00 UTC). A follow-up clock started there keeps a
 * test's whole-day steps from straddling a China day boundary: due dates are China days, and days
 * late are counted from them, so a run near midnight must see the same figures as one at noon.
 */
export function untilNextChinaNoon(nowMs = Date.now()): number {
  const noon = Math.floor(nowMs / DAY_MS) * DAY_MS + 4 * 3_600_000;
  return (noon > nowMs ? noon : noon + DAY_MS) - nowMs;
}

/** A meeting that ended and issued its tasks, with everyone's sessions. */
export interface EndedMeeting {
  meetingId: string;
  title: string;
  host: JoinReply;
  secretary: JoinReply;
  /** Branch venue sessions, in the order the venues were given. */
  venues: JoinReply[];
}

/**
 * Create a meeting as `organiser` with these branch venues (county level), hold it with `speech`
 * (one utterance per line, through the scripted recogniser and the real extractor), end it, and
 * wait until its tasks are issued (in the background after the end).
 */
export async function holdEndedMeeting(url: string, organiser: string, scripted: ScriptedTranscription, o: { venues: string[]; speech: string[]; title?: string }): Promise<EndedMeeting> {
  const title = o.title ?? SAMPLE_MEETING.title;
  const c = await api<MeetingCreated>(url, 'POST', '/api/meetings', { ...SAMPLE_MEETING, title }, organiser);
  if (c.status !== 201) throw new Error(`create failed ${c.status} ${c.text}`);
  const meetingId = c.body.meeting.id;
  const host = await join(url, c.body.hostCode);
  const secretary = await join(url, c.body.secretaryCode);
  const imported = await api(url, 'POST', `/api/meetings/${meetingId}/venues`, { venues: o.venues.map((name) => ({ name, level: '县' })) }, host.token);
  if (imported.status !== 200) throw new Error(`import failed ${imported.status} ${imported.text}`);
  const codes = (await api<{ entries: { role: string; venueName: string; code: string }[] }>(url, 'GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token)).body.entries;
  const codeOf = new Map(codes.filter((e) => e.role === 'venue').map((e) => [e.venueName, e.code]));
  const venues = await Promise.all(o.venues.map((name) => join(url, codeOf.get(name) ?? '')));
  const socket = connectClient(url, host.token);
  try {
    await connected(socket);
    unwrap(await command(socket, 'meeting:start', {}));
    unwrap(await command(socket, 'audio:start', { sampleRate: 16000 }));
    for (const u of o.speech) scripted.say(meetingId, u);
    unwrap(await command(socket, 'meeting:end', {}));
  } finally {
    socket.disconnect();
  }
  await until(async () => (await board(url, secretary.token, meetingId)).dispatchedAt !== null, 'tasks issued', 30_000, 100);
  return { meetingId, title, host, secretary, venues };
}

/** A tiny valid PDF (the magic bytes are what the server checks). */
export const SAMPLE_PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function taskAction(url: string, token: string, taskId: string, body: TaskActionBody) {
  return api<TaskActionReply & { error?: { code: string } }>(url, 'POST', `/api/tasks/${taskId}/actions`, body, token);
}

/** Run a command and throw unless it succeeded. */
export async function mustAct(url: string, token: string, taskId: string, body: TaskActionBody): Promise<TaskActionReply> {
  const r = await taskAction(url, token, taskId, body);
  if (r.status !== 200) throw new Error(`${body.type} on ${taskId}: ${r.status} ${r.text}`);
  return r.body;
}

/** Upload a file as the raw body; returns the status and the reply. */
export async function upload(url: string, token: string, taskId: string, bytes: Uint8Array, name: string, contentType = 'application/octet-stream') {
  const res = await fetch(`${url}/api/tasks/${taskId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    body: new Blob([new Uint8Array(bytes)]),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as AttachmentUploadReply & { error?: { code: string } } };
}

export async function mustUpload(url: string, token: string, taskId: string, bytes: Uint8Array = SAMPLE_PDF, name = '落实情况.pdf'): Promise<string> {
  const r = await upload(url, token, taskId, bytes, name);
  if (r.status !== 201) throw new Error(`upload ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.attachment.id;
}

/** The attachment ids whose bytes are stored: files beside a SQLite database, rows of attachment_blobs on PostgreSQL. */
export async function storedFiles(s: TestServer, meetingId: string): Promise<string[]> {
  if (s.app.store.database.dialect === 'sqlite') {
    const dir = `${s.dataFile}.attachments/${meetingId}`;
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.includes('.tmp')) : [];
  }
  const rows = await sql<{ id: string }>`SELECT id FROM attachment_blobs WHERE meeting_id = ${meetingId}`.execute(s.app.store.database.kysely);
  return rows.rows.map((r) => r.id);
}

export async function board(url: string, token: string, meetingId: string): Promise<FollowupBoard> {
  const r = await api<FollowupBoard>(url, 'GET', `/api/meetings/${meetingId}/followup`, undefined, token);
  if (r.status !== 200) throw new Error(`board ${r.status} ${r.text}`);
  return r.body;
}

/** A 督查通报 XLSX downloaded and read back with exceljs. */
export interface ReportWorkbook {
  status: number;
  /** The Content-Disposition header, percent-decoded. */
  disposition: string;
  workbook: ExcelJS.Workbook;
  /** A row's cell values (row 1 is the header). */
  row(sheet: string, n: number): unknown[];
  rowCount(sheet: string): number;
}

/** GET an XLSX report route (`/api/…/report.xlsx`) as `token` and read it back. */
export async function fetchReportXlsx(url: string, token: string, route: string): Promise<ReportWorkbook> {
  const res = await fetch(url + route, { headers: { authorization: `Bearer ${token}` } });
  const workbook = new ExcelJS.Workbook();
  if (res.ok) await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer); // exceljs types want an ArrayBuffer; a Buffer is what it reads
  const sheet = (name: string) => {
    const ws = workbook.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name} in ${route}`);
    return ws;
  };
  return {
    status: res.status,
    disposition: decodeURIComponent(res.headers.get('content-disposition') ?? ''),
    workbook,
    row: (name, n) => (sheet(name).getRow(n).values as unknown[]).slice(1),
    rowCount: (name) => sheet(name).rowCount,
  };
}

/** GET a DOCX notice route (`/api/…/notice.docx`) as `token`: the text of word/document.xml, tags removed. */
export async function fetchNoticeText(url: string, token: string, route: string): Promise<string> {
  const res = await fetch(url + route, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
  return xml.replace(/<[^>]+>/g, '');
}
