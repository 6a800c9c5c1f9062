/**
 * Every export the server offers: its route name, what it is called in Chinese file names, its
 * media type and its renderer. Routes, the demo and the docs all list exports from here.
 */
import { renderAcksCsv, renderAcksXlsx } from './acks-report.ts';
import { isoDate, meetingTime } from './format.ts';
import { renderLedgerCsv, renderLedgerXlsx } from './ledger.ts';
import { renderMinutesDocx } from './minutes-docx.ts';
import { renderMinutesMarkdown } from './minutes-markdown.ts';
import type { ExportSnapshot } from './snapshot.ts';
import { renderTranscriptDocx } from './transcript-docx.ts';
import { renderTranscriptSrt, renderTranscriptTxt } from './transcript.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One export format. */
export interface ExportKind {
  /** Route suffix: GET /api/meetings/:id/export/<name>. */
  name: string;
  /** What the file is, in the Chinese file name: 纪要, 督办台账 … */
  label: string;
  /** ASCII stem for the fallback file name. */
  asciiLabel: string;
  extension: string;
  contentType: string;
  render(s: ExportSnapshot): Uint8Array | Promise<Uint8Array>;
}

/** All exports, in the order the secretary desk lists them. */
export const EXPORT_KINDS: readonly ExportKind[] = [
  { name: 'minutes.docx', label: '纪要', asciiLabel: 'minutes', extension: 'docx', contentType: DOCX, render: (s) => renderMinutesDocx(s) },
  { name: 'minutes.md', label: '纪要', asciiLabel: 'minutes', extension: 'md', contentType: 'text/markdown; charset=utf-8', render: (s) => renderMinutesMarkdown(s) },
  { name: 'ledger.xlsx', label: '督办台账', asciiLabel: 'ledger', extension: 'xlsx', contentType: XLSX, render: renderLedgerXlsx },
  { name: 'requirements.csv', label: '督办台账', asciiLabel: 'ledger', extension: 'csv', contentType: 'text/csv; charset=utf-8', render: renderLedgerCsv },
  { name: 'acks.xlsx', label: '落实情况', asciiLabel: 'acks', extension: 'xlsx', contentType: XLSX, render: renderAcksXlsx },
  { name: 'acks.csv', label: '落实情况', asciiLabel: 'acks', extension: 'csv', contentType: 'text/csv; charset=utf-8', render: renderAcksCsv },
  { name: 'transcript.docx', label: '文字记录', asciiLabel: 'transcript', extension: 'docx', contentType: DOCX, render: renderTranscriptDocx },
  { name: 'transcript.txt', label: '文字记录', asciiLabel: 'transcript', extension: 'txt', contentType: 'text/plain; charset=utf-8', render: renderTranscriptTxt },
  { name: 'transcript.srt', label: '字幕', asciiLabel: 'subtitles', extension: 'srt', contentType: 'application/x-subrip; charset=utf-8', render: renderTranscriptSrt },
];

/** Characters Windows, macOS or Linux refuse in file names, and control characters. */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
/** File names stay well under the 255-byte limit of common file systems (UTF-8: 3 bytes per 汉字). */
const MAX_TITLE_CHARS = 60;

/** The Chinese file name: `2026-12-03 全市推进两为整治工作电视电话会议 纪要.docx`. */
export function exportFileName(s: Pick<ExportSnapshot, 'meeting'>, kind: ExportKind): string {
  const title = [...s.meeting.title.replace(UNSAFE_IN_FILE_NAME, ' ').replace(/\s+/g, ' ').trim()].slice(0, MAX_TITLE_CHARS).join('').trim();
  return `${isoDate(meetingTime(s.meeting))} ${title || '会议'} ${kind.label}.${kind.extension}`;
}

/** The ASCII fallback for clients without RFC 5987: `luoshi-2026-12-03-minutes.docx`. */
export function asciiFileName(s: Pick<ExportSnapshot, 'meeting'>, kind: ExportKind): string {
  return `luoshi-${isoDate(meetingTime(s.meeting))}-${kind.asciiLabel}.${kind.extension}`;
}

/** RFC 5987 ext-value encoding (UTF-8, percent-encoded; ' ( ) * too, which encodeURIComponent leaves). */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 with RFC 5987). */
export function contentDisposition(s: Pick<ExportSnapshot, 'meeting'>, kind: ExportKind): string {
  return `attachment; filename="${asciiFileName(s, kind)}"; filename*=UTF-8''${rfc5987(exportFileName(s, kind))}`;
}

/** The export with this route name, or undefined. */
export function exportKind(name: string): ExportKind | undefined {
  return EXPORT_KINDS.find((k) => k.name === name);
}
