/**
 * Search snippets (pure): the part of a text around its first match, cut into pieces that are
 * or are not a query term, so the client highlights them without ever treating transcript text
 * as markup.
 */
import type { SnippetPart } from '../../shared/protocol/organiser.ts';

/** Characters shown around the first match. */
export const SNIPPET_CHARS = 80;
/** Of those, how many come before the first match. */
const LEAD_CHARS = 20;

export interface Snippet {
  parts: SnippetPart[];
  clippedStart: boolean;
  clippedEnd: boolean;
}

/** Every [start, end) where a term occurs (ASCII case-insensitively), overlaps merged. */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  // toLowerCase keeps the length for CJK and ASCII; for the rare text where it does not, match exactly.
  const folded = text.toLowerCase();
  const hay = folded.length === text.length ? folded : text;
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = hay === folded ? term.toLowerCase() : term;
    if (!needle) continue;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) ranges.push([at, at + needle.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The snippet of `text` for `terms`: up to `width` characters from a little before the first match. */
export function snippet(text: string, terms: readonly string[], width = SNIPPET_CHARS): Snippet {
  const ranges = matchRanges(text, terms);
  const firstAt = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, firstAt - LEAD_CHARS);
  const end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start -= 1;
  const parts: SnippetPart[] = [];
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    const from = Math.max(s, start);
    const to = Math.min(e, end);
    if (from > at) parts.push({ text: text.slice(at, from), match: false });
    parts.push({ text: text.slice(from, to), match: true });
    at = to;
  }
  if (at < end) parts.push({ text: text.slice(at, end), match: false });
  return { parts, clippedStart: start > 0, clippedEnd: end < text.length };
}
