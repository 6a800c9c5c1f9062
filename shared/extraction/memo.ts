/**
 * Per-text memory of settled decisions, kept by the incremental driver so each push only reads
 * the new text: which clause starts hand the floor to another speaker, lead-ins, how far the stop
 * scan of an item has gone, where the paragraph breaks are. Every entry is a decision whose whole
 * window was present, so it holds for any text that follows.
 *
 * `peek` reads through an overlay (`overlayMemo`): it sees every settled entry but keeps what it
 * learns from the unconfirmed tail to itself.
 */
import type { LeadIn } from './lead-in.ts';

/** The part of Map a memo needs (an overlay implements it too). */
export interface MemoMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The first stop found after an item's start: where the list ends, and what triggered it. */
export interface FoundStop { stop: number; trigger: number }

/** Stop scan of one item: positions before `scannedTo` were read; `found` is the first stop. */
export interface StopProgress { scannedTo: number; found: FoundStop | null }

export interface WalkMemo {
  /** Clause start → another speaker takes the floor there. */
  clauses: MemoMap<number, boolean>;
  /** "floor:pos" → lead-in of the list whose first marker is at pos. */
  leadIns: MemoMap<string, LeadIn>;
  /** Item body start → stop scan progress. */
  progress: MemoMap<number, StopProgress>;
  /** Sorted positions of '\n' before `newlinesTo` (the driver indexes real text only). */
  newlines: number[];
  newlinesTo: number;
  /**
   * Normalised text before the text the rules are given ('' unless a live extractor moved its
   * window on): the whole-text look-ups (a name mentioned earlier, a person's title) read it too.
   */
  history: string;
}

export function createMemo(): WalkMemo {
  return { clauses: new Map(), leadIns: new Map(), progress: new Map(), newlines: [], newlinesTo: 0, history: '' };
}

class Overlay<K, V> implements MemoMap<K, V> {
  private readonly own = new Map<K, V>();
  constructor(private readonly base: MemoMap<K, V>) {}
  get(key: K): V | undefined {
    return this.own.has(key) ? this.own.get(key) : this.base.get(key);
  }
  set(key: K, value: V): this {
    this.own.set(key, value);
    return this;
  }
}

/** A memo that reads `base` and writes only to itself (for looking at text that may never come). */
export function overlayMemo(base: WalkMemo): WalkMemo {
  return {
    clauses: new Overlay(base.clauses), leadIns: new Overlay(base.leadIns), progress: new Overlay(base.progress),
    // Shared read-only: nothing below indexes text (only the driver does, on real text).
    newlines: base.newlines, newlinesTo: base.newlinesTo, history: base.history,
  };
}

/** Records the paragraph breaks of `t` not yet indexed (call after appending real text). */
export function indexNewlines(t: string, memo: WalkMemo): void {
  for (let k = t.indexOf('\n', memo.newlinesTo); k !== -1; k = t.indexOf('\n', k + 1)) memo.newlines.push(k);
  memo.newlinesTo = t.length;
}

/** Position of the first '\n' at or after `from`, or `t.length`. */
export function paragraphEnd(t: string, from: number, memo?: WalkMemo): number {
  if (memo && from < memo.newlinesTo) {
    const lines = memo.newlines;
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lines[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    const hit = lines[lo];
    if (hit !== undefined) return hit;
    from = memo.newlinesTo;
  }
  const k = t.indexOf('\n', from);
  return k === -1 ? t.length : k;
}
