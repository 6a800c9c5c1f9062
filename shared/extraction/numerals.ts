/** Chinese and Arabic numerals as used in ordinals and counts (1 … 99). */
import { has } from './lexicon.ts';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Characters that can form a Chinese numeral. */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十';

export function isCnNumeral(ch: string | undefined): boolean {
  return has(CN_NUMERAL_CHARS, ch);
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9' && ch.length === 1;
}

/**
 * Value of a Chinese numeral (一, 十, 十一, 二十三, 两) or an Arabic one ("12"); null when it is not
 * a well-formed number.
 */
export function parseNumeral(text: string): number | null {
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  const tenAt = text.indexOf('十');
  if (tenAt === -1) {
    if (text.length !== 1) return null;
    const d = DIGITS[text];
    return d === undefined || d === 0 ? null : d;
  }
  if (text.indexOf('十', tenAt + 1) !== -1) return null;
  const head = text.slice(0, tenAt);
  const tail = text.slice(tenAt + 1);
  const tens = head === '' ? 1 : DIGITS[head];
  const ones = tail === '' ? 0 : DIGITS[tail];
  if (tens === undefined || ones === undefined || head.length > 1 || tail.length > 1) return null;
  return tens * 10 + ones;
}

/** Longest numeral (Chinese or Arabic, at most `max` chars) starting at `i`, or null. */
export function readNumeral(text: string, i: number, max = 3): { value: number; end: number } | null {
  let j = i;
  if (isDigit(text[i])) {
    while (j < text.length && j - i < max && isDigit(text[j])) j++;
  } else {
    while (j < text.length && j - i < max && isCnNumeral(text[j])) j++;
  }
  for (let end = j; end > i; end--) {
    const value = parseNumeral(text.slice(i, end));
    if (value !== null) return { value, end };
  }
  return null;
}
