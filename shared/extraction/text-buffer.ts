import { CLAUSE_PUNCT, SOFT_END, has } from './lexicon.ts';
import { toSimplified } from './t2s.ts';

export { SOFT_END };

/** What the rules and the output builder read: the normalised text and its map back to the raw text. */
export interface TextView {
  /** Raw text as pushed. */
  readonly raw: string;
  /** Normalised text. */
  readonly norm: string;
  readonly length: number;
  /** Raw offset of normalised position `i` (raw length when `i` is at the end). */
  rawAt(i: number): number;
  /** Raw `[start, end)` covering normalised `[start, end)`. */
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
 */
export class NormText implements TextView {
  raw = '';
  norm = '';
  /** `rawIndex[i]` is the raw offset of `norm[i]`. */
  private readonly rawIndex: number[] = [];

  append(delta: string): void {
    const base = this.raw.length;
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
    this.rawIndex.push(Math.max(0, this.raw.length - 1));
  }

  get length(): number {
    return this.norm.length;
  }

  rawAt(i: number): number {
    return i < this.rawIndex.length ? (this.rawIndex[i] ?? this.raw.length) : this.raw.length;
  }

  rawSpan(start: number, end: number): [number, number] {
    if (end <= start) {
      const at = this.rawAt(start);
      return [at, at];
    }
    return [this.rawAt(start), (this.rawIndex[end - 1] ?? this.raw.length - 1) + 1];
  }

  rawSlice(start: number, end: number): string {
    const [s, e] = this.rawSpan(start, end);
    return this.raw.slice(s, e);
  }

  /**
   * This text followed by `tail` (and a pause when `pause`), without copying or changing this
   * buffer: the cost is the tail's length.
   */
  withTail(tail: string, pause: boolean): TextView {
    const extra = new NormText();
    extra.append(tail);
    if (pause) extra.appendPause();
    const base = this.raw.length;
    const split = this.norm.length;
    const head = this;
    const rawAt = (i: number): number => (i < split ? head.rawAt(i) : base + extra.rawAt(i - split));
    const view: TextView = {
      raw: head.raw + extra.raw,
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
        return view.raw.slice(s, e);
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
