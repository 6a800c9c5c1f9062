/**
 * The marker core shared by the written-text rules (markers.ts) and the raw-ASR rules
 * (marker-asr.ts): the candidate type, what a rule sees, and the 第N and N是 / N要 rules both read
 * (a homophone is read under the rule of the marker character it stands for).
 */
import { DI_TRAP_NEXT, DI_TRAP_PREV, MARKER_SEPARATORS, REQ_OPENERS, SOFT_END, YI_ONLY_NEXT, YI_WORD_PREV, has } from './lexicon.ts';
import { isCnNumeral, isDigit, readNumeral } from './numerals.ts';
import { COUNT_BEFORE, DI_VERB_NEXT, serviceNumberAt, subjectCharged, unitBeforeOpener } from './marker-di.ts';

/** Marker style. Mixed styles may share a list; the family breaks ties when nesting. */
/** （一） is `paren`, (1) is `parenNum`: the second and the fourth level of a written outline. */
export type MarkerFamily = 'di' | 'shi' | 'yao' | 'dun' | 'paren' | 'parenNum' | 'arabic' | 'seq' | 'bare';

/** Ordinal value of 最后 when it closes a 首先/其次 list: "the next one, and the last". */
export const LAST_ORDINAL = -1;

export interface MarkerCandidate {
  /** Normalised offset of the marker's first char. */
  start: number;
  /** Normalised offset just after the literal marker (一要 and 一、 include 要 / 、). */
  markerEnd: number;
  /** Normalised offset where the item text starts (separators skipped). */
  bodyStart: number;
  /** 1-based ordinal, or LAST_ORDINAL for 最后. */
  ordinal: number;
  family: MarkerFamily;
  /** Bare numeral right after a lead-in cue (unpunctuated text only). */
  leadCue: boolean;
  /** 最后 introducing the speaker's own last point ("最后，我还要强调的是…"): it belongs to the top-level list. */
  speech?: boolean;
  /** Bare numeral followed by what opens a point (a requirement, a heading, a unit charged, a pause). */
  opens?: boolean;
  /** Bare numeral written in Arabic digits (2检查…, 3春节过了…). */
  digits?: boolean;
  /** 第N个方面 / 第N方面: a section-level 第N (its list is not restarted by plain 第N points inside it). */
  aspect?: boolean;
  /** A recogniser's homophone of a marker (地二 for 第二, 二事 for 二是): it continues only lists of its own style. */
  homophone?: boolean;
  /** Weak evidence (第二 before a subject the trap list would bind, no pause): only continues an open list of its style. */
  continuesOnly?: boolean;
}

/** What a marker rule sees: the text (cut at the look-ahead window), the position, and its surroundings. */
export interface Ctx { t: string; s: number; prev: string | undefined; boundary: boolean; punctuated: boolean }

/** A candidate at `ctx.s` whose literal marker ends at `markerEnd`; its text starts after the separators. */
export function make(ctx: Ctx, markerEnd: number, ordinal: number, family: MarkerFamily, leadCue = false): MarkerCandidate {
  let body = markerEnd;
  while (body < ctx.t.length && (has(MARKER_SEPARATORS, ctx.t[body]) || ctx.t[body] === '\n')) body++;
  return { start: ctx.s, markerEnd, bodyStart: body, ordinal, family, leadCue };
}

export function startsWithAny(text: string, words: readonly string[]): boolean {
  return words.some((w) => text.startsWith(w));
}

const YAO_NOUN_NEXT = '务素点害件义';
/** 第N (第N是, 第N点, 第N个方面…) at `ctx.s`, with the 第一次 / 安全第一 / 第一、二名 traps kept out. */
export function di(ctx: Ctx): MarkerCandidate | null {
  const c = diMarker(ctx);
  // 第一个方面 / 第二方面 (and 我讲三句话：第一句话…) head sections: a level of their own above 第一, 第二 points.
  return c && /(方面|句话)$/.test(ctx.t.slice(c.start, c.markerEnd)) ? { ...c, aspect: true } : c;
}

