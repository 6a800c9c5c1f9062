/** Follow-up helpers for integration tests: task commands, uploads, boards and 通报 files over real HTTP. */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { FollowupBoard, TaskActionBody, TaskActionReply, AttachmentUploadReply } from '../../shared/followup/schemas.ts';
import { api } from './server.ts';

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
