/**
 * Marker candidates that only raw ASR text has: a bare numeral whose 、 or （） was lost
 * ("下面我讲三点意见一关于…"), and the homophones recognisers write for marker characters
 * (地二 / 弟二 for 第二, 二事 / 二时 for 二是, 二耀 for 二要). Each is read as a marker only where
 * the context fits; numerals inside words and slogans are not.
 */
import { NUMERAL_WORD_NEXT, REQ_OPENERS, SOFT_END, UNIT_SUFFIXES, YI_ONLY_NEXT, YI_WORD_PREV, has } from './lexicon.ts';
import { di, make, numeralStart, shiYao, startsWithAny, type Ctx, type MarkerCandidate } from './marker-core.ts';
import { isCnNumeral, isDigit, readNumeral } from './numerals.ts';

/** Words whose 一 is no numbered point: 大一统 (unity), 最后一 (the last one: 最后一公里, 最后一年). */
const YI_INSIDE_WORDS = ['大一统', '最后一'];
/** Units of measure after a number (3公里, 一公斤, 5吨): a quantity, not a point. */
const MEASURE_NEXT = /^(公里|公斤|公顷|平方米|立方米|米|吨|亩)/;
const BARE_LEAD_CUE = /(要求|强调|指出|提出|意见|建议|几点|如下|以下|明确|议定|决定|[一二三四五六七八九十两\d](点|个方面|方面|条|个问题))/;
/** What a point opens with once its number has lost its 、 (besides a requirement opener): a section heading. */
const BARE_HEADING = /^(关于|更好|更加|严厉|严密|精准|迅速|尽快|深刻|充分|准确|牢牢|始终|奋力|扎实|维护|弘扬|集中|把握|坚定|统筹|全力|科学|做好|打好|守住|守牢|提高|起草|需要说明|开展|稳步|优化|按时|按照|及时|完善|防范|防止|打击|整治|排查|化解|保持|用好|管好|服务|严防|严守|严把|严肃|抓紧|夯实|激发|培育|引导|支持|促进|实施|组织|做实|做细|巩固|拓展|提升|改进|创新|健全|建立|规范|压紧)/;
/** A title shortly before a number (院长, 局长, 书记, 主任), then at most a (misheard) verb. */
const TITLED_BEFORE = /([局院所县市区镇乡厅部处科队站校行社]长|书记|主任)[\u4e00-\u9fff]{0,3}$/;
/** A unit and its modal right after the number ("2县防汛办要在汛前…", "3值班民警要…", "2治安支队负责…"). */
function unitCharged(rest: string): boolean {
  const m = /^([\u4e00-\u9fff]{2,9}?)(要|必须|务必|负责)/.exec(rest);
  return m !== null && UNIT_SUFFIXES.some((u) => m[1]?.endsWith(u));
}

/** Length of a stripped heading before its paragraph's charged unit ("二压降电诈发案|反诈中心要…"), chars. */
const HEADING_CHARS = { min: 4, max: 12 };

/**
 * A short stripped heading (Chinese words only, no number: not "1本张贴海报2幅"), then a unit charged
 * with 要 ("二压降电诈发案反诈中心要会同…", "3扩大核酸检测范围县卫健局要…"): the number opens a
 * section whatever verb its heading starts with.
 */
function headedParagraph(rest: string): boolean {
  for (let k = HEADING_CHARS.min; k <= HEADING_CHARS.max && k < rest.length; k++) {
    if (!/^[\u4e00-\u9fff]+$/.test(rest.slice(0, k))) return false;
    if (unitCharged(rest.slice(k))) return true;
  }
  return false;
}

