/**
 * Live preview of the next point of a confirmed list. A live walk leaves the last
 * `WINDOW_LOOKAHEAD` chars undecided, so "第七，要严肃追究问责。" would only open once 32 more
 * chars had arrived. When the list is already confirmed, the newest marker is the list's next
 * ordinal and its headline clause is complete, the driver shows that point at once.
 *
 * The preview never enters the walk's state or checkpoint: the settled result (and `end()`) are
 * computed exactly as before, so chunking equivalence is untouched. It only decides what the
 * events show early, and it applies every rule the walk would apply to that candidate with the
 * text already present (trap rules, MAX_GAP, stops before the marker), so a previewed point is
 * the one the walk will settle.
 */
import { MAX_GAP, type PItem, type PList } from './assemble.ts';
import { findStop, type StopMemo } from './lead-in.ts';
import { SENTENCE_END, has } from './lexicon.ts';
import { LAST_ORDINAL, MARKER_LOOKAHEAD, scanCandidates, type MarkerCandidate } from './markers.ts';

/** Shortest headline (chars after the separators) a sentence end may close. */
export const PREVIEW_MIN_HEADLINE = 2;

/**
 * The open list plus its previewed next point, or null when there is nothing safe to show.
 * `limit`: where the live walk stopped reading candidates; `openDepth`: lists still open in the walk;
 * `memo`: the driver's settled stop scans, so the last item is not re-read on every push.
 */
export function previewNext(
  t: string, open: PList, limit: number, openDepth: number, memo?: StopMemo,
): PList | null {
  // Only a lone confirmed top-level list: with a nested list pending, the walk could place
  // the marker there instead.
  if (openDepth !== 1 || open.finished || !open.confirmed || open.invalid) return null;
  const first = open.items.at(-1);
  if (!first || first.children) return null;
  const items = [...open.items];
  // The undecided tail may hold several points (short segments): each must follow the previous.
  for (const next of scanCandidates(t, Math.max(limit, first.cand.markerEnd), t.length)) {
    const last = items.at(-1);
    if (!last || !isNextPoint(t, open, last, next, items.length, memo)) break;
    items.push({ cand: next, children: null });
  }
  return items.length > open.items.length ? { ...open, items } : null;
}

function isNextPoint(
  t: string, open: PList, last: PItem, next: MarkerCandidate, count: number, memo?: StopMemo,
): boolean {
  if (!headlineComplete(t, next)) return false;
  const value = last.cand.ordinal > 0 ? last.cand.ordinal : count;
  // Same style, next ordinal: the walk's first choice. (最后 and bare numerals wait: the former
  // may turn out narrative, the latter need their whole window.)
  if (next.ordinal !== value + 1 || next.family === 'bare' || next.ordinal === LAST_ORDINAL) return false;
  if (next.family !== open.family && next.family !== last.cand.family) return false;
  if (next.start - last.cand.start > MAX_GAP) return false;
  // The memo only reuses scans whose whole window was present (see findStop).
  return findStop(t, last.cand.bodyStart, next.start, true, false, memo) === null;
}

/**
 * The marker's rules have their whole window (`MARKER_LOOKAHEAD` chars), or a sentence end
 * closes a headline right after it ("第七，要严肃追究问责。").
 */
function headlineComplete(t: string, c: MarkerCandidate): boolean {
  if (t.length - c.start < MARKER_LOOKAHEAD) {
    // 首先/其次/再次 rules read past the sentence end (narrative 了): they wait for their window.
    if (c.family === 'seq') return false;
    let k = c.bodyStart;
    while (k < t.length && !has(SENTENCE_END, t[k])) k++;
    return k < t.length && k - c.bodyStart >= PREVIEW_MIN_HEADLINE;
  }
  return t.length - c.bodyStart >= PREVIEW_MIN_HEADLINE;
}
