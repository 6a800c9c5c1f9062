/**
 * A requirement drafted from transcript text, for the secretary's "add from the transcript"
 * (pure): a leading marker (第三，/ 三是 / （三）) is taken off and read, the first clause becomes
 * the headline, the rest of the text stays as the body.
 */
import { markerNumber } from './numbering.ts';

/** Longest headline drafted from text, characters (the secretary can edit it). */
export const DRAFT_HEADLINE_MAX = 40;

/** A marker at the very start of a line, with the separator after it. */
const LEADING_MARKER = /^\s*((?:第[零〇一二两三四五六七八九十\d]{1,3}(?:条|点|项)?)|(?:[一二三四五六七八九十]{1,3}(?:是|要|要是))|(?:[（(][一二三四五六七八九十\d]{1,3}[)）])|(?:\d{1,2}[.、．]))\s*[，,、：:．.]?\s*/u;

export interface RequirementDraft {
  /** The marker found at the start, or null. */
  marker: string | null;
  /** Its number, or null. */
  number: number | null;
  headline: string;
  /** The text after the marker. */
  text: string;
}

export function draftFromText(raw: string): RequirementDraft {
  const trimmed = raw.trim();
  const m = LEADING_MARKER.exec(trimmed);
  const marker = m?.[1] ?? null;
  const text = m ? trimmed.slice(m[0].length) : trimmed;
  const clauseEnd = text.search(/[。；;！!？?\n]/u);
  const first = (clauseEnd === -1 ? text : text.slice(0, clauseEnd)).trim();
  return {
    marker,
    number: marker === null ? null : markerNumber(marker),
    headline: first.slice(0, DRAFT_HEADLINE_MAX),
    text,
  };
}
