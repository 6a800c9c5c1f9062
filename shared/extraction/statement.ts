/**
 * Unpunctuated text: an unnumbered statement by another speaker ("…市应急管理局要预置抢险力量市委常委
 * 常务副市长周梅要求各县区…", "…会议要求各学校要…") ends the list before it, even when no list follows,
 * so the statement's units do not run into the last item. Only titled persons (ROLE+NAME, NAME+ROLE)
 * and 会议 count, right before 要求/强调/指出, and not as the object of 按照/根据/落实… ("按照会议要求").
 */
import { ROLE_CORES } from './lexicon.ts';
import { looseMentions } from './speaker-loose.ts';

/** Any title word: a statement by a titled person needs one shortly before its verb. */
const ANY_ROLE = new RegExp(ROLE_CORES.join('|'));

/** The statement verbs, each two characters. */
export const STATEMENT_VERBS = ['要求', '强调', '指出'];
/** Chars before the verb in which the speaker mention is looked for. */
const MENTION_BACK = 30;
/** Words after which "会议要求"/"市长X要求" is cited, not spoken. */
const CITED_AFTER = /(按照|根据|落实|贯彻|遵照|执行|对照|按|照|据|的|和|及|与|向|对|请|由|次|届)$/;

/**
 * Where the statement whose verb (要求/强调/指出) starts at `verbAt` begins, when a titled person
 * or 会议 speaks it and it starts at least 2 chars after `from`; null otherwise. Reads only
 * `[max(from, verbAt - 30), verbAt + 2)`.
 */
export function statementAt(t: string, from: number, verbAt: number, history = ''): number | null {
  const verbEnd = verbAt + 2;
  const lo = Math.max(from, verbAt - MENTION_BACK);
  // Cheap test first: most 要求/强调 in an item follow neither 会议 nor a title.
  const before = t.slice(lo, verbAt);
  if (!/会议(还|再次|也|同时|进一步)?$/.test(before) && !ANY_ROLE.test(before)) return null;
  let best: number | null = null;
  for (const mention of looseMentions(t, lo, verbEnd, history)) {
    const s = mention.subject;
    let stopAt = mention.at;
    if (s.kind === 'meeting') {
      if (!/^会议(还|再次|也|同时|进一步)?(要求|强调)$/.test(t.slice(mention.at, verbEnd))) continue;
    } else if (s.kind === 'person') {
      if (!s.explicitRole || !s.role || s.name.endsWith(s.role)) continue;
      const rest = t.slice(mention.at, verbAt);
      const spoken = rest === s.name || rest === s.name + s.role || rest === s.name + '同志';
      if (!spoken) continue;
      if (t.slice(mention.at - s.role.length, mention.at) === s.role) stopAt = mention.at - s.role.length;
    } else continue;
    if (stopAt < from + 2 || CITED_AFTER.test(t.slice(Math.max(0, stopAt - 2), stopAt))) continue;
    if (best === null || stopAt < best) best = stopAt;
  }
  return best;
}
