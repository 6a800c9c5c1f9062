/**
 * The transcript as plain text (paragraphs per speaker with timecodes) and as SubRip subtitles
 * (cues of at most two short lines, timed within each segment by character count). Pure.
 */
import type { Segment } from '../../shared/protocol/domain.ts';
import { chineseDate, clockTime, meetingTime, srtTimecode, timecode } from './format.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** A pause longer than this between segments of one speaker starts a new paragraph, ms. */
export const PARAGRAPH_PAUSE_MS = 3000;
/** A paragraph longer than this many characters ends at the next segment boundary. */
export const PARAGRAPH_MAX_CHARS = 400;
/** Characters per subtitle line (Chinese subtitles stay short to be read at a glance). */
export const SRT_LINE_CHARS = 20;
/** Lines per subtitle cue. */
export const SRT_CUE_LINES = 2;

const UTF8_BOM = '\uFEFF';
const CLAUSE_END = /[，。！？；：、,.!?;:]/;

/** Consecutive segments of one speaker, read as one paragraph. */
export interface TranscriptParagraph {
  speakerId: string | null;
  /** 王国强（副局长）, or null when the segment has no speaker. */
  speaker: string | null;
  startMs: number;
  endMs: number;
  text: string;
  /** True for the first paragraph after the speaker changed. */
  turnStart: boolean;
}

/** Speaker label per speaker id: name with role in full-width brackets. */
function speakerNames(s: ExportSnapshot): Map<string, string> {
  return new Map(s.speakers.map((sp) => [sp.id, sp.role ? `${sp.name}（${sp.role}）` : sp.name]));
}

/** Segments grouped into paragraphs: a new one at a speaker change, a long pause, or a long paragraph. */
export function transcriptParagraphs(s: ExportSnapshot): TranscriptParagraph[] {
  const names = speakerNames(s);
  const out: TranscriptParagraph[] = [];
  let current: TranscriptParagraph | null = null;
  for (const seg of s.segments) {
    const text = seg.text.trim();
    if (!text) continue;
    const sameSpeaker: boolean = current !== null && current.speakerId === seg.speakerId;
    const joinable = current !== null && sameSpeaker && seg.startMs - current.endMs < PARAGRAPH_PAUSE_MS && current.text.length < PARAGRAPH_MAX_CHARS;
    if (current && joinable) {
      current.text += text;
      current.endMs = Math.max(current.endMs, seg.endMs);
      continue;
    }
    current = {
      speakerId: seg.speakerId,
      speaker: seg.speakerId ? (names.get(seg.speakerId) ?? null) : null,
      startMs: seg.startMs,
      endMs: seg.endMs,
      text,
      turnStart: !sameSpeaker,
    };
    out.push(current);
  }
  return out;
}

/** 2026年12月3日 09:30—10:40, for headers. */
export function meetingWhen(s: ExportSnapshot): string {
  const m = s.meeting;
  const at = meetingTime(m);
  return m.startedAt && m.endedAt ? `${chineseDate(at)} ${clockTime(m.startedAt)}—${clockTime(m.endedAt)}` : `${chineseDate(at)} ${clockTime(at)}`;
}

/** The transcript as text: a header, then `[HH:MM:SS] 王国强（副局长）` and the paragraph. CRLF, UTF-8 with BOM. */
export function transcriptText(s: ExportSnapshot): string {
  const lines = [`${s.meeting.title} 文字记录`, `时间：${meetingWhen(s)}`, `主办：${s.meeting.organiser}`, '时间码为会议录音时间。', ''];
  for (const p of transcriptParagraphs(s)) {
    lines.push(p.speaker ? `[${timecode(p.startMs)}] ${p.speaker}` : `[${timecode(p.startMs)}]`, p.text, '');
  }
  return lines.join('\r\n');
}

/** TXT bytes (the BOM lets Windows editors in a GBK locale recognise UTF-8). */
export function renderTranscriptTxt(s: ExportSnapshot): Uint8Array {
  return new TextEncoder().encode(UTF8_BOM + transcriptText(s));
}

/** Text cut into pieces of at most `max` characters, preferring cuts after punctuation. */
export function splitForCues(text: string, max: number): string[] {
  const clauses: string[] = [];
  let clause = '';
  for (const ch of text) {
    clause += ch;
    if (CLAUSE_END.test(ch)) {
      clauses.push(clause);
      clause = '';
    }
  }
  if (clause) clauses.push(clause);
  const pieces: string[] = [];
  let piece = '';
  for (const c of clauses) {
    if ([...piece].length + [...c].length <= max) {
      piece += c;
      continue;
    }
    if (piece) pieces.push(piece);
    const chars = [...c];
    while (chars.length > max) pieces.push(chars.splice(0, max).join(''));
    piece = chars.join('');
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** One subtitle cue. */
export interface SrtCue {
  startMs: number;
  endMs: number;
  lines: string[];
}

function wrap(text: string, width: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  while (chars.length > 0) lines.push(chars.splice(0, width).join(''));
  return lines;
}

/** Cues of one segment: its text split evenly in time by characters; the speaker leads the first. */
function segmentCues(seg: Segment, speaker: string | null): SrtCue[] {
  const text = `${speaker ? `${speaker}：` : ''}${seg.text.trim()}`;
  const pieces = splitForCues(text, SRT_LINE_CHARS * SRT_CUE_LINES);
  const total = pieces.reduce((n, p) => n + [...p].length, 0);
  const span = Math.max(0, seg.endMs - seg.startMs);
  let done = 0;
  return pieces.map((p) => {
    const startMs = seg.startMs + Math.round((span * done) / total);
    done += [...p].length;
    return { startMs, endMs: seg.startMs + Math.round((span * done) / total), lines: wrap(p, SRT_LINE_CHARS) };
  });
}

/** Cues for the whole transcript, numbered by position. */
export function srtCues(s: ExportSnapshot): SrtCue[] {
  const names = new Map(s.speakers.map((sp) => [sp.id, sp.name]));
  return s.segments
    .filter((seg) => seg.text.trim().length > 0)
    .flatMap((seg) => segmentCues(seg, seg.speakerId ? (names.get(seg.speakerId) ?? null) : null));
}

/** SubRip text: index, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, lines, blank line; CRLF. */
export function transcriptSrt(s: ExportSnapshot): string {
  return srtCues(s)
    .map((c, i) => [String(i + 1), `${srtTimecode(c.startMs)} --> ${srtTimecode(c.endMs)}`, ...c.lines, ''].join('\r\n'))
    .join('\r\n');
}

/** SRT bytes (UTF-8, no BOM: players read UTF-8 subtitles without one, and some show a BOM as a glyph). */
export function renderTranscriptSrt(s: ExportSnapshot): Uint8Array {
  return new TextEncoder().encode(transcriptSrt(s));
}
