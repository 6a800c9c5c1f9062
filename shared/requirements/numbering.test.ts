import { describe, expect, it } from 'vitest';
import { markerNumber, markerWithNumber, numberItems, toChineseNumeral, type NumberingItem } from './numbering.ts';

const item = (id: string, marker: string, nominal: number | null = markerNumber(marker), nominalEnd: number | null = null): NumberingItem =>
  ({ id, marker, nominal, nominalEnd });
const shown = (items: NumberingItem[]) => numberItems(items).map((n) => `${n.ordinal}:${n.marker}`);

describe('markers', () => {
  it('reads the number of every marker style', () => {
    expect(['第一', '第十二', '三是', '二要', '（四）', '(5)', '6.', '首先', '最后', '第二十'].map(markerNumber)).toEqual([1, 12, 3, 2, 4, 5, 6, null, null, 20]);
  });

  it('rewrites the number in the marker’s own script', () => {
    expect(markerWithNumber('第四', 5)).toBe('第五');
    expect(markerWithNumber('三是', 11)).toBe('十一是');
    expect(markerWithNumber('（二）', 3)).toBe('（三）');
    expect(markerWithNumber('9.', 10)).toBe('10.');
    expect(markerWithNumber('首先', 2)).toBe('首先');
    expect([1, 10, 11, 20, 23, 99].map(toChineseNumeral)).toEqual(['一', '十', '十一', '二十', '二十三', '九十九']);
  });
});

describe('numberItems', () => {
  it('keeps the spoken numbers, including a jump the speaker (or the recogniser) made', () => {
    expect(shown([item('a', '第一'), item('b', '第二'), item('d', '第四'), item('e', '第五')])).toEqual(['1:第一', '2:第二', '4:第四', '5:第五']);
  });

  it('a split moves every later item up: no two 第五', () => {
    const split = [item('4', '第四'), item('5', '第五'), item('5b', '第五', null), item('6', '第六'), item('7', '第七')];
    expect(shown(split)).toEqual(['4:第四', '5:第五', '6:第六', '7:第七', '8:第八']);
  });

  it('a merge keeps the highest absorbed number, so later items move down', () => {
    expect(shown([item('1', '第一'), item('2', '第二', 2, 3), item('4', '第四')])).toEqual(['1:第一', '2:第二', '3:第三']);
    // a split half (no number of its own) that absorbed 第三 by a merge
    expect(shown([item('1', '第一'), item('1b', '第一', null, 3), item('4', '第四')])).toEqual(['1:第一', '2:第二', '3:第三']);
  });

  it('an item added for a missing number fills the gap without moving the others', () => {
    expect(shown([item('1', '第一'), item('2', '第二'), item('3', '第三'), item('4', '第四')])).toEqual(['1:第一', '2:第二', '3:第三', '4:第四']);
  });

  it('markers without numbers count on; repeated or falling numbers never go backwards', () => {
    expect(shown([item('a', '首先'), item('b', '其次'), item('c', '最后')])).toEqual(['1:首先', '2:其次', '3:最后']);
    expect(shown([item('a', '第一'), item('b', '第一'), item('c', '第二')])).toEqual(['1:第一', '2:第二', '3:第三']);
  });
});
