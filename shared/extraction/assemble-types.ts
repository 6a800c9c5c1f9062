/**
 * State of the list assembly walk (`assemble.ts`): open lists, their items, and the checkpoint
 * from which the incremental driver restarts.
 */
import type { LeadIn } from './lead-in.ts';
import type { MarkerCandidate, MarkerFamily } from './markers.ts';

export interface PItem {
  cand: MarkerCandidate;
  /** Confirmed nested list inside this item. */
  children: PList | null;
}

export interface PList {
  items: PItem[];
  /** Item this list is nested in; null for a top-level list. */
  parent: PItem | null;
  family: MarkerFamily;
  /** 最后 was seen: no further siblings. */
  finished: boolean;
  confirmed: boolean;
  /** Confirmed but announces facts (agenda, achievements): never output. */
  invalid: boolean;
  leadIn: LeadIn | null;
  /** Normalised end of the last item, set when the list closes. */
  end: number | null;
}

/** Where a walk (re)starts: everything before `pos` is settled. */
export interface ParserState {
  pos: number;
  /** Open top-level list whose items are all closed (null when idle). */
  top: PList | null;
  /** Lead-ins look back no further than this (end of the previous list). */
  floor: number;
}

export interface WalkResult {
  /** Valid top-level lists closed in this walk, in text order. */
  closed: PList[];
  /** Open valid top-level list, if any. */
  open: PList | null;
  /** Latest settled state. */
  checkpoint: ParserState;
  /** How many of `closed` are settled (lie before the checkpoint). */
  settled: number;
  /** Candidates starting at or after this were not read (the undecided tail of a live walk). */
  limit: number;
  /** Lists still open at the end of the walk, the top-level one included (nested, unconfirmed…). */
  openDepth: number;
}

export const INITIAL_STATE: ParserState = { pos: 0, top: null, floor: 0 };
