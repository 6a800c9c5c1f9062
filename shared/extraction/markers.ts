/**
 * Marker candidates: places where a numbered point may start (第一, 一是, 一要, 一、, (一), 1., 首先 …),
 * with the trap rules that keep 第一次, 第一书记, 安全第一, 有一是一, dates and counts out.
 *
 * Every decision reads at most `MARKER_LOOKBEHIND` chars before and `MARKER_LOOKAHEAD` chars after the
 * candidate's start, so the incremental driver can decide a candidate once that much text exists.
 */
import { CLAUSE_PUNCT, DENSITY_PUNCT, MARKER_SEPARATORS, REQ_OPENERS, SOFT_END, has } from './lexicon.ts';
import { isCnNumeral, isDigit, readNumeral } from './numerals.ts';
import { parseSubject } from './speaker.ts';
import { di, LAST_ORDINAL, make, shiYao, startsWithAny, type Ctx, type MarkerCandidate } from './marker-core.ts';
import { bare, homophone } from './marker-asr.ts';

export { LAST_ORDINAL, type Ctx, type MarkerCandidate, type MarkerFamily } from './marker-core.ts';

/** Chars after a candidate's start that its rules may read. */
export const MARKER_LOOKAHEAD = 32;
/** Chars before a candidate's start that its rules may read. */
export const MARKER_LOOKBEHIND = 60;

const PAREN_TRAP_NEXT = '班号组队级栋期届年月日元万楼室';
const SEQ_WORDS: Record<string, number> = { 首先: 1, 其次: 2, 再次: 3, 最后: LAST_ORDINAL };
const SEQ_NARRATIVE_NEXT = ['由', '请', '是由', '对', '向', '在会上', '我', '召开', '进行', '学习', '传达', '听取',
  '观看', '宣读', '通报', '介绍', '主持', '举行', '播放', '组织', '与会', '会议', '大会', '就', '全体起立', '奏唱', '宣布'];
const SEQ_LEADIN_WORDS = /要求|强调|指出|提出|讲话|提了|意见|发言|总结|表示/;
/** All candidates starting in `[from, to)` of normalised text `t`. */
export function scanCandidates(t: string, from: number, to: number): MarkerCandidate[] {
  return scanFrom(t, from, to).found;
}

function scanFrom(t: string, from: number, to: number): { found: MarkerCandidate[]; next: number } {
  const found: MarkerCandidate[] = [];
  let i = Math.max(0, from);
  while (i < to) {
    const c = candidateAt(t, i);
    if (c) {
      found.push(c);
      i = c.markerEnd;
    } else {
      i++;
    }
  }
  return { found, next: i };
}

function candidateAt(full: string, s: number): MarkerCandidate | null {
  const ch = full[s];
  if (ch === undefined) return null;
  if (!'第首其再最(地弟而'.includes(ch) && !isCnNumeral(ch) && !isDigit(ch)) return null;
  // Only the bounded window is visible to the rules (chunking invariance).
  const t = full.slice(0, Math.min(full.length, s + MARKER_LOOKAHEAD));
  const prev = t[s - 1];
  const boundary = prev === undefined || CLAUSE_PUNCT.includes(prev);
  const punctuated = isPunctuated(t, s);
  const ctx: Ctx = { t, s, prev, boundary, punctuated };
  return paren(ctx) ?? di(ctx) ?? qi(ctx) ?? seq(ctx) ?? shiYao(ctx) ?? dun(ctx) ?? arabic(ctx) ?? homophone(ctx) ?? bare(ctx);
}

/** True when the text just before `s` carries punctuation (news text) rather than raw ASR. */
export function isPunctuated(t: string, s: number): boolean {
  const from = Math.max(0, s - MARKER_LOOKBEHIND);
  let paused = false;
  for (let k = from; k < s; k++) {
    if (has(DENSITY_PUNCT, t[k])) return true;
    if (t[k] === SOFT_END) paused = true;
  }
  // Too little text to tell counts as punctuated — unless a pause came without any punctuation.
  return s - from < 8 && !paused;
}

function paren({ t, s, ...rest }: Ctx): MarkerCandidate | null {
  if (t[s] !== '(') return null;
  const num = readNumeral(t, s + 1, 2);
  if (!num || t[num.end] !== ')' || num.value > 30) return null;
  // 三(1)班, (2)号楼: class and building numbers, not points.
  if (has(PAREN_TRAP_NEXT, t[num.end + 1])) return null;
  return make({ t, s, ...rest }, num.end + 1, num.value, isDigit(t[s + 1]) ? 'parenNum' : 'paren');
}

/** 其一，其二 … (only with a separator or 是 after it). */
function qi(ctx: Ctx): MarkerCandidate | null {
  const { t, s, boundary, punctuated } = ctx;
  if (t[s] !== '其' || (!boundary && punctuated)) return null;
  const num = readNumeral(t, s + 1, 2);
  if (!num || num.value > 20) return null;
  const next = t[num.end] ?? '';
  if (next === '是') return make(ctx, num.end + 1, num.value, 'di');
  if (has(MARKER_SEPARATORS, next)) return make(ctx, num.end, num.value, 'di');
  // Unpunctuated "…三点其一要筑牢…": 其N + a requirement opener.
  return !punctuated && /^(要|必须|务必|坚持|加强|强化|严格)/.test(t.slice(num.end)) ? make(ctx, num.end, num.value, 'di') : null;
}