/** A numeral standing alone as a marker: only in unpunctuated (ASR-like) text. */
export function bare(ctx: Ctx): MarkerCandidate | null {
  const { t, s, prev, punctuated } = ctx;
  if (punctuated || !numeralStart(ctx)) return null;
  const ch = t[s] ?? '';
  if ('两零〇'.includes(ch)) return null;
  const num = readNumeral(t, s, 2);
  if (!num || num.value > 20) return null;
  const next = t[num.end];
  // A number before a Latin letter or another digit is a code or a quantity (3A级, 5G) — but a
  // stripped heading may open with a year ("一2024年工作开展情况").
  const year = isCnNumeral(ch) && /^[0-9]{4}年/.test(t.slice(num.end, num.end + 5));
  if (next === undefined || (!/[\u4e00-\u9fff]/.test(next) && !year)) return null;
  // Arabic "1要…" has no 一要 reading of its own: a bare marker before 要/是.
  // 一切, 一起, 一定…: these only form words with 一 ("三切实加强…" is a point).
  const wordNext = NUMERAL_WORD_NEXT.includes(next) && (ch === '一' || !YI_ONLY_NEXT.includes(next));
  if (wordNext || (isDigit(ch) ? '、' : '是要、').includes(next)) return null;
  // 一下 (a little): "我再强调一下安全生产问题".
  if (ch === '一' && next === '下') return null;
  if (ch === '一' && YI_INSIDE_WORDS.some((w) => t.startsWith(w, s - w.indexOf('一')))) return null;
  if (MEASURE_NEXT.test(t.slice(num.end, num.end + 3))) return null;
  // 讲一讲, 看一看: a verb repeated around 一.
  if (ch === '一' && prev !== undefined && prev === next) return null;
  if (prev !== undefined && ((ch === '一' && YI_WORD_PREV.includes(prev)) || '每各某再之这那第有'.includes(prev))) return null;
  // 有一是一、有二是二 (and 实事求是一…): a numeral repeated around 是 is a phrase, not a point.
  if (prev === '是' && t[s - 2] === ch) return null;
  // Whether it opens a point: a requirement, a heading, a unit charged, or a pause before it
  // ("二关于当前加强疫情防控重点工作"; not 九州共贯, 十八大, 两不愁三保障). See assemble.continuedList.
  const rest = t.slice(num.end);
  const opens = year || startsWithAny(rest, REQ_OPENERS) || BARE_HEADING.test(rest) || unitCharged(rest) || prev === SOFT_END
    || headedParagraph(rest);
  // 两不愁三保障, 三区三州, 五位一体: a numeral shortly after another one is part of a slogan — unless
  // it opens a point ("提出三点一加强领导", also when the recogniser wrote 三典 for 三点).
  const slogan = /([一二两三四五六七八九十])([\u4e00-\u9fff]{1,2})$/.exec(t.slice(Math.max(0, s - 3), s));
  if (slogan && !opens && isCnNumeral(ch) && !has(NUMERAL_WORD_NEXT, slogan[2]?.[0])) return null;
  const before = t.slice(Math.max(0, s - 30), s);
  // A titled speaker right before the number ("高院长强调1…", the verb misheard as 蔷调) cues it too.
  const leadCue = BARE_LEAD_CUE.test(before) || TITLED_BEFORE.test(before.slice(-8));
  // A "1" needs a lead-in cue, or must open a point itself (a sub-list under a stripped heading),
  // or follow such a heading closely ("二突出重点确保攻坚行动取得实效一严打侵财犯罪…").
  const sub = num.value === 1 && !leadCue && !opens && headingBefore(t, s);
  if (num.value === 1 && !leadCue && !opens && !sub) return null;
  return { ...make(ctx, num.end, num.value, 'bare', leadCue), opens: opens || sub, ...(isDigit(ch) ? { digits: true } : {}) };
}

/** How far back a stripped section heading may lie for a "1" right after it to open its sub-list. */
const SUB_HEADING_BACK = 30;

/**
 * A stripped heading of a later section ("二突出重点…", a bare 2…10 that opens a point) lies within
 * SUB_HEADING_BACK chars before `s`: a "1" there is its first sub-heading (a stripped （一）).
 */
function headingBefore(t: string, s: number): boolean {
  for (let k = s - 2; k >= Math.max(1, s - SUB_HEADING_BACK); k--) {
    const ch = t[k];
    if (!isCnNumeral(ch) || ch === '一' || has('两零〇十', ch) || isCnNumeral(t[k - 1]) || has('第每各某这那是', t[k - 1])) continue;
    const rest = t.slice(k + 1, s);
    if (has('是要个项点条名次批届年月日号', rest[0])) continue;
    if (startsWithAny(rest, REQ_OPENERS) || BARE_HEADING.test(rest)) return true;
  }
  return false;
}

