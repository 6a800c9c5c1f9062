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

const STATEMENT_VERB = /要求|强调|指出/g;
/** Chars before the verb in which the speaker mention is looked for. */
const MENTION_BACK = 30;
/** Words after which "会议要求"/"市长X要求" is cited, not spoken. */
const CITED_AFTER = /(按照|根据|落实|贯彻|遵照|执行|对照|按|照|据|的|和|及|与|向|对|请|由|次|届)$/;

/** Per-text scan progress, keyed by `from`: verbs before `scannedTo` were checked (live pushes resume there). */
export type StatementMemo = Map<number, { scannedTo: number; found: { stop: number; verb: number } | null }>;

/** Start of the first such statement in `[from, to)`, or null. Reads only `[from - 2, to)`. */
export function looseStatementStop(t: string, from: number, to: number, memo?: StatementMemo): number | null {
  const seen = memo?.get(from);
  if (seen?.found) return seen.found.verb < to ? seen.found.stop : null;
  if (seen && seen.scannedTo >= to) return null;
  // A verb starting at to - 1 may be cut off: resume two chars back.
  const start = Math.max(from, seen ? seen.scannedTo : from);
  const found = scanStatements(t, from, start, to);
  memo?.set(from, { scannedTo: Math.max(start, to - 2), found });
  return found?.stop ?? null;
}

function scanStatements(t: string, from: number, start: number, to: number): { stop: number; verb: number } | null {
  const w = t.slice(start, to);
  STATEMENT_VERB.lastIndex = 0;
  for (let m = STATEMENT_VERB.exec(w); m; m = STATEMENT_VERB.exec(w)) {
    const verbAt = start + m.index;
    const lo = Math.max(from, verbAt - MENTION_BACK);
    // Cheap test first: most 要求/强调 in an item follow neither 会议 nor a title.
    const before = t.slice(lo, verbAt);
    if (!/会议(还|再次|也|同时|进一步)?$/.test(before) && !ANY_ROLE.test(before)) continue;
    let best: number | null = null;
    for (const mention of looseMentions(t, lo, verbAt + m[0].length)) {
      const s = mention.subject;
      let stopAt = mention.at;
      if (s.kind === 'meeting') {
        if (!/^会议(还|再次|也|同时|进一步)?(要求|强调)$/.test(t.slice(mention.at, verbAt + m[0].length))) continue;
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
    if (best !== null) return { stop: best, verb: verbAt };
  }
  return null;
}
