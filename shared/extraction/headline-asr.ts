/**
 * Headlines of unpunctuated (ASR or stripped) points: the heading clause, ended by the next clause
 * the text visibly starts — never a run into the paragraph, never a cut inside a word.
 *
 * Clause breaks, earliest first, at a word boundary at least `MIN_HEADING` chars in and at most
 * `ASR_HEADING_MAX` (plus the point's own subject):
 * - a subject charged with 要 / a discourse cue (各单位, 我们, 同时, 确保, 大家, 要…), within
 *   `ASR_HEADLINE_MAX` chars (they occur inside long headings too);
 * - the paragraph taking up the heading's topic word with a predicate ("坚定文化自信|自信才能自强",
 *   "加强国际科技合作|国际科技合作是大趋势"), within `TOPIC_REACH` chars;
 * - a clause opener that cannot sit inside a heading (今年以来, 这次, 当前, 对…来说, 作为一种,
 *   我说过, …期间 / …发生后);
 * - a heading noun, then a new subject with its predicate ("…防控工作|首都安全稳定直接关系…").
 * With no break the headline is at most `ASR_HEADLINE_MAX` chars, ending at a word boundary
 * (Intl.Segmenter, ICU's dictionary, built into Node and browsers).
 */
import { looseSubject } from './responsible.ts';

/** Longest headline cut from unpunctuated text when no clause break shows where it ends (chars). */
export const ASR_HEADLINE_MAX = 15;
/** Longest heading clause read up to a clause break (chars; the "at most ~30"). */
export const ASR_HEADING_MAX = 30;
/** Shortest heading clause (chars): a break closer to the start ends nothing. */
const MIN_HEADING = 4;
/** Chars past the reach in which a cue's subject may still start before it. */
const ASR_CUE_SLACK = 8;

/** How far the paragraph may take up the heading's topic word and still end the heading there (chars). */
const TOPIC_REACH = 20;

const ASR_CUES = /各(单位|级|地|部门|分|县|区|乡|村|有关|片区)|我们|同时|确保|大家|全体|相关|必须|进一步|(?<![重主需只必首纲摘提])要(?![求素点害件务])/g;
/** What the paragraph says of a topic it takes up ("…是", "…才能", "…重在"). */
const TOPIC_PREDICATE = /^[\u4e00-\u9fff]{0,6}?(是|不是|才能|始终|重在|在于|关系|离不开|至关重要)/;
/** Openers of a new clause that a heading does not contain. */
const CLAUSE_OPENER = new RegExp([
  '^(今年以来|今年是|今年我国|现在|当前|目前|这次|这个问题|这既是|这些年|近年来|去年|历史反复证明|事实证明|实践证明|关键是|重点是|核心是',
  '|对[\\u4e00-\\u9fff]{1,8}来说|只有|作为一种|我说过|我多次|我反复|我在|我国有|我国是',
  '|党的十八大以来|新中国成立以来|改革开放以来|(新冠肺炎疫情|疫情防控|疫情|节假日|节日|春节|假期|汛期|会议|活动)(期间|以来|发生后))',
].join(''));
/** Nouns a heading clause ends with (…工作, …任务, …意识, …水平). */
const HEADING_NOUN = /(工作|问题|任务|领导|意义|精神|意识|活力|形势|目标|措施|建设|体系|机制|能力|水平|作用|责任|底线|大局|使命|部署|成就|挑战|攻关|合作|稳定|民生|生产|发展)$/;
/** A new subject and its predicate ("首都安全稳定直接关系", "公共卫生安全是"). */
const NEW_SUBJECT = /^[\u4e00-\u9fff]{3,8}?(是|不是|直接关系|关系到|在于|离不开)/;

const words = new Intl.Segmenter('zh', { granularity: 'word' });

/** Recent windows' word boundaries: a live point's headline window is the same on every push. */
const boundsCache = new Map<string, Set<number>>();
const BOUNDS_CACHE_MAX = 256;

