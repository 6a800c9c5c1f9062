/**
 * Lead-in of a list: who announces it, how many points, and whether it announces requirements
 * at all (agenda, characteristics and achievements are not). Also the stops that end a list.
 */
import { SENTENCE_END, has } from './lexicon.ts';
import { fullName, hostIntro, parseSubject, resolveRole, speakerTag, type Subject } from './speaker.ts';
import { createCandidateCache, isPunctuated, type CandidateCache } from './markers.ts';
import { parseNumeral } from './numerals.ts';
import { findLooseMention, nameOk, tidyLooseRole } from './speaker-loose.ts';
import { PRONOUN_CLAUSE, loosePronoun, looseRoleOf, pronounReferent } from './pronoun.ts';
import { looseStatementStop, type StatementMemo } from './statement.ts';

/** How far back from a list's first marker we look for its speaker (chars). */
export const LEAD_IN_LOOKBACK = 400;
/** Chars after a position that the stop rules may read. */
export const STOP_LOOKAHEAD = 32;

export interface LeadIn {
  subject: Subject | null;
  /** Announced number of points, or null. */
  count: number | null;
  /** The count phrase was found ("七点要求", "以下几点"): the list is announced. */
  announced: boolean;
  /** Normalised [start, end) of the lead-in sentence. */
  start: number;
  end: number;
}

const CLAUSE_SPLIT = /[,。;!?:\n]/;
const COUNT_RE = /([一二两三四五六七八九十\d]{1,3}|几)(点|个方面|方面|条|项|个|件)(具体|明确|重要|主要|重点|工作|指导性|的|方面)*(要求|意见|建议|希望|任务|措施|工作|看法|想法|体会|打算|举措|问题|事情|事)?/g;

/** Start of the sentence that ends right before `pos` (the lead-in sentence). */
export function leadInSentenceStart(t: string, pos: number, floor: number): number {
  let k = pos;
  while (k > floor && has(',。;:!?\n、', t[k - 1])) k--;
  return Math.max(floor, sentenceStart(t, k, floor), pos - 120);
}

/** Announced count in the lead-in sentence: the last count phrase in it. */
export function findCount(sentence: string): { count: number | null; found: boolean } {
  let last: { count: number | null; found: boolean } = { count: null, found: false };
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(sentence); m; m = COUNT_RE.exec(sentence)) {
    const [, num = '', unit = '', , noun] = m;
    // 个/项/条 count things of all sorts; only with a requirement noun do they announce points.
    // "三项工作": 工作 is read as a modifier by the pattern, but it is also the noun.
    const counted = noun ?? (m[0].endsWith('工作') ? '工作' : undefined);
    if ((unit === '个' || unit === '项' || unit === '条' || unit === '件') && !counted) continue;
    // Quoted counts are slogans or titles (“六个方面18项具体任务”), not this list's count.
    const end = m.index + m[0].length;
    if (/^[”’》"]/.test(sentence.slice(end)) || /[“‘《"]$/.test(sentence.slice(0, m.index))) continue;
    const value = num === '几' ? null : parseNumeral(num);
    if (num !== '几' && (value === null || value < 2 || value > 30)) continue;
    // "从四个方面讲几点意见": a vague 几 does not undo a stated number.
    if (value === null && last.count !== null) continue;
    last = { count: value, found: true };
  }
  if (!last.found && /以下|如下/.test(sentence)) last = { count: null, found: true };
  return last;
}

/** A clause that speaks without a subject of its own ("并在会上提出三点要求"). */
const SPEECH_VERB_ONLY = /^(并|还|随后|同时|又|也)?(在[^,]{0,16}?上)?(就[^,]{0,16})?(提出|强调|要求|指出)/;

/** Nearest speaker before `pos` (not before `floor`). */
export function findSpeaker(t: string, floor: number, pos: number): Subject | null {
  const from = Math.max(floor, pos - LEAD_IN_LOOKBACK);
  // Odd entries are the separators, so sentence ends are visible.
  const parts = t.slice(from, pos).split(/([,。;!?:\n])/);
  const starts: number[] = [];
  let acc = from;
  for (const p of parts) {
    starts.push(acc);
    acc += p.length;
  }
  let elided = false;
  for (let i = parts.length - 1; i >= 0; i -= 2) {
    const clause = parts[i] ?? '';
    if (has(SENTENCE_END, parts[i + 1])) elided = false;
    const subject = parseSubject(clause);
    if (subject) return subject;
    // "他要求", "随后她提出四点要求": the most recently mentioned titled person.
    const referent = PRONOUN_CLAUSE.test(clause) ? pronounReferent(t, starts[i] ?? from, true) : null;
    if (referent) return referent;
    // "局长谭志刚带队到企业检查，并在座谈会上提出三个方面的要求": the speech verb's subject was
    // given earlier in the same sentence, in a clause with no speech verb.
    const carried = elided ? parseSubject(clause, false) : null;
    if (carried?.kind === 'person' && carried.explicitRole) return carried;
    if (SPEECH_VERB_ONLY.test(clause)) elided = true;
  }
  return null;
}

