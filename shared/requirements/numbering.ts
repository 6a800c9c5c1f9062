/**
 * Numbering of a list's items, shared by server and client (pure, no I/O).
 *
 * An item's number is what the speaker said ("第四" → 4: its *nominal* number) as long as the
 * secretary has not changed the list's structure. Items without a nominal number (the second half
 * of a split, a marker such as 首先 without a numeral) take the next number, and every later item
 * moves up with them; a merge leaves the merged item with the highest nominal number it absorbed,
 * so later items move down. A jump in the spoken numbers (第二 then 第四) is kept as a jump: that
 * is how the gap rule (gaps.ts) sees that 第三 was probably not recognised.
 */
import { isCnNumeral, isDigit, readNumeral } from '../extraction/numerals.ts';

const CN_DIGITS = '零一二三四五六七八九';

/** Chinese numeral for 1…99 as used in markers: 一, 十, 十二, 二十, 二十三. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return CN_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones === 0 ? '' : CN_DIGITS[ones]}`;
}

/** Where the numeral of a marker sits ([start, end) in UTF-16 units) and its value, or null. */
function numeralIn(marker: string): { start: number; end: number; value: number; arabic: boolean } | null {
  for (let i = 0; i < marker.length; i++) {
    const ch = marker[i];
    if (!isCnNumeral(ch) && !isDigit(ch)) continue;
    const found = readNumeral(marker, i);
    if (found) return { start: i, end: found.end, value: found.value, arabic: isDigit(ch) };
  }
  return null;
}

/** The number a marker states (第四 → 4, 三是 → 3, （二） → 2, 3. → 3), or null (首先, 最后). */
export function markerNumber(marker: string): number | null {
  return numeralIn(marker)?.value ?? null;
}

/**
 * `marker` with its numeral replaced by `n`, in the same script (第四, 5 → 第五; 3., 4 → 4.).
 * A marker without a numeral is returned unchanged.
 */
export function markerWithNumber(marker: string, n: number): string {
  const at = numeralIn(marker);
  if (!at) return marker;
  return marker.slice(0, at.start) + (at.arabic ? String(n) : toChineseNumeral(n)) + marker.slice(at.end);
}

/** One sibling item as numbering sees it. */
export interface NumberingItem {
  id: string;
  /** Number the speaker (or the secretary, for an added item) gave it; null when none. */
  nominal: number | null;
  /** Highest spoken number the item stands for after merges (≥ nominal); null: same as nominal. */
  nominalEnd: number | null;
  /** Current marker: its style (第N, N是, （N）…) is kept, its numeral replaced. */
  marker: string;
}

/** An item's number and displayed marker after numbering. */
export interface Numbered {
  id: string;
  ordinal: number;
  marker: string;
}

/**
 * Numbers for live sibling items given in display order. Each item takes the previous number
 * plus one, except that an item with a nominal number keeps the spoken jump from the previous
 * nominal number (第二 → 第四 stays a jump of two); a merged item counts up to the last number it absorbed.
 */
export function numberItems(items: readonly NumberingItem[]): Numbered[] {
  let ordinal = 0;
  let lastNominal = 0;
  return items.map((item) => {
    const step = item.nominal === null ? 1 : Math.max(1, item.nominal - lastNominal);
    lastNominal = Math.max(lastNominal, item.nominalEnd ?? item.nominal ?? lastNominal);
    ordinal += step;
    return { id: item.id, ordinal, marker: markerWithNumber(item.marker, ordinal) };
  });
}
