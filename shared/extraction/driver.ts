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

/** The extractor plus a probe of how much text is not settled yet. */
export interface IncrementalExtractor extends Extractor {
  /** Normalised characters after the last decided position (the live walk's undecided tail). */
  pendingChars(): number;
}

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
  const memo: WalkMemo = createMemo();
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
    return events;
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
