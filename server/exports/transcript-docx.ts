/**
 * The verbatim record (文字记录) as DOCX on the GB/T 9704 page: title, date line in 楷体, then one
 * paragraph per transcript paragraph — timecode, the speaker in 黑体 at each turn, the words in 仿宋.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { fixPackageTimes } from './deterministic-zip.ts';
import { meetingTime, timecode } from './format.ts';
import {
  FONT_FANGSONG,
  FONT_HEITI,
  FONT_KAITI,
  SIZE_SIHAO,
  STYLE,
  blankLine,
  bodyParagraph,
  cjkFont,
  gbDocumentOptions,
  gbSection,
  run,
  titleParagraph,
} from './gbt9704.ts';
import type { ExportSnapshot } from './snapshot.ts';
import { meetingWhen, transcriptParagraphs } from './transcript.ts';

/** Timecodes are reference marks, set smaller and grey so the words stay in front. */
const TIMECODE_COLOR = '808080';

/** The paragraphs of the verbatim record. */
export function transcriptDocxParagraphs(s: ExportSnapshot): Paragraph[] {
  const out: Paragraph[] = [
    titleParagraph(`${s.meeting.title}文字记录`),
    new Paragraph({ style: STYLE.plain, alignment: AlignmentType.CENTER, children: [run(`（${meetingWhen(s)}）`, FONT_KAITI)] }),
    blankLine(),
  ];
  for (const p of transcriptParagraphs(s)) {
    const runs = [new TextRun({ text: `〔${timecode(p.startMs)}〕`, font: cjkFont(FONT_FANGSONG), size: SIZE_SIHAO, color: TIMECODE_COLOR })];
    if (p.turnStart && p.speaker) runs.push(run(`${p.speaker}：`, FONT_HEITI));
    runs.push(run(p.text));
    out.push(bodyParagraph(runs));
  }
  return out;
}

/** The verbatim record DOCX (byte-stable: package times are the meeting's). */
export async function renderTranscriptDocx(s: ExportSnapshot): Promise<Uint8Array> {
  const title = `${s.meeting.title}文字记录`;
  const doc = new Document({
    ...gbDocumentOptions({ title, creator: s.meeting.organiser, description: '落实 Luoshi 文字记录' }),
    sections: [gbSection(transcriptDocxParagraphs(s))],
  });
  return fixPackageTimes(new Uint8Array(await Packer.toBuffer(doc)), s.meeting.endedAt ?? meetingTime(s.meeting));
}
