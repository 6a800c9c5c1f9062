/**
 * Incremental extractor: keeps the text and the outline walk's state, feeds the walk only the new
 * candidates of each push, and reports what changed as events. `end()` settles everything; the
 * final result equals `extract(fullText)` whatever the chunking (with the same pauses).
 */
import { advance, cloneWalk, createWalk, openList, type WalkState } from './assemble.ts';
import { buildSpeaker, type BuildEnv } from './build.ts';
import { diffLists, type ListView } from './events.ts';
import { createMemo, indexNewlines, overlayMemo, type WalkMemo } from './memo.ts';
import { previewWalk } from './preview.ts';
import { NormText, type TextView } from './text-buffer.ts';
import type { ExtractedSpeaker, ExtractionResult, Extractor, ExtractorEvent, ExtractorOptions, PushOptions } from './types.ts';

/** The extractor plus probes of how much text is not settled yet and how much the rules still read. */
export interface IncrementalExtractor extends Extractor {
  /** Normalised characters after the last decided position (the live walk's undecided tail). */
  pendingChars(): number;
  /** Normalised characters the rules still read (the window: the open structure and what follows it). */
  windowChars(): number;
}

/**
 * Chars kept before the walk's scan position when the window moves on: more than any rule reads
 * back from a position it decides (lead-ins 400, pronoun referents 400 + 1,200, stops and markers 60).
 */
export const WINDOW_MARGIN = 4_000;
/** The window moves only by at least this many chars (each move copies the window once). */
export const WINDOW_MIN_MOVE = 4_096;

/** Lists a walk state shows: its closed lists from `from` on, then the open one. */
function views(view: TextView, s: WalkState, from: number, env: BuildEnv): ListView[] {
  const open = openList(s);
  return [
    ...s.closed.slice(from).map((l) => ({ speaker: buildSpeaker(view, l, env), closed: true })),
    ...(open ? [{ speaker: buildSpeaker(view, open, env), closed: false }] : []),
  ];
}

export function createExtractor(options: ExtractorOptions = {}): IncrementalExtractor {
  const buf = new NormText();
  const state = createWalk();
  let memo: WalkMemo = createMemo();
  /** Closed lists already reported (final). */
  const settled: ExtractedSpeaker[] = [];
  let pending: ListView[] = [];
  let ended = false;

  const step = (final: boolean): ExtractorEvent[] => {
    indexNewlines(buf.norm, memo);
    advance({ t: buf.norm, s: state, memo }, final);
    const env: BuildEnv = { options, settled: buf.length, memo };
    // Live only: show a confirmed list's next point as soon as its headline is complete.
    const shown = final ? state : previewWalk(buf.norm, state, memo) ?? state;
    const now = views(buf, shown, settled.length, env);
    const events = diffLists(settled.length, pending, now);
    const closedNow = state.closed.length - settled.length;
    for (const v of now.slice(0, closedNow)) settled.push(v.speaker);
    pending = now.slice(closedNow);
    if (!final) moveWindow();
    return events;
  };

  /**
   * With no list open, nothing the walk holds points before its scan position: the window moves
   * on to WINDOW_MARGIN chars before it, so later pushes read (and rebuild) only the text since.
   * The memo's entries are caches of decisions over text the rules read again identically, so it
   * starts afresh; whole-text look-ups read the history. The result is unchanged (one-shot reads
   * the whole text, and incremental.test.ts checks they agree).
   */
  const moveWindow = (): void => {
    const by = state.pos - WINDOW_MARGIN;
    if (state.stack.length > 0 || by < WINDOW_MIN_MOVE) return;
    buf.moveWindow(by);
    state.pos -= by;
    state.floor = Math.max(0, state.floor - by);
    memo = createMemo();
    memo.history = buf.history;
  };

  return {
    push(delta: string, pushOptions?: PushOptions): ExtractorEvent[] {
      if (ended) throw new Error('extractor already ended');
      buf.append(delta);
      if (pushOptions?.boundary) buf.appendPause();
      if (delta === '' && !pushOptions?.boundary) return [];
      return step(false);
    },
    end(): ExtractorEvent[] {
      if (ended) return [];
      ended = true;
      return step(true);
    },
    peek(tail: string): ExtractionResult {
      if (ended) return this.result();
      // The walk goes on over a copy of the open lists and an overlay of the memo, so only the
      // unsettled text and the tail are read, and nothing here changes the extractor.
      const view = buf.withTail(tail, true);
      const copy = cloneWalk(state);
      const peekMemo = overlayMemo(memo);
      advance({ t: view.norm, s: copy, memo: peekMemo }, false);
      const env: BuildEnv = { options, settled: buf.length, memo: peekMemo };
      const lists = views(view, previewWalk(view.norm, copy, peekMemo) ?? copy, settled.length, env);
      return { speakers: [...settled, ...lists.map((v) => v.speaker)] };
    },
    pendingChars(): number {
      return buf.length - state.pos;
    },
    windowChars(): number {
      return buf.length;
    },
    result(): ExtractionResult {
      return { speakers: [...settled, ...pending.map((v) => v.speaker)] };
    },
  };
}

/** One-shot extraction of a whole text. */
export function extract(text: string, options: ExtractorOptions = {}): ExtractionResult {
  const buf = new NormText();
  buf.append(text);
  const state = createWalk();
  const memo = createMemo();
  indexNewlines(buf.norm, memo);
  advance({ t: buf.norm, s: state, memo }, true);
  const env: BuildEnv = { options, settled: buf.length, memo };
  return { speakers: state.closed.map((l) => buildSpeaker(buf, l, env)) };
}
