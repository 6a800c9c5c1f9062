/**
 * Responsible parties of an item: the explicit subject of 要/必须/务必/负责/立即… in the item's own
 * text ("各单位要…", "市局宣传部门要…", "纪委要…"), or the person targeted by 希望/鼓励. Objects of
 * actions and pronouns (我们) are not responsible parties. Returns normalised ranges, in order.
 */
import { has } from './lexicon.ts';
import { FORBIDDEN, isUnit, UNIT_START } from './unit.ts';

export { isUnit };

const TRIGGER = /要|必须|务必|负责|应当|应该|立即|需要|牵头|抓紧|希望|鼓励/g;
/** 要 inside these words is no trigger (主要, 重要, 要求 …). */
const YAO_WORD_PREV = '主重需只想必紧摘纲扼提首机简';
const CLAUSE_EDGE = ',。;:!?\n()“”"';
const LEAD_TRIM = /^(回去以后|回去后|会后|同时|另外|此外|今后|下一步|下步|其中|目前|当前|特别是|尤其是|对此|为此|因此|所以|近期|由|而且|并且|并|还有|以及|最后|首先|其次|再次)/;
const TAIL_TRIM = /(也|都|还|就|既|又|一定|务必|必须|切实|要|进一步|认真|均|需|应|则|更|首先|尤其|同样|先|要主动|主动)$/;
/** "(市、区)", "(街道)", "(党组)": sub-kinds of units written in parentheses after a unit (各县(市、区), 各级党委(党组)). */
const SUB_KINDS = /\(([省市县区乡镇街道村社、,]{1,8}|党组|党委)\)$/;

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
      const loose = looseSubject(text, at);
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
    const tail = TAIL_TRIM.exec(phrase);
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

const STRONG_START = /^(各|全体|全[院局所队校厂站省市县区镇乡村]|相关|有关|所有|大家)/;
const LOOSE_BACK = 14;

/** Characters after which a unit is the object of the previous verb (发到各单位, 对各单位). */
const OBJECT_PREV = '到给向对把让使由和与及同的了在从为将被以';

/**
 * Unpunctuated text: the unit phrase ending right before the trigger, found by its first word —
 * the nearest 各/全体/相关… start, else the longest phrase with a unit start (市局宣传部门).
 */
/**
 * The phrase starting at `s` is the object of the word before it (发到各个基层单位, 对各单位).
 * Quantifiers (各个, 每个) are looked through; "…过了大家要…" ends a clause, 大家 is its subject.
 */
function isObject(text: string, s: number, phrase: string): boolean {
  let k = s;
  while (k >= 2 && /^(各个|每个|所有|全部)$/.test(text.slice(k - 2, k))) k -= 2;
  const prev = text[k - 1] ?? '';
  if (prev === '了' && phrase === '大家') return false;
  // "…违法行为市局执法支队要": 行为 is a noun ending a headline, not the preposition 为.
  if (text.slice(k - 2, k) === '行为') return false;
  return k > 0 && OBJECT_PREV.includes(prev);
}

/** Nouns that end a headline ("压实领导责任", "加强权益保护") before a unit in run-on text. */
const HEAD_NOUN_END = /(责任|保护|隐患|值守|宣传|管理|服务|引导|监督|防控|机制|制度|力度|纪律|作风|形势|流程|规范|行为|安全|质量|效能|水平|能力)$/;

/** `[s, e)` = headline noun + a unit opening at an administrative level: the unit part, or null. */
function splitAfterHeadNoun(text: string, s: number, e: number): [number, number] | null {
  for (let q = s + 2; q <= e - 3; q++) {
    if (!/[省市县区镇乡]/.test(text[q] ?? '') || !HEAD_NOUN_END.test(text.slice(s, q))) continue;
    if (isUnit(text.slice(q, e))) return [q, e];
  }
  return null;
}

export function looseSubject(text: string, at: number): [number, number] | null {
  let e = at;
  const tail = TAIL_TRIM.exec(text.slice(Math.max(0, at - 4), at));
  if (tail) e -= tail[0].length;
  let strong: [number, number] | null = null;
  let longest: [number, number] | null = null;
  for (let s = e - 2; s >= Math.max(0, e - LOOSE_BACK); s--) {
    const phrase = text.slice(s, e);
    if (!isUnit(phrase) || isObject(text, s, phrase)) continue;
    // The nearest 各/全体/有关… phrase, with a 各 right before 有关/相关 (各有关部门).
    if (STRONG_START.test(phrase)) strong ??= [/^(有关|相关)/.test(phrase) && text[s - 1] === '各' ? s - 1 : s, e];
    if (UNIT_START.test(phrase) || s === 0) longest = [s, e];
  }
  // "各地各警种部门", "各级各部门": a chain of 各 phrases is one subject.
  while (strong && strong[0] >= 2 && /^各[地级类县市区乡镇村]$/.test(text.slice(strong[0] - 2, strong[0]))
    && !isObject(text, strong[0] - 2, '各')) strong = [strong[0] - 2, strong[1]];
  // "值班人员要…", "执勤民警要…": a two-character duty plus a people noun.
  // 内勤/外勤 are the duty posts themselves ("…队伍管理内勤要…").
  const duty = /(?:[\u4e00-\u9fff]{2}(人员|民警|干部|领导)|内勤|外勤)$/.exec(text.slice(Math.max(0, e - 4), e));
  let dutyRange: [number, number] | null = duty && !FORBIDDEN.test(duty[0]) ? [e - duty[0].length, e] : null;
  // "…值班备勤指挥中心要…": a two-character function plus an office noun (执法大队, 指挥中心).
  const office = /[\u4e00-\u9fff]{2}(中心|大队|支队|中队|指挥部)$/.exec(text.slice(Math.max(0, e - 5), e));
  if (!dutyRange && office && !FORBIDDEN.test(office[0]) && !isObject(text, e - office[0].length, office[0])) {
    dutyRange = [e - office[0].length, e];
    // "12366热线中心": a service number opens the unit.
    const num = /[0-9]{3,5}$/.exec(text.slice(Math.max(0, dutyRange[0] - 5), dutyRange[0]));
    if (num) dutyRange = [dutyRange[0] - num[0].length, e];
  }
  // "…权益保护法制科要", "…值守办公室要": a small office right after a headline noun.
  const small = /(?:[\u4e00-\u9fff]{2}[科股站]|办公室)$/.exec(text.slice(Math.max(0, e - 3), e));
  if (!dutyRange && small && HEAD_NOUN_END.test(text.slice(Math.max(0, e - small[0].length - 4), e - small[0].length))) {
    dutyRange = [e - small[0].length, e];
  }
  // "…压实领导责任县委督查室要": the unit after a headline noun, not the run-on phrase.
  if (longest && !strong) {
    const inner = splitAfterHeadNoun(text, longest[0], longest[1]);
    if (inner) longest = inner;
  }
  // A bare people noun (领导) is the tail of a longer subject (带班领导) when a duty precedes it.
  if (!strong && longest && longest[1] - longest[0] <= 2 && dutyRange) return dutyRange;
  return strong ?? longest ?? dutyRange;
}