function diMarker(ctx: Ctx): MarkerCandidate | null {
  const { t, s, prev, boundary, punctuated } = ctx;
  if (t[s] !== '第') return null;
  const num = readNumeral(t, s + 1, 3);
  if (!num || num.value > 30) return null;
  // 第四十一 is one number; stripped "第四一体推进…" is 第四 before a word with 一 (一体, 一切, 一律).
  const yiWord = t[num.end] === '一' && has(YI_ONLY_NEXT, t[num.end + 1]);
  if ((isCnNumeral(t[num.end]) && !yiWord) || (isDigit(t[num.end]) && !serviceNumberAt(t, num.end))) return null;
  // 排名第一, 成为第一: a ranking — but "…违法行为第三要…" ends a noun (行为), not 为 the verb, and
  // after 全 only 安全第一 is a slogan ("…自身安全第三扎实做好…" is a point).
  const ranking = prev !== undefined && DI_TRAP_PREV.includes(prev) && t.slice(s - 2, s) !== '行为' && !(prev === '全' && num.value > 1);
  if (!boundary && ranking) return null;
  let end = num.end;
  const rest = t.slice(end);
  // "第一个，…", "第二个 | 燃气这一块" (spoken): 第N个 standing alone, before a pause or a separator.
  const unit = /^(个方面|方面|点|条|句话)(?=[,、:.;\n]|是|要|必须)/.exec(rest) ?? new RegExp(`^个(?=[,、:;\\n${SOFT_END}]|就是)`).exec(rest)
    ?? unitBeforeOpener(rest, punctuated);
  if (rest.startsWith('是') && !isCnNumeral(rest[1])) end += 1;
  else if (unit) end += unit[0].length;
  else if (startsWithAny(rest, DI_TRAP_NEXT) && !DI_VERB_NEXT.test(rest)) return spokenBeforeSubject(ctx, num.end, num.value, rest);
  const after = t.slice(end);
  if (after === '') return make(ctx, end, num.value, 'di');
  if (has(MARKER_SEPARATORS, after[0]) || after[0] === '\n') {
    // "第一、二名" or "第一,二" lists numbers, not points ("第四，一体推进…" is a point).
    if (isCnNumeral(after[1]) && (after.length < 3 || has('、,.名等位届次个批期号', after[2]) || isCnNumeral(after[2]))) return null;
    if (isDigit(after[1]) && !serviceNumberAt(t, end + 1)) return null;
    return make(ctx, end, num.value, 'di');
  }
  if (end > num.end || startsWithAny(after, REQ_OPENERS)) return make(ctx, end, num.value, 'di');
  if (!punctuated && !has('。的了', after[0])) return make(ctx, end, num.value, 'di');
  return null;
}

/**
 * 第N right before a subject charged with 要 in unpunctuated text ("第二 区住建局要…", "第二中央财政要…"),
 * which the trap list would read as part of a word. After a pause (or, for 第一, right after an
 * announced count) it is a point; otherwise it only continues an open 第N list (`continuesOnly`).
 */
function spokenBeforeSubject(ctx: Ctx, end: number, ordinal: number, rest: string): MarkerCandidate | null {
  const { t, s, prev, punctuated } = ctx;
  if ((punctuated && prev !== SOFT_END) || !subjectCharged(rest)) return null;
  const c = make(ctx, end, ordinal, 'di');
  if (prev === SOFT_END) return c;
  if (ordinal === 1) return COUNT_BEFORE.test(t.slice(Math.max(0, s - 16), s)) ? c : null;
  return { ...c, continuesOnly: true };
}

/** The numeral at `ctx.s` is not the tail of a longer number or of 第. */
export function numeralStart(ctx: Ctx): boolean {
  const { prev } = ctx;
  return !(prev !== undefined && (isCnNumeral(prev) || isDigit(prev) || prev === '第'));
}

/** N是 / N要 at `ctx.s`, with the 统一是 / 有一是一 / 一要务 traps kept out. */
export function shiYao(ctx: Ctx): MarkerCandidate | null {
  const { t, s, prev } = ctx;
  // "清零三是…": 零 ending a word (清零, 归零) does not make 三 part of a longer numeral.
  const wordZero = has('零〇', prev) && !isCnNumeral(t[s - 2]) && !isDigit(t[s - 2]) && !has('百千万', t[s - 2]);
  if (!isCnNumeral(t[s]) || has('两零〇', t[s]) || (!numeralStart(ctx) && !wordZero)) return null;
  const num = readNumeral(t, s, 3);
  if (!num) return null;
  const kind = t[num.end];
  if (kind !== '是' && kind !== '要') return null;
  // "…作为第一责任一是要…": 一是要 opens a point even after a char that forms words with 一 (任一).
  const shiYaoAhead = kind === '是' && t[num.end + 1] === '要' && t[num.end + 2] !== '求' && has('任专单合划逐独择', prev);
  if (prev !== undefined && t[s] === '一' && YI_WORD_PREV.includes(prev) && !shiYaoAhead) return null;
  // 这一是, 唯其一是… ("主要有一是…" is a list: 有一是一 is caught by the repeated numeral below).
  if (prev !== undefined && '再之这那哪其不'.includes(prev)) return null;
  const next = t[num.end + 1];
  if (next !== undefined && next === t[s]) return null; // 有一是一、有二是二
  if (kind === '要' && next !== undefined && YAO_NOUN_NEXT.includes(next)) return null;
  return make(ctx, num.end + 1, num.value, kind === '是' ? 'shi' : 'yao');
}