/** Lead-in of the list whose first marker starts at `pos`. */
export function readLeadIn(t: string, floor: number, pos: number, memo?: StopMemo): LeadIn {
  const key = `${floor}:${pos}`;
  const hit = memo?.leadIns.get(key);
  if (hit) return hit;
  const lead = computeLeadIn(t, floor, pos);
  memo?.leadIns.set(key, lead);
  return lead;
}

function computeLeadIn(t: string, floor: number, pos: number): LeadIn {
  let start = leadInSentenceStart(t, pos, floor);
  const punctuated = isPunctuated(t, pos);
  let mention = punctuated ? null : findLooseMention(t, Math.max(floor, pos - LEAD_IN_LOOKBACK), pos);
  // "…他指出…提出三点要求": a pronoun after the nearest mention speaks for the last titled person.
  const pronoun = punctuated ? null : loosePronoun(t, Math.max(floor, pos - LEAD_IN_LOOKBACK, (mention?.at ?? -1) + 1), pos);
  if (pronoun) mention = pronoun;
  let subject = punctuated ? findSpeaker(t, floor, pos) : (mention?.subject ?? null);
  // Partly punctuated ASR ("王所长：同志们 最近… 我提三点要求 一是…"): a run-on clause right before the
  // list may still hold a first-person lead-in.
  if (punctuated && subject === null) {
    let k = pos;
    while (k > Math.max(floor, pos - 60) && !has(',。;!?:\n', t[k - 1])) k--;
    if (findLooseMention(t, k, pos)?.subject.kind === 'first') subject = { kind: 'first' };
  }
  if (subject?.kind === 'person' && subject.role === null) {
    const role = resolveRole(t.slice(0, pos), subject.name) ?? (punctuated ? null : looseRoleOf(t, pos, subject.name));
    subject = { ...subject, role: role && !punctuated ? tidyLooseRole(role) : role };
  } else if (subject?.kind === 'person' && subject.role && subject.name === subject.name[0] + subject.role) {
    // "王局长" after "局长王国强" earlier: the labels use the full name when the text gives it.
    const full = fullName(t.slice(0, pos), subject.name[0] ?? '', subject.role);
    if (full) subject = { ...subject, name: full };
  }
  // "肖俊：…我简单讲两点": a transcript's speaker tag names the first person.
  const tag = subject?.kind === 'first' ? speakerTag(t, Math.max(floor, pos - LEAD_IN_LOOKBACK), pos) : null;
  if (tag) subject = { kind: 'person', name: tag, role: resolveRole(t.slice(0, pos), tag), explicitRole: true };
  // "下面请局长邓志强同志讲话。…我从四个方面讲": the host named the first person.
  const intro = subject?.kind === 'first' && !tag ? hostIntro(t, Math.max(floor, pos - LEAD_IN_LOOKBACK), pos) : null;
  if (intro) subject = intro.subject;
  // Unpunctuated text has no sentence edge: the lead-in starts at its speaker ("出台了12项措施孙立平要求…").
  if (mention && mention.at > start) start = mention.at;
  const sentence = t.slice(start, pos);
  const { count, found } = findCount(sentence);
  const firstPerson = subject?.kind === 'first' && /我/.test(sentence);
  return { subject, count, announced: found || firstPerson, start, end: pos };
}

/** Sentence openers with which a report moves on from the speech (随后，与会人员…). */
const NARRATIVE_START = /^(随后|会后|接着|会议还|会议最后|会上还|会议期间|与会人员|与会同志)/;
/** Longest closing phrase (chars). */
const CLOSING_MAX = 8;
const CLOSING = /总之|总而言之|总的来说|综上所述|我就讲这些|我就讲这么多|就讲到这里|就讲这些|我就说这些|谢谢大家|以上几点|散会/g;

/**
 * First position in `[from, to)` where the current list must end: a closing phrase
 * (总之, 我就讲这些) or a clause in which another speaker (or 会议) takes the floor.
 * Positions whose rule needs text beyond `textEnd` are not decided (unless `final`).
 * `beforeList`: `to` is the first marker of a new list, so (in unpunctuated text) a speaker
 * mention shortly before it is that list's lead-in. Only candidate positions may set it: the
 * result must not depend on where a chunk happened to end.
 */
/**
 * Per-text cache of settled decisions, kept by the incremental driver so re-walks stay cheap:
 * clause start → another speaker takes the floor; "floor:pos" → lead-in.
 */
export interface StopMemo {
  clauses: Map<number, boolean>;
  leadIns: Map<string, LeadIn>;
  candidates: CandidateCache;
  /** Item start → how far stops were searched from it, and the first stop found. */
  progress: Map<number, { scannedTo: number; found: { stop: number; trigger: number } | null }>;
  /** Unpunctuated statement-stop scans (statement.ts). */
  statements: StatementMemo;
}

export function createMemo(): StopMemo {
  return { clauses: new Map(), leadIns: new Map(), candidates: createCandidateCache(), progress: new Map(), statements: new Map() };
}

