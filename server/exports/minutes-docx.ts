/**
 * 会议纪要 as DOCX in the GB/T 9704-2012 layout: title, opening paragraph, one 一、section per
 * speaker with （一）items (headline in 楷体, wording in 仿宋, responsible units and deadline),
 * then the 出席/请假 lines. Pure: snapshot (+ optional edited draft) → bytes.
 */
import { Document, Packer, type Paragraph } from 'docx';
import { fixPackageTimes } from './deterministic-zip.ts';
import { meetingTime } from './format.ts';
import {
  FONT_FANGSONG,
  FONT_KAITI,
  blankLine,
  bodyParagraph,
  gbDocumentOptions,
  gbSection,
  heading1Paragraph,
  labelledLine,
  run,
  titleParagraph,
} from './gbt9704.ts';
import { minutesDraftOf } from './minutes-edits.ts';
import { responsibilityNote, type MinutesDraft, type MinutesItem } from './minutes-draft.ts';
import type { ExportSnapshot } from './snapshot.ts';

function itemParagraph(item: MinutesItem): Paragraph {
  // Level 2 （一） carries its headline in 楷体 (GB/T 9704 second-level heading, run in with the text);
  // nested items 1. stay in 仿宋.
  const headFont = item.level === 2 ? FONT_KAITI : FONT_FANGSONG;
  const runs = [run(`${item.marker}${item.headline}`, headFont)];
  if (item.body) runs.push(run(item.body));
  const note = responsibilityNote(item);
  if (note) runs.push(run(note));
  return bodyParagraph(runs);
}

/** The paragraphs of the minutes, in order. */
export function minutesParagraphs(draft: MinutesDraft): Paragraph[] {
  const out: Paragraph[] = [titleParagraph(draft.title), blankLine(), bodyParagraph([run(draft.opening)])];
  for (const section of draft.sections) {
    out.push(heading1Paragraph(`${section.marker}${section.heading}`));
    for (const item of section.items) out.push(itemParagraph(item));
  }
  if (draft.attendance.length > 0) {
    out.push(blankLine());
    for (const line of draft.attendance) out.push(labelledLine(line.label, line.text));
  }
  return out;
}

/**
 * The minutes DOCX. `draft` defaults to the generated one with the snapshot's stored edits of the
 * secretary applied. Timestamps inside the package are the meeting's, so output is byte-stable.
 */
export async function renderMinutesDocx(s: ExportSnapshot, draft: MinutesDraft = minutesDraftOf(s)): Promise<Uint8Array> {
  const doc = new Document({
    ...gbDocumentOptions({ title: draft.title, creator: s.meeting.organiser, description: '落实 Luoshi 会议纪要' }),
    sections: [gbSection(minutesParagraphs(draft))],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return fixPackageTimes(bytes, s.meeting.endedAt ?? meetingTime(s.meeting));
}
