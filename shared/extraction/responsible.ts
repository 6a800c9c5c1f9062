/**
 * Responsible parties of an item: the explicit subject of 要/必须/务必/负责/立即… in the item's own
 * text ("各单位要…", "市局宣传部门要…", "纪委要…"), or the person targeted by 希望/鼓励. Objects of
 * actions and pronouns (我们) are not responsible parties. Returns normalised ranges, in order.
 */
import { has } from './lexicon.ts';
import { carriedLoose, looseSubject, TAIL_TRIM, TIME_ADVERB } from './responsible-loose.ts';
import { isUnit, UNIT_START } from './unit.ts';

export { isUnit, looseSubject };

const TRIGGER = /要|必须|务必|负责|应当|应该|立即|需要|牵头|抓紧|希望|鼓励/g;
/** 要 inside these words is no trigger (主要, 重要, 要求 …). */
const YAO_WORD_PREV = '主重需只想必紧摘纲扼提首机简';
const CLAUSE_EDGE = ',。;:!?\n()“”"';
const LEAD_TRIM = /^(回去以后|回去后|会后|同时|另外|此外|今后|下一步|下步|其中|目前|当前|特别是|尤其是|对此|为此|因此|所以|近期|由|而且|并且|并|还有|以及|最后|首先|其次|再次)/;
/** "(市、区)", "(街道)", "(党组)": sub-kinds of units written in parentheses after a unit (各县(市、区), 各级党委(党组)). */
const SUB_KINDS = /\(([省市县区乡镇街道村社、,]{1,8}|党组|党委|工)\)$/;

/** Start of a trailing sub-kinds parenthesis ending at `e`, or `e` when there is none. */
function skipSubKinds(text: string, e: number): number {
  const m = SUB_KINDS.exec(text.slice(Math.max(0, e - 10), e));
  return m ? e - m[0].length : e;
}

/** `punctuated`: clause edges are visible; otherwise (raw ASR) subjects are found by their first word. */
export function findResponsible(t: string, start: number, end: number, punctuated = true): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  responsibleIn(t, start, end, start, end, punctuated, new Set(), out);
  return out.sort((a, b) => a[0] - b[0]);
}

/** Chars after a trigger that the responsible rules read (希望 + its target). */
export const RESPONSIBLE_LOOKAHEAD = 24;
/** Chars before a trigger in which a punctuated subject is looked for (a clause is rarely longer). */
const SUBJECT_BACK = 60;

/**
 * The responsible parties charged by triggers that start in `[from, to)` of the item text
 * `[start, end)`, appended to `out` (normalised ranges, not sorted) unless `seen` has the string. Each
 * trigger reads at most `SUBJECT_BACK` chars before and `RESPONSIBLE_LOOKAHEAD` after it, never
 * outside the item, so an item's parties can be collected piece by piece as its text grows.
 */
export function responsibleIn(
  t: string, start: number, end: number, from: number, to: number, punctuated: boolean,
  seen: Set<string>, out: Array<[number, number]>,
): void {
  const text = t.slice(start, end);
  const add = (s: number, e: number): void => {
    const key = text.slice(s, e);
    if (seen.has(key)) return;
    seen.add(key);
    out.push([start + s, start + e]);
  };
  TRIGGER.lastIndex = Math.max(0, from - start);
  for (let m = TRIGGER.exec(text); m && m.index < to - start; m = TRIGGER.exec(text)) {
    const at = m.index;
    if (m[0] === '要' && (text[at + 1] === '求' || has(YAO_WORD_PREV, text[at - 1]))) continue;
    // 负责人 / 负责同志 name people, they do not charge anyone.
    if (m[0] === '负责' && /^(人|同志)/.test(text.slice(at + 2))) continue;
    if (m[0] === '希望' || m[0] === '鼓励') {
      const after = at + m[0].length;
      // 希望大家/同志们…: the people addressed.
      const addressed = /^(大家|同志们)(?!的)/.exec(text.slice(after));
      const span: [number, number] | null = addressed ? [after, after + addressed[0].length] : null;
      const target = span ?? (/^(他们|你们|她们)/.test(text.slice(after)) ? antecedent(text, at) : targetAfter(text, after));
      if (target) add(target[0], target[1]);
      continue;
    }
    if (!punctuated) {
      const loose = looseSubject(text, at, m[0]) ?? carriedLoose(text, at);
      if (loose) add(loose[0], loose[1]);
      continue;
    }
    const subject = clauseSubject(text, at) ?? carriedSubject(text, at);
    if (subject) add(subject[0], subject[1]);
  }
}

