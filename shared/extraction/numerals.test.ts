import { describe, expect, it } from 'vitest';
import { parseNumeral, readNumeral } from './numerals.ts';

describe('numerals', () => {
  it('parses Chinese numerals up to 99 and Arabic ones', () => {
    const cases: Array<[string, number | null]> = [
      ['一', 1], ['两', 2], ['十', 10], ['十一', 11], ['二十', 20], ['二十三', 23], ['12', 12], ['零', null], ['一二', null], ['十十', null],
    ];
    for (const [text, value] of cases) expect(parseNumeral(text), text).toBe(value);
  });
  it('reads the longest numeral at a position', () => {
    expect(readNumeral('第十一，', 1)).toEqual({ value: 11, end: 3 });
    expect(readNumeral('12、', 0)).toEqual({ value: 12, end: 2 });
    expect(readNumeral('要求', 0)).toBeNull();
  });
});
