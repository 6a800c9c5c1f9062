/**
 * The text of an uploaded CSV file, whatever Excel saved it as. Excel on Chinese Windows saves
 * "CSV (逗号分隔)" in the ANSI code page, GBK (decoded here as GB18030, its superset); "CSV UTF-8"
 * with a BOM; "Unicode 文本" as UTF-16 with a BOM. Pure: bytes in, text out, no I/O.
 *
 * Detection: a BOM decides; otherwise strict UTF-8 (Chinese text in GBK is practically never
 * valid UTF-8); otherwise strict GB18030, accepted only when the result reads like Chinese text.
 * Anything else is refused with `csv_encoding`, whose message tells the operator how to save it.
 */
import { DomainError } from '../errors.ts';

/** What the bytes were decoded as. */
export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

/** Share of characters outside everyday Chinese text above which a GB18030 reading is rejected. */
const MAX_UNUSUAL_SHARE = 0.05;

function strict(encoding: CsvEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Characters a venue list is made of: ASCII, CJK ideographs, CJK and full-width punctuation.
 * A wrong GB18030 reading of other bytes lands mostly in rarer blocks (extension ideographs,
 * Hangul, symbols, or the four-byte ranges).
 */
function isEveryday(code: number): boolean {
  return (
    code < 0x80 ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef) ||
    code === 0x00b7 ||
    (code >= 0x2010 && code <= 0x2027)
  );
}

function readsLikeChinese(text: string): boolean {
  let total = 0;
  let unusual = 0;
  let ideographs = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x0a || code === 0x0d) continue;
    total++;
    if (code >= 0x4e00 && code <= 0x9fff) ideographs++;
    if (!isEveryday(code)) unusual++;
  }
  return ideographs > 0 && unusual <= total * MAX_UNUSUAL_SHARE;
}

/** Decode an uploaded CSV; throws DomainError('csv_encoding') when the encoding cannot be told. */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    const text = strict('utf-8', bytes);
    if (text !== null) return { text, encoding: 'utf-8' };
  } else if (b0 === 0xff && b1 === 0xfe) {
    const text = strict('utf-16le', bytes);
    if (text !== null) return { text, encoding: 'utf-16le' };
  } else if (b0 === 0xfe && b1 === 0xff) {
    const text = strict('utf-16be', bytes);
    if (text !== null) return { text, encoding: 'utf-16be' };
  } else {
    const utf8 = strict('utf-8', bytes);
    // NUL bytes mean UTF-16 without a BOM (or a binary file): neither reading is right.
    if (utf8 !== null && !utf8.includes('\u0000')) return { text: utf8, encoding: 'utf-8' };
    if (utf8 === null) {
      const gb = strict('gb18030', bytes);
      if (gb !== null && readsLikeChinese(gb)) return { text: gb, encoding: 'gb18030' };
    }
  }
  throw new DomainError('csv_encoding', ['csv: encoding not recognised (expected UTF-8, GBK/GB18030 or UTF-16 with BOM)']);
}
