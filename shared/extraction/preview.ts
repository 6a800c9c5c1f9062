/**
 * Live preview of the next points of confirmed lists. A live walk leaves the last
 * `WINDOW_LOOKAHEAD` chars undecided, so "第七，要严肃追究问责。" would only open once 48 more chars
 * had arrived. When a confirmed list's next ordinal (same style) appears there, no stop lies
 * before it and its headline clause is complete, the driver shows that point at once.
 *
 * The preview works on a copy of the walk (`cloneWalk`) and never enters the real state, so the
 * settled result and `end()` are computed exactly as without it. It applies the walk's own
 * placement to each previewed marker, so a previewed point is the one the walk will settle — or,
 * rarely, one the driver later withdraws with `item:retracted`.
 */
import { cloneWalk, continuedList, step, type WalkState } from './assemble.ts';
import type { WalkContext } from './assemble-types.ts';
import { SENTENCE_END, has } from './lexicon.ts';
import { LAST_ORDINAL, MARKER_LOOKAHEAD, scanCandidates, type MarkerCandidate } from './markers.ts';
import type { WalkMemo } from './memo.ts';
import { findStop } from './stops.ts';

/** Shortest headline (chars after the separators) a sentence end may close. */
export const PREVIEW_MIN_HEADLINE = 2;

/**
 * A copy of the walk that has also taken the points previewed in the undecided tail of `t` (from
 * `s.pos`), or null when nothing can be shown early. `s` is not changed.
 */
export function previewWalk(t: string, s: WalkState, memo?: WalkMemo): WalkState | null {
  let copy: WalkState | null = null;
  for (const c of scanCandidates(t, s.pos, t.length)) {
    const current = copy ?? s;
    if (previewable(t, current, c, memo)) {
      copy ??= cloneWalk(s);
      step({ t, s: copy, memo }, c);
      continue;
    }
    // "我讲七点要求。第一，要…": a first point whose lead-in announced the points opens its list at once.
    const trial = announcedFirst(t, current, c, memo);
    if (!trial) break;
    copy = trial;
  }
  return copy;
}

/** The walk after `c` when `c` opens a list its lead-in confirms, shown under shown lists only; else null. */
function announcedFirst(t: string, s: WalkState, c: MarkerCandidate, memo?: WalkMemo): WalkState | null {
  if (c.ordinal !== 1 || c.family === 'bare' || c.family === 'seq' || !headlineComplete(t, c)) return null;
  if (s.stack.some((l) => !l.confirmed || l.invalid)) return null;
  const trial = cloneWalk(s);
  const ctx: WalkContext = { t, s: trial, memo };
  step(ctx, c);
  const added = trial.stack.at(-1);
  if (!added || added.items[0]?.cand !== c || !added.confirmed || added.invalid) return null;
  return trial.stack.every((l) => l.confirmed && !l.invalid) ? trial : null;
}

function previewable(t: string, s: WalkState, c: MarkerCandidate, memo?: WalkMemo): boolean {
  // 最后 may turn out narrative, bare numerals and 首先/其次 need their whole window.
  if (c.ordinal === LAST_ORDINAL || c.family === 'bare' || c.family === 'seq' || !headlineComplete(t, c)) return false;
  const target = continuedList(s.stack, c);
  if (target === -1) return false;
  // Only a list the view shows: confirmed and valid, and so is every level above it.
  for (let i = 0; i <= target; i++) {
    const l = s.stack[i];
    if (!l || !l.confirmed || l.invalid) return false;
  }
  const list = s.stack[target];
  const last = list?.items.at(-1);
  if (!list || !last || (c.family !== list.family && c.family !== last.cand.family)) return false;
  const from = s.stack[0]?.items.at(-1)?.cand.bodyStart ?? last.cand.bodyStart;
  // Stop scans reuse the memo only where their whole window was present (see findStop).
  return findStop(t, from, c.start, true, false, memo) === null;
}

/**
 * The marker's rules have their whole window (`MARKER_LOOKAHEAD` chars), or a sentence end (a
 * pause included) closes a headline right after it ("第七，要严肃追究问责。").
 */
function headlineComplete(t: string, c: MarkerCandidate): boolean {
  if (t.length - c.start >= MARKER_LOOKAHEAD) return t.length - c.bodyStart >= PREVIEW_MIN_HEADLINE;
  let k = c.bodyStart;
  while (k < t.length && !has(SENTENCE_END, t[k])) k++;
  return k < t.length && k - c.bodyStart >= PREVIEW_MIN_HEADLINE;
}
