/**
 * State of the outline walk (`assemble.ts`): the open lists (one per outline level), their items,
 * and the lists already closed. The incremental driver keeps one state per text and feeds it the
 * new candidates of each push; `peek` and the live preview work on a copy (`cloneWalk`).
 */
import type { LeadIn } from './lead-in.ts';
import type { MarkerCandidate, MarkerFamily } from './markers.ts';
import type { WalkMemo } from './memo.ts';

export interface PItem {
  cand: MarkerCandidate;
  /** Confirmed, valid nested list inside this item (shown as its children). */
  children: PList | null;
  /**
   * A confirmed nested list that starts after this item's paragraph while its list is not known to
   * be sections: not shown until the list proves to be sections (then it becomes `children`) or
   * closes (then it is a list of its own).
   */
  held?: PList | null;
}

export interface PList {
  items: PItem[];
  /** Item this list is nested in; null for a top-level list. */
  parent: PItem | null;
  family: MarkerFamily;
  /** 最后 was seen: no further siblings. */
  finished: boolean;
  /** A second point arrived, or the lead-in announced the points. */
  confirmed: boolean;
  /** Confirmed but describes (agenda, achievements, purpose, a report's outline): never output. */
  invalid: boolean;
  /** An earlier point spans a paragraph break: the points are sections, and the last one runs on until a stop. */
  sectional: boolean;
  leadIn: LeadIn | null;
  /** Normalised end of the last item, set when the list closes. */
  end: number | null;
}

/** Everything the walk has decided so far. */
export interface WalkState {
  /** Candidates starting before this were processed; the next scan resumes here. */
  pos: number;
  /** Open lists, outermost (top level) first. */
  stack: PList[];
  /** Lead-ins of top-level lists look back no further than this (end of the previous list). */
  floor: number;
  /** Valid top-level lists closed so far, in text order. */
  closed: PList[];
}

/** What one walk step reads: the text, the state it changes, and the memo of settled decisions. */
export interface WalkContext {
  t: string;
  s: WalkState;
  memo?: WalkMemo;
}

export function createWalk(): WalkState {
  return { pos: 0, stack: [], floor: 0, closed: [] };
}

/** A copy of the open structure that can be walked further without touching `s` (closed lists are shared). */
export function cloneWalk(s: WalkState): WalkState {
  const lists = new Map<PList, PList>();
  const items = new Map<PItem, PItem>();
  const copyList = (l: PList): PList => {
    const hit = lists.get(l);
    if (hit) return hit;
    const copy: PList = { ...l, items: [] };
    lists.set(l, copy);
    copy.items = l.items.map(copyItem);
    copy.parent = l.parent ? (items.get(l.parent) ?? l.parent) : null;
    return copy;
  };
  const copyItem = (it: PItem): PItem => {
    const copy: PItem = { cand: it.cand, children: null };
    items.set(it, copy);
    copy.children = it.children ? copyList(it.children) : null;
    if (it.held) copy.held = copyList(it.held);
    return copy;
  };
  const stack = s.stack.map(copyList);
  // Parents copied after their child lists were visited: repoint them.
  for (const l of lists.values()) if (l.parent) l.parent = items.get(l.parent) ?? l.parent;
  return { pos: s.pos, stack, floor: s.floor, closed: [...s.closed] };
}
