/**
 * Lead-in of a list: who announces it, how many points, and whether it announces requirements
 * at all (agenda, characteristics and achievements are not). Also the stops that end a list.
 */
import { SENTENCE_END, SOFT_END, has } from './lexicon.ts';
import { fullName, hostIntro, parseSubject, resolveRole, speakerTag, type Subject } from './speaker.ts';
import { isPunctuated } from './markers.ts';
import type { WalkMemo } from './memo.ts';
import { parseNumeral } from './numerals.ts';
import { findLooseMention, tidyLooseRole } from './speaker-loose.ts';
import { PRONOUN_CLAUSE, loosePronoun, looseRoleOf, pronounReferent } from './pronoun.ts';
import { sentenceStart } from './stops.ts';

/** How far back from a list's first marker we look for its speaker (chars). */
export const LEAD_IN_LOOKBACK = 400;

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

const COUNT_RE = /([一二两三四五六七八九十\d]{1,3}|几)(点|个方面|方面|句话|条|项|个|件)(具体|明确|重要|主要|重点|工作|指导性|的|方面)*(要求|意见|建议|希望|任务|措施|工作|看法|想法|体会|打算|举措|问题|事情|事)?/g;

/** Start of the sentence that ends right before `pos` (the lead-in sentence). */
export function leadInSentenceStart(t: string, pos: number, floor: number): number {
  let k = pos;
  while (k > floor && has(`,。;:!?\n、${SOFT_END}`, t[k - 1])) k--;
  return Math.max(floor, sentenceStart(t, k, floor), pos - 120);
}

/** Recogniser homophones of a numeral, read as it only before 点 + a requirement noun (酸点要求 → 三点要求). */
const NUMERAL_SOUNDS: Record<string, string> = { 酸: '三', 山: '三', 伞: '三', 散: '三', 似: '四', 寺: '四', 武: '五', 舞: '五', 溜: '六', 齐: '七', 吧: '八', 酒: '九', 亮: '两', 俩: '两' };
const SOUND_COUNT = new RegExp(`[${Object.keys(NUMERAL_SOUNDS).join('')}](?=点(具体|重要|主要)?(要求|意见|希望|建议))`, 'g');

/** Announced count in the lead-in sentence: the last count phrase in it. */
export function findCount(text: string): { count: number | null; found: boolean } {
  const sentence = text.replace(SOUND_COUNT, (ch) => NUMERAL_SOUNDS[ch] ?? ch);
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
export function findSpeaker(t: string, floor: number, pos: number, history = ''): Subject | null {
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
    const referent = PRONOUN_CLAUSE.test(clause) ? pronounReferent(t, starts[i] ?? from, true, history) : null;
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
export function readLeadIn(t: string, floor: number, pos: number, memo?: WalkMemo): LeadIn {
  const key = `${floor}:${pos}`;
  const hit = memo?.leadIns.get(key);
  if (hit) return hit;
  const lead = computeLeadIn(t, floor, pos, memo?.history ?? '');
  memo?.leadIns.set(key, lead);
  return lead;
}

/**
 * `history`: the normalised text before `t` that a live extractor no longer keeps in its window
 * (names and titles are looked up over the whole text before the list).
 */
function computeLeadIn(t: string, floor: number, pos: number, history: string): LeadIn {
  let start = leadInSentenceStart(t, pos, floor);
  const punctuated = isPunctuated(t, pos);
  let mention = punctuated ? null : findLooseMention(t, Math.max(floor, pos - LEAD_IN_LOOKBACK), pos, history);
  // "…他指出…提出三点要求": a pronoun after the nearest mention speaks for the last titled person.
  const pronoun = punctuated ? null : loosePronoun(t, Math.max(floor, pos - LEAD_IN_LOOKBACK, (mention?.at ?? -1) + 1), pos, history);
  if (pronoun) mention = pronoun;
  let subject = punctuated ? findSpeaker(t, floor, pos, history) : (mention?.subject ?? null);
  // Partly punctuated ASR ("王所长：同志们 最近… 我提三点要求 一是…"): a run-on clause right before the
  // list may still hold a first-person lead-in.
  if (punctuated && subject === null) {
    let k = pos;
    while (k > Math.max(floor, pos - 60) && !has(',。;!?:\n', t[k - 1])) k--;
    if (findLooseMention(t, k, pos, history)?.subject.kind === 'first') subject = { kind: 'first' };
  }
  if (subject?.kind === 'person' && subject.role === null) {
    const role = resolveRole(history + t.slice(0, pos), subject.name) ?? (punctuated ? null : looseRoleOf(t, pos, subject.name, history));
    subject = { ...subject, role: role && !punctuated ? tidyLooseRole(role) : role };
  } else if (subject?.kind === 'person' && subject.role && subject.name === subject.name[0] + subject.role) {
    // "王局长" after "局长王国强" earlier: the labels use the full name when the text gives it.
    const full = fullName(history + t.slice(0, pos), subject.name[0] ?? '', subject.role);
    if (full) subject = { ...subject, name: full };
  }
  // "肖俊：…我简单讲两点": a transcript's speaker tag names the first person.
  const tag = subject?.kind === 'first' ? speakerTag(t, Math.max(floor, pos - LEAD_IN_LOOKBACK), pos) : null;
  if (tag) subject = { kind: 'person', name: tag, role: resolveRole(history + t.slice(0, pos), tag), explicitRole: true };
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