/** Punctuated text: the clause subject ending right before the trigger at `at`, when it is a unit. */
/**
 * "各学校校长是第一责任人，要亲自抓", "中央委员会的同志在清正廉洁方面是标杆，必须…": a trigger that
 * opens its clause takes the subject of the clause before it, when that clause opens with a unit
 * followed by 是/在/作为/对.
 */
function carriedSubject(text: string, at: number): [number, number] | null {
  let k = at;
  while (k > 0 && /[也都还就既又并]/.test(text[k - 1] ?? '')) k--;
  // "…是本村防汛第一责任人，今晚要全部在岗在位": a time word between the comma and the trigger.
  k -= TIME_ADVERB.exec(text.slice(Math.max(0, k - 4), k))?.[0].length ?? 0;
  if (text[k - 1] !== ',') return null;
  let s = k - 1;
  while (s > Math.max(0, at - SUBJECT_BACK) && !has(',。;:!?\n', text[s - 1])) s--;
  const clause = text.slice(s, k - 1);
  const m = /^(.{2,18}?)(是|在|作为|对)/.exec(clause);
  return m?.[1] && isUnit(m[1]) ? [s, s + m[1].length] : null;
}

function clauseSubject(text: string, at: number): [number, number] | null {
  let e = at;
  while (e > 0 && has(' ', text[e - 1])) e--;
  const floor = Math.max(0, at - SUBJECT_BACK);
  let s = skipSubKinds(text, e);
  for (;;) {
    while (s > floor && !has(CLAUSE_EDGE, text[s - 1])) s--;
    // "各县(市、区)局": a sub-kinds parenthesis inside the unit name is part of it.
    const inner = s > floor && text[s - 1] === ')' ? skipSubKinds(text, s) : s;
    if (inner === s) break;
    s = inner;
  }
  let phrase = text.slice(s, e);
  for (let changed = true; changed; ) {
    changed = false;
    const lead = LEAD_TRIM.exec(phrase);
    if (lead && lead[0].length < phrase.length) {
      s += lead[0].length;
      phrase = phrase.slice(lead[0].length);
      changed = true;
    }
    const tail = TAIL_TRIM.exec(phrase) ?? TIME_ADVERB.exec(phrase);
    if (tail && tail[0].length < phrase.length) {
      e -= tail[0].length;
      phrase = phrase.slice(0, -tail[0].length);
      changed = true;
    }
  }
  // "各单位一把手作为第一责任人要…": the subject is what comes before the apposition.
  const role = phrase.indexOf('作为');
  if (role >= 2) {
    e -= phrase.length - role;
    phrase = phrase.slice(0, role);
  }
  // "汛期各级领导干部": a time or topic word before the subject proper.
  const inner = UNIT_START.test(phrase) || /^在[\u4e00-\u9fff]{1,2}(有关|相关)/.test(phrase) ? -1 : phrase.search(/各|全体/);
  if (inner > 0) {
    s += inner;
    phrase = phrase.slice(inner);
  }
  return isUnit(phrase) ? [s, e] : null;
}

const PEOPLE_END = /(书记|干部|同志|人员|民警|代表|党员|队员|学员|青年)/g;
const ANTECEDENT_STOP = ',。;:!?对向为给和与迎了的是在把';

/** "对三名县派第一书记表示欢迎，希望他们…": the people 他们 refers to, earlier in the item. */
function antecedent(text: string, before: number): [number, number] | null {
  let best: [number, number] | null = null;
  PEOPLE_END.lastIndex = 0;
  for (let m = PEOPLE_END.exec(text); m && m.index < before; m = PEOPLE_END.exec(text)) {
    const e = m.index + m[0].length;
    let s = m.index;
    while (s > 0 && m.index - s < 10 && !has(ANTECEDENT_STOP, text[s - 1])) s--;
    if (isUnit(text.slice(s, e))) best = [s, e];
  }
  return best;
}

/** "希望全体民警…": the party right after 希望/鼓励, up to its verb. */
function targetAfter(text: string, from: number): [number, number] | null {
  const m = /^[\u4e00-\u9fff、]{2,16}?(?=要|能|在|把|继续|进一步|充分|积极|切实|以|发挥|带头|努力|始终|不断|尽快|早日|认真|主动|全力|迅速|立足|扎根|珍惜|当好|做好|争当|带领|,|。)/.exec(text.slice(from));
  if (!m || !isUnit(m[0])) return null;
  return [from, from + m[0].length];
}