/** Word boundaries of `text` (offsets; 0 and text.length included). */
function wordBounds(text: string): Set<number> {
  const hit = boundsCache.get(text);
  if (hit) return hit;
  const out = new Set<number>([text.length]);
  for (const w of words.segment(text)) out.add(w.index);
  if (boundsCache.size >= BOUNDS_CACHE_MAX) boundsCache.clear();
  boundsCache.set(text, out);
  return out;
}

/** The last word boundary at or before `at` (at least `min`, else `at` itself). */
function snapBack(bounds: Set<number>, at: number, min: number): number {
  for (let k = at; k >= min; k--) if (bounds.has(k)) return k;
  return at;
}

/** A clause starts at word boundary `p` of `w` (the text from the headline's start). */
function clauseBreakAt(w: string, p: number): boolean {
  const rest = w.slice(p);
  for (let len = 4; len >= 2 && p <= TOPIC_REACH; len--) {
    const topic = rest.slice(0, len);
    if (topic.length === len && w.slice(0, p).includes(topic) && TOPIC_PREDICATE.test(rest.slice(len))) return true;
  }
  if (CLAUSE_OPENER.test(rest)) return true;
  return p >= 6 && HEADING_NOUN.test(w.slice(0, p)) && NEW_SUBJECT.test(rest);
}

/** Unpunctuated text `[s, e)` of a point: its heading clause. */
export function asrHeadline(t: string, s: number, e: number): [number, number] {
  const found = clauseBreak(t, s, e);
  return [s, s + (found.at ?? found.fallback)];
}

/**
 * Where the heading clause of `[s, e)` ends: `at` (chars from s) when a clause break shows it, else
 * null, with the `fallback` cut (at most ASR_HEADLINE_MAX, at a word boundary).
 */
export function clauseBreak(t: string, s: number, e: number): { at: number | null; fallback: number } {
  // "各驻村第一书记要切实履行帮扶职责": an item that opens with its own subject keeps it in the headline.
  const lead = leadSubjectEnd(t.slice(s, Math.min(e, s + ASR_HEADLINE_MAX)));
  const reach = ASR_HEADING_MAX + lead;
  const from = Math.max(MIN_HEADING, lead + 1);
  const window = t.slice(s, Math.min(e, s + reach + ASR_CUE_SLACK));
  const bounds = wordBounds(window);
  let cut = -1;
  ASR_CUES.lastIndex = 0;
  for (let m = ASR_CUES.exec(window); m && cut === -1; m = ASR_CUES.exec(window)) {
    // A cue inside a word (重要, 要素 aside, 只要…) starts no clause.
    if (m.index < from || !bounds.has(m.index)) continue;
    // "要深入排查隐患市应急管理局要牵头…": the next clause starts at its subject, not at its 要.
    const subject = /^(要|必须)/.test(m[0]) ? looseSubject(window, m.index) : null;
    const at = subject && subject[0] >= MIN_HEADING ? subject[0] : m.index;
    // These cues occur inside headings too (要, 确保, 进一步): trusted only within the short cap.
    if (at <= ASR_HEADLINE_MAX + lead) cut = at;
  }
  for (let p = from; p < Math.min(cut === -1 ? reach + 1 : cut, window.length); p++) {
    if (bounds.has(p) && clauseBreakAt(window, p)) {
      cut = p;
      break;
    }
  }
  const max = Math.min(e - s, ASR_HEADLINE_MAX + lead);
  // No visible break: at most ASR_HEADLINE_MAX chars, never ending inside a word.
  return { at: cut === -1 ? null : cut, fallback: max === e - s ? max : snapBack(bounds, max, from) };
}

/** Length of the unit subject an unpunctuated item starts with (0 when none). */
function leadSubjectEnd(head: string): number {
  const m = /要|必须|务必|负责|牵头/.exec(head);
  if (!m || m.index < 2) return 0;
  const subject = looseSubject(head, m.index);
  return subject && subject[0] === 0 ? m.index + m[0].length : 0;
}
