import { toSimplified } from './t2s.ts';

/**
 * Normalised view of the transcript with a map back to the raw text.
 *
 * Matching runs on the normalised text: spaces (ASCII, ideographic, no-break) and carriage returns
 * are dropped, full-width ASCII forms (，：；（）．０-９…) become half-width, common traditional
 * characters become simplified (t2s.ts). Every normalised
 * character remembers its raw offset, so spans and the strings we output (headline, marker,
 * responsible, deadline) are exact substrings of the raw text. Appending is O(delta).
 */
export class NormText {
  /** Raw text as pushed. */
  raw = '';
  /** Normalised text. */
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

  get length(): number {
    return this.norm.length;
  }

  /** An independent copy (for looking ahead without touching this buffer). */
  clone(): NormText {
    const copy = new NormText();
    copy.raw = this.raw;
    copy.norm = this.norm;
    copy.rawIndex.push(...this.rawIndex);
    return copy;
  }

  /** Raw offset of normalised position `i` (raw length when `i` is at the end). */
  rawAt(i: number): number {
    return i < this.rawIndex.length ? (this.rawIndex[i] ?? this.raw.length) : this.raw.length;
  }

  /** Raw `[start, end)` covering normalised `[start, end)`, trimmed of dropped whitespace at the end. */
  rawSpan(start: number, end: number): [number, number] {
    if (end <= start) {
      const at = this.rawAt(start);
      return [at, at];
    }
    return [this.rawAt(start), (this.rawIndex[end - 1] ?? this.raw.length - 1) + 1];
  }

  /** Exact raw substring for normalised `[start, end)`. */
  rawSlice(start: number, end: number): string {
    const [s, e] = this.rawSpan(start, end);
    return this.raw.slice(s, e);
  }
}

/** Normalised form of one UTF-16 code unit, or null when it is dropped. */
function normaliseChar(code: number): string | null {
  // Whitespace other than newline carries no meaning in Chinese text and ASR inserts it at random.
  if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x3000 || code === 0xa0) return null;
  if (code === 0x2028 || code === 0x2029) return '\n';
  // Full-width ASCII block (！ … ～) → ASCII.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  return toSimplified(String.fromCharCode(code));
}