function seq(ctx: Ctx): MarkerCandidate | null {
  const { t, s, boundary, punctuated } = ctx;
  const word = t.slice(s, s + 2);
  const ordinal = SEQ_WORDS[word];
  if (ordinal === undefined) return null;
  // "全体党员干部职工首先要…": after a subject, 首先要/其次要 still opens a point.
  if (punctuated && !boundary && !/^(要|必须|务必|应当|是要)/.test(t.slice(s + 2))) return null;
  let k = s + 2;
  const sep = has(MARKER_SEPARATORS, t[k]);
  while (has(MARKER_SEPARATORS, t[k])) k++;
  const rest = t.slice(k);
  if (rest === '') return sep || !punctuated ? make(ctx, s + 2, ordinal, 'seq') : null;
  if (ordinal === LAST_ORDINAL && rest.startsWith('我')) {
    // "最后，我给同志们提3点要求": the lead-in of a list of its own, no point.
    if (/^[^。;!?\n]{0,24}?([一二两三四五六七八九十\d]{1,2}|几)(点|个方面|条|个问题)/.test(rest)) return null;
    // "最后，我还要强调的是，…": the speaker's own last point.
    if (/^我(还|再|想|要|就|最后)*(强调|讲|说|提醒|提)/.test(rest)) return { ...make(ctx, s + 2, ordinal, 'seq'), speech: true };
  }
  // 最后的硬骨头, 最后一公里, 最后一年: an adjective, not a point; 越到最后, 直至最后: an adverbial.
  if (ordinal === LAST_ORDINAL && !sep && (/^(的|一)/.test(rest) || has('到至在于得越', ctx.prev))) return null;
  if (startsWithAny(rest, SEQ_NARRATIVE_NEXT)) return null;
  if (rest.slice(0, 16).includes('了')) return null;
  if (ordinal === LAST_ORDINAL && (SEQ_LEADIN_WORDS.test(rest.slice(0, 20)) || personLeads(rest))) return null;
  const strict = word === '其次' || word === '再次';
  if (strict) {
    if (!sep && !/^(要|是|必须|务必|应)/.test(rest)) return null;
    if (/^(强调|重申|提醒|感谢|表示|召开|确认|审议)/.test(rest)) return null;
    return make(ctx, s + 2, ordinal, 'seq');
  }
  if (sep || startsWithAny(rest, REQ_OPENERS)) return make(ctx, s + 2, ordinal, 'seq');
  // Unpunctuated "最后值班要到位": a short topic, then 要.
  if (!punctuated && /^[\u4e00-\u9fff]{1,4}?(要|必须|务必)/.test(rest)) return make(ctx, s + 2, ordinal, 'seq');
  return null;
}

function dun(ctx: Ctx): MarkerCandidate | null {
  const { t, s, boundary } = ctx;
  if (!isCnNumeral(t[s]) || !boundary || has('零〇', t[s])) return null;
  const num = readNumeral(t, s, 3);
  if (!num || t[num.end] !== '、') return null;
  const next = t[num.end + 1];
  // "一、二" lists numbers; "一、2024年工作开展情况" is a heading that opens with a year.
  if (isCnNumeral(next) || (isDigit(next) && !/^[0-9]{4}年/.test(t.slice(num.end + 1, num.end + 6)))) return null;
  return make(ctx, num.end + 1, num.value, 'dun');
}

function arabic(ctx: Ctx): MarkerCandidate | null {
  const { t, s, prev, boundary } = ctx;
  // "三、强化保障，确保各项工作落到实处1.落实属地责任": a run-on heading runs into its first "1.".
  const runOn = !boundary && /[\u4e00-\u9fff]/.test(prev ?? '');
  if (!isDigit(t[s]) || (!boundary && !runOn) || prev === '.') return null;
  const num = readNumeral(t, s, 2);
  if (!num || isDigit(t[num.end]) || num.value === 0 || num.value > 30) return null;
  const sep = t[num.end];
  if (sep !== '.' && sep !== '、' && sep !== ')') return null;
  if (runOn && (sep !== '.' || !/[\u4e00-\u9fff]/.test(t[num.end + 1] ?? ''))) return null;
  const next = t[num.end + 1];
  if (isDigit(next) || next === '.' || next === '%') return null;
  // "(1)" belongs to paren(); a rejected "(1)班" must not come back as "1)".
  if (sep === ')' && (prev === '(' || PAREN_TRAP_NEXT.includes(next ?? '一'))) return null;
  return make(ctx, num.end + 1, num.value, 'arabic');
}

/** "最后，吁小平常务副局长就…": 最后 introduces the next speaker, not a last point. */
function personLeads(rest: string): boolean {
  const clause = rest.split(/[,。;:!?\n]/)[0] ?? '';
  const subject = parseSubject(clause, false);
  return subject !== null && subject.kind !== 'first';
}