/** Recogniser homophones of 第 (dì). */
const DI_SOUNDS = '地弟';
/** Characters before 地 / 弟 that end a word with it (天地, 各地, 当地, 基地, 属地, 兄弟, 子弟): no homophone of 第. */
const DI_SOUND_WORD_PREV: Record<string, string> = {
  地: '天各当本基土外两异实大园阵高场田耕湿山草绿林陆属腹境余特落就遍满心领内驻产目营胜盆', 弟: '兄子徒师表堂',
};
/** Recogniser homophones of 是 / 要, and the marker character each stands for. */
const SHI_YAO_SOUNDS: Record<string, string> = { 事: '是', 时: '是', 耀: '要', 药: '要' };
/** Words the homophone forms with the next character (事业, 时间, 药品…): then it is no marker. */
const SOUND_WORD_NEXT: Record<string, string> = {
  事: '业情项件故实务宜例迹由物关', 时: '间期候代刻段节限机效尚光空令辰分半许', 耀: '眼光斑', 药: '品物材店房厂企费方',
};
/** Characters before N时 that make it a clock time or a word (下午三时, 同时, 暂时). */
const TIME_PREV = '午晚早上下凌至到每几同此这那当及有按准届平暂旧临随定适小点零';

function replaceAt(t: string, k: number, ch: string): string {
  return t.slice(0, k) + ch + t.slice(k + 1);
}

/**
 * 地二 / 弟二 (第二), 二事 / 二时 (二是), 二耀 (二要): read with the marker character they stand for,
 * under that marker's own rules, at a clause start or in unpunctuated text, and not inside a word.
 */
export function homophone(ctx: Ctx): MarkerCandidate | null {
  const { t, s, boundary, punctuated } = ctx;
  if (t.startsWith('而是', s)) return erShi(ctx);
  if (punctuated && !boundary) return null;
  if (has(DI_SOUNDS, t[s])) {
    if (has(DI_SOUND_WORD_PREV[t[s] ?? ''] ?? '', ctx.prev)) return null;
    const c = di({ ...ctx, t: replaceAt(t, s, '第') });
    return c && c.ordinal <= 10 ? { ...c, homophone: true } : null;
  }
  if (!isCnNumeral(t[s]) || !numeralStart(ctx)) return null;
  const num = readNumeral(t, s, 2);
  const sound = num ? t[num.end] : undefined;
  const stands = sound === undefined ? undefined : SHI_YAO_SOUNDS[sound];
  if (!num || !sound || !stands || num.value > 10) return null;
  const next = t[num.end + 1];
  if (next === undefined || has(SOUND_WORD_NEXT[sound] ?? '', next) || isCnNumeral(next) || isDigit(next)) return null;
  if (sound === '时' && has(TIME_PREV, ctx.prev)) return null;
  // 一时解决不了, 一事无成: a 是-homophone opens a point only after a pause or before what opens one.
  const rest = t.slice(num.end + 1);
  if (stands === '是' && ctx.prev !== SOFT_END && !startsWithAny(rest, REQ_OPENERS) && !BARE_HEADING.test(rest)) return null;
  const c = shiYao({ ...ctx, t: replaceAt(t, num.end, stands) });
  return c ? { ...c, homophone: true } : null;
}

/** A negation that 而是 answers ("不是…而是…", "并非…而是…"): then 而是 is the conjunction. */
const NEGATED = /不是|不再|不能|不应|不要|不在|不仅|不光|不单|并非|并不|绝非|没有|不会|而不/;

/**
 * 而是 for 二是 (èr shì / ér shì), the recogniser's commonest marker error: only at the start of a
 * sentence or right after a pause (after a comma it is the conjunction), with no negation it could
 * answer just before, and opening a point. It continues only a 一是 list at its first point.
 */
function erShi(ctx: Ctx): MarkerCandidate | null {
  const { t, s, prev } = ctx;
  if (prev !== SOFT_END && !has('。;!?\n', prev)) return null;
  if (NEGATED.test(t.slice(Math.max(0, s - 24), s))) return null;
  if (!startsWithAny(t.slice(s + 2), REQ_OPENERS) && !BARE_HEADING.test(t.slice(s + 2))) return null;
  return { ...make(ctx, s + 2, 2, 'shi'), homophone: true };
}
