/**
 * 会议纪要 as Markdown, for pasting into other systems: the same draft as the DOCX, with the
 * speaker sections as headings and each requirement as a paragraph. Pure.
 */
import { minutesDraftOf } from './minutes-edits.ts';
import { responsibilityNote, type MinutesDraft } from './minutes-draft.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** Characters Markdown would read as syntax at the start of a line or inline. */
const MARKDOWN_SPECIAL = /([\\`*_[\]<>#|~])/g;

/** Text with Markdown syntax characters escaped (transcribed speech can contain anything). */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, '\\$1').replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3');
}

/** Trailing punctuation of a headline (kept outside the emphasis). */
const TRAILING_PUNCT = /[。；，：！？,.;:!?]+$/;

/**
 * **text** followed by its punctuation: CommonMark does not close emphasis after punctuation
 * when a CJK character follows (**要点。**各单位 stays literal), so the punctuation goes outside.
 */
function bold(text: string): string {
  const punct = TRAILING_PUNCT.exec(text)?.[0] ?? '';
  return `**${escapeMarkdown(text.slice(0, text.length - punct.length))}**${punct}`;
}

/** The minutes as Markdown text (LF line ends, trailing newline). */
export function minutesMarkdown(draft: MinutesDraft): string {
  const out: string[] = [`# ${escapeMarkdown(draft.title)}`, '', escapeMarkdown(draft.opening), ''];
  for (const section of draft.sections) {
    out.push(`## ${escapeMarkdown(`${section.marker}${section.heading}`)}`, '');
    for (const item of section.items) {
      const head = bold(`${item.marker}${item.headline}`);
      const rest = [item.body, responsibilityNote(item)].filter(Boolean).map(escapeMarkdown).join('');
      // Nested items keep their GB/T marker (1.) and read as paragraphs, like the DOCX.
      out.push(`${head}${rest}`, '');
    }
  }
  if (draft.attendance.length > 0) {
    out.push('---', '');
    for (const line of draft.attendance) out.push(`${bold(line.label)}：${escapeMarkdown(line.text)}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Markdown minutes as UTF-8 bytes; `draft` defaults to the generated one with the secretary's stored edits. */
export function renderMinutesMarkdown(s: ExportSnapshot, draft: MinutesDraft = minutesDraftOf(s)): Uint8Array {
  return new TextEncoder().encode(minutesMarkdown(draft));
}
