/**
 * Headline of an item: its short lead clause, following the fixtures' label rule:
 * 1. the first sentence (up to 。；;！!？?, newline, or a colon that is not between digits);
 * 2. if the whole item is one sentence longer than 20 chars containing a comma, the part before it;
 * 3. unpunctuated (ASR) text: cut before the next clause cue, at most `ASR_HEADLINE_MAX` chars.
 * Works on normalised text and returns normalised [start, end).
 */
import { SENTENCE_END, has } from './lexicon.ts';
import { isDigit } from './numerals.ts';
import { looseSubject } from './responsible.ts';

/** Longest headline we cut from unpunctuated text (chars). */
export const ASR_HEADLINE_MAX = 15;
/** Single-sentence items longer than this (chars) are cut at their first comma. */
export const ONE_SENTENCE_MAX = 20;

/** A clause that only states a time (明天上午8:00, 10月30日前). */
const TIME_ONLY = /^(今天|明天|后天|本周.?|下周.?|[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[日号])?(早上|上午|中午|下午|晚上)?([0-9]{1,2}:[0-9]{2}|[0-9一二三四五六七八九十]{1,3}[点时](半|[0-9]{1,2}分)?)?(前|之前|以前)?$/;
const TRIM = ',、:.;。!? \n';
const ASR_CUES = /各(单位|级|地|部门|分|县|区|乡|村|有关)|我们|同时|确保|大家|全体|相关|必须|进一步|要/g;

/** `punctuated`: the text around the item carries punctuation (news text rather than raw ASR). */
export function headlineRange(t: string, start: number, end: number, punctuated: boolean, _family?: string): [number, number] {
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
    if (has(SENTENCE_END, ch) || (ch === ':' && !(isDigit(t[k - 1]) && isDigit(t[k + 1])))) {
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

/** Chars past the cap in which a cue's subject may still start before the cap. */
const ASR_CUE_SLACK = 8;

/** Unpunctuated text: the lead clause ends where the next clause visibly starts. */
function asrHeadline(t: string, s: number, e: number): [number, number] {
  // "各驻村第一书记要切实履行帮扶职责": an item that opens with its own subject keeps it in the headline.
  const lead = leadSubjectEnd(t.slice(s, Math.min(e, s + ASR_HEADLINE_MAX)));
  const max = ASR_HEADLINE_MAX + lead;
  const window = t.slice(s, Math.min(e, s + max + ASR_CUE_SLACK));
  ASR_CUES.lastIndex = 0;
  for (let m = ASR_CUES.exec(window); m; m = ASR_CUES.exec(window)) {
    if (m.index < Math.max(4, lead + 1)) continue;
    // "要深入排查隐患市应急管理局要牵头…": the next clause starts at its subject, not at its 要.
    const subject = /^(要|必须)/.test(m[0]) ? looseSubject(window, m.index) : null;
    const cut = subject && subject[0] >= 4 ? subject[0] : m.index;
    if (cut <= max) return [s, s + cut];
  }
  return [s, Math.min(e, s + max)];
}

/** Length of the unit subject an unpunctuated item starts with (0 when none). */
function leadSubjectEnd(head: string): number {
  const m = /要|必须|务必|负责|牵头/.exec(head);
  if (!m || m.index < 2) return 0;
  const subject = looseSubject(head, m.index);
  return subject && subject[0] === 0 ? m.index + m[0].length : 0;
}
