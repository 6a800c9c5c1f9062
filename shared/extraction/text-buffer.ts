import { CLAUSE_PUNCT, SOFT_END, has } from './lexicon.ts';
import { toSimplified } from './t2s.ts';

export { SOFT_END };

/** What the rules and the output builder read: the normalised text and its map back to the raw text. */
export interface TextView {
  /** Raw text of the window (the raw text as pushed, from raw offset `rawOffset` on). */
  readonly raw: string;
  /** Raw offset of `raw`'s first char (0 unless a live extractor moved its window on). */
  readonly rawOffset: number;
  /** Normalised text of the window: what the rules read, positions counted from its start. */
  readonly norm: string;
  readonly length: number;
  /** Raw offset (in the whole raw text) of normalised position `i` (the raw length when `i` is at the end). */
  rawAt(i: number): number;
  /** Raw `[start, end)` (in the whole raw text) covering normalised `[start, end)`. */
  rawSpan(start: number, end: number): [number, number];
  /** Exact raw substring for normalised `[start, end)`. */
  rawSlice(start: number, end: number): string;
}

/**
 * Normalised view of the transcript with a map back to the raw text.
 *
 * Matching runs on the normalised text: spaces (ASCII, ideographic, no-break) and carriage returns
 * are dropped, full-width ASCII forms (，：；（）．０-９…) become half-width, common traditional
 * characters become simplified (t2s.ts). Every normalised character remembers its raw offset, so
 * spans and the strings we output (headline, marker, responsible, deadline) are exact substrings of
 * the raw text. Appending is O(delta).
 *
 * A live extractor keeps only a window of the text (`moveWindow`): the text before it moves to
 * `history` (read only by whole-text look-ups), so the strings the rules read each push — and
 * rebuild when a push appends to them — stay as long as the open structure, not the transcript.
 * Raw offsets stay those of the whole raw text.
 */
export class NormText implements TextView {
  raw = '';
  norm = '';
  /** Normalised text before the window ('' until `moveWindow`). */
  history = '';
  private rawBase = 0;
  /** `rawIndex[i]` is the raw offset (in the whole raw text) of `norm[i]`. */
  private rawIndex: number[] = [];

  get rawOffset(): number {
    return this.rawBase;
  }

  /** Length of the whole raw text pushed so far. */
  private get rawLength(): number {
    return this.rawBase + this.raw.length;
  }

  append(delta: string): void {
    const base = this.rawLength;
    this.raw += delta;
    let out = '';
    for (let i = 0; i < delta.length; i++) {
      const mapped = normaliseChar(delta.charCodeAt(i));
      if (mapped === null) continue;
      out += mapped;
      this.rawIndex.push(base + i);
    }
    this.norm += out;
  }

  /**
   * Records a pause after the text so far (a soft sentence end). Consecutive pauses are one; a
   * pause before any text or right after punctuation is none.
   */
  appendPause(): void {
    // After punctuation the pause adds nothing (and punctuated text reads the same with or without it).
    if (this.norm === '' || has(`${CLAUSE_PUNCT}${SOFT_END}`, this.norm[this.norm.length - 1])) return;
    this.norm += SOFT_END;
    // Mapped to the last raw character, so a range ending at the pause ends with the segment.
    this.rawIndex.push(Math.max(0, this.rawLength - 1));
  }

  /**
   * Drops the first `by` normalised chars from the window (they move to `history`); positions now
   * count from the new start. The caller keeps no position before it.
   */
  moveWindow(by: number): void {
    const cut = Math.min(by, this.norm.length);
    // Raw offsets never decrease along the text, so the raw window starts at the first kept char's.
    const rawCut = cut < this.rawIndex.length ? (this.rawIndex[cut] ?? this.rawLength) : this.rawLength;
    this.history += this.norm.slice(0, cut);
    this.norm = this.norm.slice(cut);
    this.rawIndex = this.rawIndex.slice(cut);
    this.raw = this.raw.slice(rawCut - this.rawBase);
    this.rawBase = rawCut;
  }

  get length(): number {
    return this.norm.length;
  }

  rawAt(i: number): number {
    return i < this.rawIndex.length ? (this.rawIndex[i] ?? this.rawLength) : this.rawLength;
  }

  rawSpan(start: number, end: number): [number, number] {
    if (end <= start) {
      const at = this.rawAt(start);
      return [at, at];
    }
    return [this.rawAt(start), (this.rawIndex[end - 1] ?? this.rawLength - 1) + 1];
  }

  rawSlice(start: number, end: number): string {
    const [s, e] = this.rawSpan(start, end);
    return this.raw.slice(s - this.rawBase, e - this.rawBase);
  }

  /**
   * This text followed by `tail` (and a pause when `pause`), without copying or changing this
   * buffer: the cost is the window's and the tail's length.
   */
  withTail(tail: string, pause: boolean): TextView {
    const extra = new NormText();
    extra.append(tail);
    if (pause) extra.appendPause();
    const base = this.rawLength;
    const split = this.norm.length;
    const head = this;
    const rawAt = (i: number): number => (i < split ? head.rawAt(i) : base + extra.rawAt(i - split));
    const view: TextView = {
      raw: head.raw + extra.raw,
      rawOffset: head.rawBase,
      norm: head.norm + extra.norm,
      length: split + extra.length,
      rawAt,
      rawSpan(start: number, end: number): [number, number] {
        if (end <= start) return [rawAt(start), rawAt(start)];
        const last = end - 1 < split ? head.rawSpan(end - 1, end)[1] : base + extra.rawSpan(end - 1 - split, end - split)[1];
        return [rawAt(start), last];
      },
      rawSlice(start: number, end: number): string {
        const [s, e] = view.rawSpan(start, end);
        return view.raw.slice(s - head.rawBase, e - head.rawBase);
      },
    };
    return view;
  }
}

/** Normalised form of one UTF-16 code unit, or null when it is dropped. */
function normaliseChar(code: number): string | null {
  // Whitespace other than newline carries no meaning in Chinese text and ASR inserts it at random.
  if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x3000 || code === 0xa0) return null;
  // A raw private-use character must not pass for a pause.
  if (code === SOFT_END.charCodeAt(0)) return null;
  if (code === 0x2028 || code === 0x2029) return '\n';
  // Full-width ASCII block (！ … ～) → ASCII.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  return toSimplified(String.fromCharCode(code));
}
