/**
 * Headline of an item: its short lead clause, following the fixtures' label rule:
 * 1. the first sentence (up to 。；;！!？?, newline, a pause, or a colon that is not between digits);
 * 2. if the whole item is one sentence longer than 20 chars containing a comma, the part before it;
 * 3. a section heading that runs straight into its paragraph ("一、关于前一段疫情防控工作新冠肺炎
 *    疫情发生后，…"): the heading only, up to the noun that ends it;
 * 4. unpunctuated (ASR) text: the heading clause up to the next clause break (headline-asr.ts).
 * Works on normalised text and returns normalised [start, end). Reads at most `HEADLINE_SCAN`
 * chars, so a growing last point costs no more per push than a short one.
 */
import { SENTENCE_END, SOFT_END, has } from './lexicon.ts';
import type { MarkerFamily } from './markers.ts';
import { isDigit } from './numerals.ts';
import { ASR_HEADLINE_MAX, asrHeadline, clauseBreak } from './headline-asr.ts';

export { ASR_HEADLINE_MAX };
/** Single-sentence items longer than this (chars) are cut at their first comma. */
export const ONE_SENTENCE_MAX = 20;
/** Chars of an item read to find its first sentence; a longer first sentence counts as one sentence. */
export const HEADLINE_SCAN = 200;
/** Longest run-on section heading (chars). */
const HEADING_MAX = 30;
/** A first sentence longer than this (chars) may be a heading run into its paragraph. */
const RUN_ON_MIN = 16;

/** A clause that only states a time (明天上午8:00, 10月30日前). */
const TIME_ONLY = /^(今天|明天|后天|本周.?|下周.?|[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[日号])?(早上|上午|中午|下午|晚上)?([0-9]{1,2}:[0-9]{2}|[0-9一二三四五六七八九十]{1,3}[点时](半|[0-9]{1,2}分)?)?(前|之前|以前)?$/;
const TRIM = `,、:.;。!? \n${SOFT_END}`;
/** Nouns a section heading ends with ("…工作", "…的重大意义", "…企业家精神", "…自己的事"). */
const HEADING_END = /(工作|问题|领导|意义|精神|活力|形势|任务|要求|目标|措施|建设|体系|机制|能力|水平|作用|责任|底线|大局|使命|特性|举措|部署|成就|挑战|新局面|事)/g;
/** What may follow such a noun inside the heading (工作的领导, 安全生产, 发展工作, 工作者). */
const HEADING_GOES_ON = '的和与、及等之者生工建体性化业情项件实务';

/** `punctuated`: the text around the item carries punctuation (news text rather than raw ASR). */
export function headlineRange(t: string, start: number, end: number, punctuated: boolean, family?: MarkerFamily): [number, number] {
  let s = start;
  let e = end;
  while (s < e && has(TRIM, t[s])) s++;
  while (e > s && has(TRIM, t[e - 1])) e--;
  if (s >= e) return [s, s];
  const scanEnd = Math.min(e, s + HEADLINE_SCAN);
  let stop = -1;
  let hasComma = false;
  let anyPunct = false;
  for (let k = s; k < scanEnd; k++) {
    const ch = t[k] ?? '';
    if (has(SENTENCE_END, ch) || (ch === ':' && !(isDigit(t[k - 1]) && isDigit(t[k + 1])))) {
      stop = k;
      break;
    }
    if (ch === ',') hasComma = true;
    if (',、'.includes(ch)) anyPunct = true;
  }
  // A written section heading ("一、", "（一）", or its stripped "一") whose line runs into the paragraph.
  // (A heading on a line or a segment of its own has ended already.)
  if ((family === 'dun' || family === 'paren' || family === 'bare') && !has(`\n${SOFT_END}`, t[stop])) {
    const first = stop === -1 ? scanEnd : stop;
    const heading = first - s > RUN_ON_MIN ? runOnHeading(t, s, first) : null;
    // Unpunctuated, a clause break before the heading noun ends it sooner ("关于做好宣传教育和舆论引导|当前…").
    const clause = heading && !anyPunct && !punctuated ? clauseBreak(t, s, first).at : null;
    if (heading) return clause !== null && s + clause < heading[1] ? [s, s + clause] : heading;
  }
  const unpunctuated = !anyPunct && !punctuated;
  if (stop !== -1 && !(unpunctuated && t[stop] === SOFT_END && stop - s > ASR_HEADLINE_MAX)) return trimmed(t, s, stop);
  if (hasComma && e - s > ONE_SENTENCE_MAX) {
    const comma = t.indexOf(',', s);
    // "明天上午8:00,全体民警…": a bare time is no lead clause; keep the whole sentence.
    if (TIME_ONLY.test(t.slice(s, comma))) return [s, scanEnd];
    return trimmed(t, s, comma);
  }
  const limit = stop === -1 ? scanEnd : stop;
  if (unpunctuated && limit - s > ASR_HEADLINE_MAX) return asrHeadline(t, s, limit);
  return [s, limit];
}

function trimmed(t: string, s: number, e: number): [number, number] {
  let end = e;
  while (end > s && has(TRIM, t[end - 1])) end--;
  return [s, end];
}

/**
 * "关于前一段疫情防控工作新冠肺炎疫情发生后": the heading ends at the first noun that can end a
 * heading and is not continued (工作的领导, 安全生产), at least 6 chars in, leaving a clause after it.
 */
function runOnHeading(t: string, s: number, first: number): [number, number] | null {
  const clauseEnd = Math.min(first, s + HEADING_MAX + 12);
  const comma = t.slice(s, clauseEnd).search(/[,、]/);
  const head = headingIn(t.slice(s, comma === -1 ? clauseEnd : s + comma), s);
  if (head || comma === -1 || comma > HEADING_PAIR_MAX) return head;
  // "一、肯定成绩，正视问题一年来，…": a heading of two short phrases joined by a comma.
  const second = t.slice(s + comma + 1, clauseEnd).search(/[,、]/);
  return headingIn(t.slice(s, second === -1 ? clauseEnd : s + comma + 1 + second), s);
}

/** Longest first phrase of a two-phrase heading ("肯定成绩，正视问题"). */
const HEADING_PAIR_MAX = 12;

/** The heading at the start of `window` (text from `s`): it ends at a heading noun that is not continued. */
function headingIn(window: string, s: number): [number, number] | null {
  HEADING_END.lastIndex = 0;
  for (let m = HEADING_END.exec(window); m; m = HEADING_END.exec(window)) {
    const end = m.index + m[0].length;
    if (end < 6 || end > HEADING_MAX) continue;
    if (has(HEADING_GOES_ON, window[end]) || window.length - end < 2) continue;
    return [s, s + end];
  }
  return null;
}
