/**
 * Headline of an item: its short lead clause, following the fixtures' label rule:
 * 1. the first sentence (up to 。；;！!？?, newline, or a colon that is not between digits);
 * 2. if the whole item is one sentence longer than 20 chars containing a comma, the part before it;
 * 3. unpunctuated (ASR) text: cut before the next clause cue, at most `ASR_HEADLINE_MAX` chars.
 * Works on normalised text and returns normalised [start, end).
 */
import { has } from './lexicon.ts';
import { isDigit } from './numerals.ts';

/** Longest headline we cut from unpunctuated text (chars). */
export const ASR_HEADLINE_MAX = 15;
/** Single-sentence items longer than this (chars) are cut at their first comma. */
export const ONE_SENTENCE_MAX = 20;

/** A clause that only states a time (明天上午8:00, 10月30日前). */
const TIME_ONLY = /^(今天|明天|后天|本周.?|下周.?|[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[日号])?(早上|上午|中午|下午|晚上)?([0-9]{1,2}:[0-9]{2}|[0-9一二三四五六七八九十]{1,3}[点时](半|[0-9]{1,2}分)?)?(前|之前|以前)?$/;
const TRIM = ',、:.;。!? \n';
const ASR_CUES = /各(单位|级|地|部门|分|县|区|乡|村|有关)|我们|同时|确保|大家|全体|相关|必须|进一步|要/g;

/** `punctuated`: the text around the item carries punctuation (news text rather than raw ASR). */
export function headlineRange(t: string, start: number, end: number, punctuated: boolean): [number, number] {
  let s = start;
  let e = end;
  while (s < e && has(TRIM, t[s])) s++;
  while (e > s && has(TRIM, t[e - 1])) e--;
  if (s >= e) return [s, s];
  let stop = -1;
  let hasComma = false;
  let anyPunct = false;
  for (let k = s; k < e; k++) {
    const ch = t[k] ?? '';
    if ('。;!?\n'.includes(ch) || (ch === ':' && !(isDigit(t[k - 1]) && isDigit(t[k + 1])))) {
      stop = k;
      break;
    }
    if (ch === ',') hasComma = true;
    if (',、'.includes(ch)) anyPunct = true;
  }
  if (stop !== -1) return trimmed(t, s, stop);
  if (hasComma && e - s > ONE_SENTENCE_MAX) {
    const comma = t.indexOf(',', s);
    // "明天上午8:00,全体民警…": a bare time is no lead clause; keep the whole sentence.
    if (TIME_ONLY.test(t.slice(s, comma))) return [s, e];
    return trimmed(t, s, comma);
  }
  if (!anyPunct && !punctuated && e - s > ASR_HEADLINE_MAX) return asrHeadline(t, s, e);
  return [s, e];
}

function trimmed(t: string, s: number, e: number): [number, number] {
  let end = e;
  while (end > s && has(TRIM, t[end - 1])) end--;
  return [s, end];
}

/** Unpunctuated text: the lead clause ends where the next clause visibly starts. */
function asrHeadline(t: string, s: number, e: number): [number, number] {
  const window = t.slice(s, Math.min(e, s + ASR_HEADLINE_MAX + 2));
  ASR_CUES.lastIndex = 0;
  for (let m = ASR_CUES.exec(window); m; m = ASR_CUES.exec(window)) {
    if (m.index >= 4 && m.index <= ASR_HEADLINE_MAX) return [s, s + m.index];
  }
  return [s, Math.min(e, s + ASR_HEADLINE_MAX)];
}
