import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfChinaDay, parseDeadline, readNumber, weekday } from './deadline-date.ts';

/** The meeting: Thursday 3 December 2026. */
const MEETING = '2026-12-03';

const CASES: [string, string | null][] = [
  ['10月30号', '2027-10-30'],
  ['十月三十号', '2027-10-30'],
  ['12月20日前', '2026-12-20'],
  ['十二月二十号之前完成', '2026-12-20'],
  ['2027年1月15日', '2027-01-15'],
  ['二〇二七年三月一日前', '2027-03-01'],
  ['1月15日前', '2027-01-15'],
  ['年底前', '2026-12-31'],
  ['今年底', '2026-12-31'],
  ['年内', '2026-12-31'],
  ['下周五', '2026-12-11'],
  ['本周五', '2026-12-04'],
  ['本周末', '2026-12-06'],
  ['下个星期三', '2026-12-09'],
  ['下周', '2026-12-11'],
  ['月底', '2026-12-31'],
  ['本月底前', '2026-12-31'],
  ['下月底', '2027-01-31'],
  ['下个月十号', '2027-01-10'],
  ['本月15日', '2026-12-15'],
  ['3个工作日内', '2026-12-08'],
  ['五个工作日内', '2026-12-10'],
  ['三天内', '2026-12-06'],
  ['48小时内', '2026-12-05'],
  ['两周内', '2026-12-17'],
  ['三个月内', '2027-03-03'],
  ['明天下班前', '2026-12-04'],
  ['1月底', '2027-01-31'],
  ['12月中旬', '2026-12-20'],
  ['上半年', '2026-06-30'],
  ['第一季度末前', '2027-03-31'],
  ['本季度末', '2026-12-31'],
  ['元旦前', '2026-12-31'],
  ['国庆前', '2027-09-30'],
  ['20号前', '2026-12-20'],
  ['1号前', '2027-01-01'],
  ['立即', null],
  ['尽快', null],
  ['长期坚持', null],
  ['春节前', null],
  ['2月30日', null],
  ['', null],
];

describe('parseDeadline (meeting on Thursday 2026-12-03)', () => {
  for (const [text, date] of CASES) {
    it(`${text || '(empty)'} → ${date}`, () => {
      expect(parseDeadline(text, MEETING)?.date ?? null).toBe(date);
    });
  }

  it('says which words it read and by which rule', () => {
    expect(parseDeadline('各单位要在10月30号前报送', MEETING)).toEqual({ date: '2027-10-30', rule: 'date', matched: '10月30号' });
    expect(parseDeadline('5个工作日内', MEETING)?.rule).toBe('working-days');
  });

  it('the earliest wording wins', () => {
    expect(parseDeadline('下周五前上报方案，年底前全部完成', MEETING)?.date).toBe('2026-12-11');
  });

  it('a bad reference date gives null', () => {
    expect(parseDeadline('年底前', '2026-13-01')).toBeNull();
    expect(parseDeadline(null, MEETING)).toBeNull();
  });

  it('working days skip weekends; a Friday meeting + 1 working day is Monday', () => {
    expect(addWorkingDays({ year: 2026, month: 12, day: 4 }, 1)).toEqual({ year: 2026, month: 12, day: 7 });
    expect(weekday({ year: 2026, month: 12, day: 3 })).toBe(4);
    expect(parseDeadline('1个工作日内', '2026-12-04')?.date).toBe('2026-12-07');
  });

  it('numbers', () => {
    expect(readNumber('二十三')).toBe(23);
    expect(readNumber('十')).toBe(10);
    expect(readNumber('２０')).toBe(20);
    expect(readNumber('二〇二六')).toBe(2026);
    expect(readNumber('十十')).toBeNull();
    expect(readNumber('x')).toBeNull();
  });

  it('a due day ends at midnight China time', () => {
    expect(new Date(endOfChinaDay('2026-12-31')).toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });
});
