/**
 * Where a list must end, besides a marker of a higher level: a closing formula (我就讲这些, 以上几点,
 * 以上我重点讲了…, 谢谢大家), another speaker (or 会议) taking the floor, a report moving on (随后…),
 * the speaker turning to the audience (同志们！), or the speaker's final part announcing a list of
 * its own (最后，我给…提3点要求). Discourse words inside an item (总之, 当前) end nothing.
 *
 * The scan runs position by position ("triggers"); each rule at a trigger reads at most
 * `STOP_LOOKAHEAD` chars after it and any text before it, and the first trigger wins. So the result
 * only grows more certain as text arrives, and the scan of an item resumes where the last push
 * left it (memo.progress).
 */
import { CLAUSE_PUNCT, DENSITY_PUNCT, SENTENCE_END, has } from './lexicon.ts';
import { isPunctuated } from './markers.ts';
import type { FoundStop, WalkMemo } from './memo.ts';
import { loosePronoun } from './pronoun.ts';
import { parseSubject, personFrom } from './speaker.ts';
import { findLooseMention, nameOk, occursBefore } from './speaker-loose.ts';
import { STATEMENT_VERBS, statementAt } from './statement.ts';

/** Chars after a trigger that the stop rules may read. */
export const STOP_LOOKAHEAD = 40;
/** Chars before a position that decide whether it is in punctuated text (see markers.isPunctuated). */
const DENSITY_BACK = 60;

/** Start of the sentence holding `k` (not before `floor`). */
export function sentenceStart(t: string, k: number, floor: number): number {
  let j = k;
  while (j > floor && !has(SENTENCE_END, t[j - 1])) j--;
  return j;
}

/** Sentence openers with which a report moves on from the speech (随后，与会人员…). */
const NARRATIVE_START = /^(随后|会后|接着|会议还|会议最后|会上还|会议期间|与会人员|与会同志)/;
/**
 * Closing formulas. 以上 must start its clause (县处级以上 is a rank): checked by the caller.
 * Not 总之/总而言之: they sum up inside a point as often as they end a speech.
 */
const CLOSING = /我就讲这些|我就讲这么多|就讲到这里|就讲这些|就这么几[个件]事|我就说这些|谢谢大家|散会|以上(?:几|[一二两三四五六七八九十])(?:点|句话|个方面|个问题)|以上(?:我|就是|是|这些|所讲)[^。;!?\n,]{0,8}?(?:讲|谈|说|提)(?:了|的)/y;
const CLOSING_FIRST = '我就谢散以';
/** The speaker turns to the audience: "同志们！", "各位院士，同志们、朋友们！". */
const VOCATIVE = /(?:同志们|同胞们|朋友们)(?=[!,、])/y;
/** The speaker's final part announces a list of its own: "最后，我给…同志们提3点要求". */
const FINAL_LIST = /最后,?(?:我|再|还)[^。;!?\n]{0,20}?(?:讲|提|强调|说|谈)[^。;!?\n]{0,8}?(?:[一二两三四五六七八九十\d]{1,2}|几)(?:点|个方面|条|个问题)/y;
/** "下面请局长邓志强同志讲话": the host hands the floor to someone else (anchored at 请). */
const HOST_INTRO = /请([\u4e00-\u9fff、]{2,24}?)(?:同志)?(?:作重要讲话|作总结讲话|作讲话|讲话|作指示|讲几句|发言|(?:作|做)?(?:部署|安排|通报|传达|汇报|介绍))/y;
/** NAME 在主持时/在总结时/在讲话中 要求/强调 (anchored at 在). */
const SUMMING_UP = /在(?:主持|总结|讲话)[\u4e00-\u9fff]{0,2}?[时中](?:要求|强调|指出)/y;

function sticky(re: RegExp, t: string, k: number): RegExpExecArray | null {
  re.lastIndex = k;
  return re.exec(t);
}

/** A clause in which another speaker (or 会议) takes the floor; quotes of the 总书记 are no new speaker. */
function speakerTakesFloor(clause: string): boolean {
  const subject = parseSubject(clause);
  if (subject === null || subject.kind === 'first') return false;
  if (subject.kind === 'person' && subject.role?.endsWith('总书记')) return false;
  return subject.kind === 'meeting' || subject.explicitRole
    || /^[^,]{2,4}(还|再次|又|也|进一步|同时|特别)?(指出|强调|要求|表示|提出)/.test(clause);
}

function clauseEnd(t: string, k: number, max: number): number | null {
  for (let j = k; j < Math.min(t.length, k + max); j++) if (/[,。;!?:\n]/.test(t[j] ?? '')) return j;
  return t.length >= k + max ? k + max : null;
}

/** Punctuated text: the stop triggered at `k`, if any. */
function punctuatedStop(t: string, from: number, k: number, memo?: WalkMemo): number | null {
  const prev = t[k - 1];
  if (has(CLOSING_FIRST, t[k]) && sticky(CLOSING, t, k) && (t[k] !== '以' || has(CLAUSE_PUNCT, prev))) {
    return sentenceStart(t, k, from);
  }
  if (!has(',。;!?:\n', prev)) return null;
  const sentence = has(SENTENCE_END, prev);
  if (sentence && NARRATIVE_START.test(t.slice(k, k + 6))) return k;
  if (sticky(VOCATIVE, t, k) && (sentence || /^各位[^,!。]{1,8}$/.test(t.slice(sentenceStart(t, k, from), k - 1)))) {
    return sentenceStart(t, k, from);
  }
  if (t.startsWith('最后', k) && sticky(FINAL_LIST, t, k)) return k;
  let takesFloor = memo?.clauses.get(k);
  if (takesFloor === undefined) {
    const end = clauseEnd(t, k, 32);
    takesFloor = speakerTakesFloor(t.slice(k, end ?? Math.min(t.length, k + 32)));
    // Only clauses whose whole window is present are settled for good.
    if (end !== null) memo?.clauses.set(k, takesFloor);
  }
  return takesFloor ? sentenceStart(t, k, from) : null;
}

