/**
 * Incremental extractor: keeps the text, re-walks only from the last checkpoint on each push,
 * and reports what changed as events. `end()` settles everything; the final result equals
 * `extract(fullText)` whatever the chunking.
 */
import { INITIAL_STATE, walk, type ParserState } from './assemble.ts';
import { buildSpeaker } from './build.ts';
import { diffLists, type ListView } from './events.ts';
import { createMemo, type StopMemo } from './lead-in.ts';
import { previewNext } from './preview.ts';
import { NormText } from './text-buffer.ts';
import type { ExtractedSpeaker, ExtractionResult, Extractor, ExtractorEvent, ExtractorOptions, PushOptions } from './types.ts';

/** The extractor plus a probe of how much text the next push will re-walk. */
export interface IncrementalExtractor extends Extractor {
  /** Characters (normalised) after the last settled point: the window each push re-reads. */
  pendingChars(): number;
}

export function createExtractor(options: ExtractorOptions = {}): IncrementalExtractor {
  const buf = new NormText();
  let state: ParserState = INITIAL_STATE;
  const settled: ExtractedSpeaker[] = [];
  let pending: ListView[] = [];
  let ended = false;
  const memo: StopMemo = createMemo();

  const step = (final: boolean): ExtractorEvent[] => {
    const r = walk(buf.norm, state, final, memo);
    // Live only: show the confirmed list's next point as soon as its headline is complete.
    const open = r.open && !final ? previewNext(buf.norm, r.open, r.limit, r.openDepth, memo) ?? r.open : r.open;
    const views: ListView[] = [
      ...r.closed.map((l) => ({ speaker: buildSpeaker(buf, l, options, memo), closed: true })),
      ...(open ? [{ speaker: buildSpeaker(buf, open, options, memo), closed: false }] : []),
    ];
    const events = diffLists(settled.length, pending, views);
    for (const v of views.slice(0, r.settled)) settled.push(v.speaker);
    pending = views.slice(r.settled);
    state = r.checkpoint;
    return events;
  };

  return {
    // TODO(#9): a boundary is a soft sentence end for unpunctuated text; not used by this walk yet.
    push(delta: string, _options?: PushOptions): ExtractorEvent[] {
      if (ended) throw new Error('extractor already ended');
      if (delta === '') return [];
      buf.append(delta);
      return step(false);
    },
    end(): ExtractorEvent[] {
      if (ended) return [];
      ended = true;
      return step(true);
    },
    peek(tail: string): ExtractionResult {
      if (ended || tail === '') return this.result();
      // A fork of the buffer: the walk reads from the checkpoint, so only the unsettled text and
      // the tail are re-read; the memo is left out because its entries assume no text follows.
      const fork = buf.clone();
      fork.append(tail);
      const r = walk(fork.norm, state, false);
      const open = r.open ? previewNext(fork.norm, r.open, r.limit, r.openDepth) ?? r.open : null;
      const lists = [...r.closed, ...(open ? [open] : [])].map((l) => buildSpeaker(fork, l, options));
      return { speakers: [...settled, ...lists] };
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
  const r = walk(buf.norm, INITIAL_STATE, true);
  return { speakers: r.closed.map((l) => buildSpeaker(buf, l, options)) };
}
