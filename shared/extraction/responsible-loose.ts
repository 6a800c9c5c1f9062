/**
 * Responsible parties in unpunctuated (raw ASR) text, where no clause edge shows the subject: the
 * unit phrase ending right before a trigger is found by its first word, its last word, or the pause
 * before it; a subject stated with 是…责任人 is carried to the trigger after it.
 */
import { SOFT_END } from './lexicon.ts';
import { FORBIDDEN, isUnit, UNIT_START } from './unit.ts';

/** Words trimmed from the end of a subject phrase (各单位也要, 各部门对此一定要, 市住建局密切配合). */
export const TAIL_TRIM = /(也|都|还|就|既|又|一定|务必|必须|切实|要|进一步|认真|均|需|应|则|更|首先|尤其|同样|先|要主动|主动|积极|密切|对此|为此)$/;
/** A time word between a subject (or the comma after it) and its trigger: 今晚要, 节日期间要. */
export const TIME_ADVERB = /(今晚|今天|明天|后天|当天|当晚|今后|平时|随时|届时|每天|每周|晚上|夜间|白天|节日期间|节假日)$/;

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
function isObject(text: string, s: number, phrase: string, agent = false): boolean {
  let k = s;
  while (k >= 2 && /^(各个|每个|所有|全部)$/.test(text.slice(k - 2, k))) k -= 2;
  const prev = text[k - 1] ?? '';
  if (prev === '了' && phrase === '大家') return false;
  // "…违法行为市局执法支队要": 行为 is a noun ending a headline, not the preposition 为.
  if (text.slice(k - 2, k) === '行为') return false;
  // "由市生态环境局牵头": 由 names the agent of 牵头/负责, not an object.
  if (agent && prev === '由') return false;
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

/** Triggers whose subject 由 introduces ("由县应急管理局牵头", "由各乡镇负责"). */
const AGENT_TRIGGERS = new Set(['牵头', '负责']);

export function looseSubject(text: string, at: number, trigger = '要'): [number, number] | null {
  const agent = AGENT_TRIGGERS.has(trigger);
  let e = at;
  const tail = TAIL_TRIM.exec(text.slice(Math.max(0, at - 4), at));
  if (tail) e -= tail[0].length;
  // "各社区晚上要有人值班": a time word between the subject and its trigger.
  e -= TIME_ADVERB.exec(text.slice(Math.max(0, e - 4), e))?.[0].length ?? 0;
  let strong: [number, number] | null = null;
  let longest: [number, number] | null = null;
  for (let s = e - 2; s >= Math.max(0, e - LOOSE_BACK); s--) {
    const phrase = text.slice(s, e);
    if (!isUnit(phrase) || isObject(text, s, phrase, agent)) continue;
    // The nearest 各/全体/有关… phrase, with a 各 right before 有关/相关 (各有关部门).
    if (STRONG_START.test(phrase)) strong ??= [/^(有关|相关)/.test(phrase) && text[s - 1] === '各' ? s - 1 : s, e];
    // A phrase opening like a unit, or right after a pause (the speaker started a clause: "车管所要…").
    if (UNIT_START.test(phrase) || s === 0 || text[s - 1] === SOFT_END) longest = [s, e];
  }
  // "各地各警种部门", "各级各部门", "各中队各派出所": a chain of 各 phrases is one subject.
  while (strong && strong[0] >= 2 && /^各[地级类县市区乡镇村]$/.test(text.slice(strong[0] - 2, strong[0]))
    && !isObject(text, strong[0] - 2, '各')) strong = [strong[0] - 2, strong[1]];
  while (strong) {
    const prior = /各[\u4e00-\u9fff]{1,5}$/.exec(text.slice(Math.max(0, strong[0] - 6), strong[0]));
    const from = strong[0] - (prior?.[0].length ?? 0);
    if (!prior || !isUnit(prior[0]) || isObject(text, from, prior[0])) break;
    strong = [from, strong[1]];
  }
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

/** How far back a loose "X是…责任人" clause is read before its trigger (chars). */
const CARRIED_BACK = 40;
const CARRIED = /^([\u4e00-\u9fff、]{2,12}?)(?:是|作为)[\u4e00-\u9fff、]{0,20}?(?:第一责任人|责任人|责任主体)$/;

/**
 * "校长是本校安全工作的第一责任人要亲自抓", "各村党支部书记是本村防汛第一责任人 | 今晚要全部在岗在位"
 * (unpunctuated, the second over a pause): the unit that opens a clause naming it the one
 * responsible is the subject of the trigger that follows.
 */
export function carriedLoose(text: string, at: number): [number, number] | null {
  let k = at;
  while (k > 0 && /[也都还就既又并]/.test(text[k - 1] ?? '')) k--;
  k -= TIME_ADVERB.exec(text.slice(Math.max(0, k - 4), k))?.[0].length ?? 0;
  if (text[k - 1] === SOFT_END) k--;
  // The clause opens at the item's start or right after a pause.
  let start = k;
  while (start > 0 && k - start <= CARRIED_BACK && text[start - 1] !== SOFT_END) start--;
  if (k - start > CARRIED_BACK) return null;
  const m = CARRIED.exec(text.slice(start, k));
  if (!m?.[1]) return null;
  return isUnit(m[1]) ? [start, start + m[1].length] : null;
}