/** Unpunctuated text: the stop triggered at `k`, if any. */
function looseStop(t: string, from: number, k: number, history: string): number | null {
  const ch = t[k];
  if (has(CLOSING_FIRST, ch) && sticky(CLOSING, t, k)) {
    // 以上 after a rank or a number (县处级以上, 三年以上) is no closing.
    if (ch !== '以' || !/[级岁元人次年倍分米吨亩户家个项位名上下0-9一二三四五六七八九十百千万]/.test(t[k - 1] ?? '')) return k;
  }
  if (ch === '请') {
    const m = sticky(HOST_INTRO, t, k);
    if (m && personFrom(m[1] ?? '')?.kind === 'person') {
      const opener = /(下面|接下来|现在|再)$/.exec(t.slice(Math.max(from, k - 3), k))?.[0] ?? '';
      return k - opener.length;
    }
  }
  if (ch === '在' && sticky(SUMMING_UP, t, k)) {
    // "…鲁建平在主持时要求各单位要…": a person named before sums up.
    for (const len of [3, 2]) {
      const at = k - len;
      const name = t.slice(at, k);
      if (at >= from && nameOk(name) && occursBefore(t, name, from + 1, history)) return at;
    }
  }
  if (STATEMENT_VERBS.includes(t.slice(k, k + 2))) {
    const at = statementAt(t, from, k, history);
    if (at !== null) return at;
  }
  // 同志们 turning to the audience, not 参加会议的同志们 (an object or a possessive).
  if (t.startsWith('同志们', k) && !has('的向对给和与及位们各', t[k - 1]) && t[k + 3] !== '的') return k;
  if (ch === '最' && sticky(FINAL_LIST, t, k)) return k;
  return null;
}

/** Earliest stop triggered in `[start, to)` (reading up to `STOP_LOOKAHEAD` past `to`). */
function scanStops(t: string, from: number, start: number, to: number, memo?: WalkMemo): FoundStop | null {
  // Punctuation density, kept as we go: punctuated at k iff a punctuation mark lies in [k - 60, k).
  let lastPunct = -Infinity;
  for (let j = Math.max(0, start - DENSITY_BACK); j < start; j++) if (has(DENSITY_PUNCT, t[j])) lastPunct = j;
  for (let k = Math.max(start, from + 1); k < to; k++) {
    if (has(DENSITY_PUNCT, t[k - 1])) lastPunct = k - 1;
    const punctuated = k < 8 || lastPunct >= k - DENSITY_BACK;
    const stop = punctuated ? punctuatedStop(t, from, k, memo) : looseStop(t, from, k, memo?.history ?? '');
    if (stop !== null) return { stop: Math.max(from, stop), trigger: k };
  }
  return null;
}

/** Chars before a new list in which an unpunctuated lead-in of a new speaker is looked for. */
const LOOSE_LEAD_BACK = 150;

/**
 * Unpunctuated text, at the first marker `to` of a new list: a speaker mention shortly before it is
 * that list's lead-in, and ends the list before it ("…三是优化营商环境县长韦国庆要求一要…").
 */
function newSpeakerBefore(t: string, from: number, to: number, history: string): number | null {
  const mention = findLooseMention(t, Math.max(from, to - LOOSE_LEAD_BACK), to, history);
  // "…他还要求一要…": a pronoun's new statement ends the list too.
  const pronoun = loosePronoun(t, Math.max(from + 1, to - LOOSE_LEAD_BACK, (mention?.at ?? -1) + 1), to, history);
  if (pronoun) return pronoun.at;
  if (!mention || mention.subject.kind === 'first') return null;
  const lead = t.slice(Math.max(from, mention.at - 4), mention.at);
  const opener = /(最后|随后|接着|然后|会上|同时)$/.exec(lead);
  if (opener) return mention.at - opener[0].length;
  // ROLE + NAME: the new speaker's lead-in starts at the title (省委副书记郑国华).
  const role = mention.subject.kind === 'person' ? mention.subject.role : null;
  const withRole = role && t.slice(Math.max(from, mention.at - role.length), mention.at) === role;
  return withRole ? mention.at - role.length : mention.at;
}

/**
 * First stop after `from` (an item's text start) and before `to`. Positions whose rules need text
 * beyond the end are not decided unless `final`. `beforeList`: `to` is the first marker of a new list,
 * so (in unpunctuated text) a speaker mention shortly before it is that list's lead-in; only
 * candidate positions may set it, since the answer must not depend on where a push ended.
 */
export function findStop(
  t: string, from: number, to: number, final: boolean, beforeList = false, memo?: WalkMemo,
): number | null {
  const decidable = final ? to : Math.min(to, t.length - STOP_LOOKAHEAD);
  if (decidable <= from) return null;
  const settled = decidable <= t.length - STOP_LOOKAHEAD;
  const progress = memo?.progress.get(from);
  let found: FoundStop | null;
  if (progress?.found) {
    found = progress.found.trigger < decidable ? progress.found : null;
  } else if (progress && progress.scannedTo >= decidable) {
    found = null;
  } else {
    found = scanStops(t, from, progress?.scannedTo ?? from, decidable, memo);
    if (memo && settled) memo.progress.set(from, { scannedTo: decidable, found });
  }
  if (found) return found.stop;
  if (!beforeList || isPunctuated(t, to)) return null;
  return newSpeakerBefore(t, from, to, memo?.history ?? '');
}