export function findStop(
  t: string, from: number, to: number, final: boolean, beforeList = false, memo?: StopMemo,
): number | null {
  const decidable = final ? to : Math.min(to, t.length - STOP_LOOKAHEAD);
  if (decidable <= from) return null;
  if (!isPunctuated(t, decidable)) return looseStop(t, from, decidable, beforeList, memo?.statements);
  // Scans already done from `from` are reused: every rule below `decidable` saw its whole window.
  const settled = decidable <= t.length - STOP_LOOKAHEAD;
  const progress = memo?.progress.get(from);
  let start = from;
  if (progress) {
    // A stop is reported at its sentence start, which may lie before what triggered it.
    if (progress.found) return progress.found.trigger < decidable ? progress.found.stop : null;
    if (progress.scannedTo >= decidable) return null;
    start = progress.scannedTo;
  }
  const found = scanStops(t, from, start, decidable, memo);
  if (settled && memo) memo.progress.set(from, { scannedTo: decidable, found });
  return found?.stop ?? null;
}

interface FoundStop { stop: number; trigger: number }

function scanStops(t: string, from: number, start: number, decidable: number, memo?: StopMemo): FoundStop | null {
  const region = t.slice(start, Math.min(t.length, decidable + CLOSING_MAX));
  CLOSING.lastIndex = 0;
  const closing = CLOSING.exec(region);
  let best: FoundStop | null = closing && start + closing.index < decidable
    ? { stop: sentenceStart(t, start + closing.index, from), trigger: start + closing.index }
    : null;
  // Clauses that start in the region: does another speaker take the floor?
  for (let k = Math.max(start, from + 1); k < decidable && (best === null || k < best.trigger); k++) {
    if (!has(',。;!?:\n', t[k - 1])) continue;
    if (has(SENTENCE_END, t[k - 1]) && NARRATIVE_START.test(t.slice(k, k + 6))) {
      best = { stop: k, trigger: k };
      break;
    }
    let takesFloor = memo?.clauses.get(k);
    if (takesFloor === undefined) {
      const end = clauseEnd(t, k, STOP_LOOKAHEAD);
      takesFloor = speakerTakesFloor(t.slice(k, end ?? Math.min(t.length, k + STOP_LOOKAHEAD)));
      // Only clauses whose whole window is present are settled for good.
      if (end !== null) memo?.clauses.set(k, takesFloor);
    }
    if (takesFloor) {
      best = { stop: sentenceStart(t, k, from), trigger: k };
      break;
    }
  }
  return best;
}

function speakerTakesFloor(clause: string): boolean {
  const subject = parseSubject(clause);
  return subject !== null && subject.kind !== 'first'
    && (subject.kind === 'meeting' || subject.explicitRole
      || /^[^,]{2,4}(还|再次|又|也|进一步|同时|特别)?(指出|强调|要求|表示|提出)/.test(clause));
}

function clauseEnd(t: string, k: number, max: number): number | null {
  for (let j = k; j < Math.min(t.length, k + max); j++) if (CLAUSE_SPLIT.test(t[j] ?? '')) return j;
  return t.length >= k + max ? k + max : null;
}

function sentenceStart(t: string, k: number, floor: number): number {
  let j = k;
  while (j > floor && !has(SENTENCE_END, t[j - 1])) j--;
  return j;
}

/** Chars before a position in which an unpunctuated lead-in of a new speaker is looked for. */
const LOOSE_STOP_BACK = 150;

/** NAME 在主持时/在总结时/在讲话中 要求/强调 (three chars before 在; two-char names are checked too). */
const SUMMING_UP = /[\u4e00-\u9fff]{3}(?=在(主持|总结|讲话)[\u4e00-\u9fff]{0,2}?[时中](要求|强调|指出))/;

/** Unpunctuated text: closing phrases, or a new speaker's lead-in just before `to`. */
function looseStop(t: string, from: number, to: number, beforeList: boolean, statements?: StatementMemo): number | null {
  CLOSING.lastIndex = 0;
  const region = t.slice(from, to + CLOSING_MAX);
  const closing = CLOSING.exec(region);
  if (closing && closing.index < to - from) return from + closing.index;
  // "下面请县委书记赵明同志讲话": the host hands the floor to someone else.
  const intro = hostIntro(t, from, to);
  if (intro) return intro.at;
  // "…鲁建平在主持时要求各单位要…": a person named before sums up; the list ends even with no list after.
  const summary = SUMMING_UP.exec(t.slice(from, to));
  if (summary) {
    for (const len of [3, 2]) {
      const at = from + summary.index + 3 - len;
      const name = t.slice(at, at + len);
      if (nameOk(name) && t.lastIndexOf(name, from) !== -1) return at;
    }
  }
  const statement = looseStatementStop(t, from, to, statements);
  if (statement !== null) return statement;
  if (!beforeList) return null;
  const mention = findLooseMention(t, Math.max(from, to - LOOSE_STOP_BACK), to);
  // "…三是优化营商环境…他还要求一要…": a pronoun's new statement ends the list too.
  const pronoun = loosePronoun(t, Math.max(from + 1, to - LOOSE_STOP_BACK, (mention?.at ?? -1) + 1), to);
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
