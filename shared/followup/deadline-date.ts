/**
 * A requirement's deadline wording → a calendar date (pure). The meeting's date is the reference
 * ("下周五" is the Friday of the week after the meeting), passed in, never read from a clock.
 * Dates are China calendar dates `YYYY-MM-DD`; a task is due by the end of that day.
 * Wording without a definite date (立即, 尽快, 长期坚持, 春节前) gives null: the secretary sets it.
 */

/** A calendar date. `month` 1–12, `day` 1–31. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** How the date was read (for the timeline and for review). */
export type DeadlineRule =
  | 'date' | 'month-end' | 'month-part' | 'year-end' | 'half-year' | 'quarter' | 'week' | 'relative-day'
  | 'days' | 'working-days' | 'weeks' | 'months' | 'holiday' | 'day-of-month';

export interface ParsedDeadline {
  /** YYYY-MM-DD. */
  date: string;
  rule: DeadlineRule;
  /** The words that gave the date. */
  matched: string;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUM = '[0-9０-９零〇一二两三四五六七八九十]{1,4}';
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 7 };

/** 12, １２, 十二, 二十三, 两 → number; 二〇二六 → 2026 (digit by digit); null when malformed. */
export function readNumber(raw: string): number | null {
  const s = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(s)) return Number(s);
  if (!s.includes('十')) {
    let v = 0;
    for (const ch of s) {
      const d = DIGIT[ch];
      if (d === undefined) return null;
      v = v * 10 + d;
    }
    return s.length > 0 ? v : null;
  }
  const [head = '', tail = '', ...rest] = s.split('十');
  if (rest.length > 0 || head.length > 1 || tail.length > 1) return null;
  const tens = head === '' ? 1 : DIGIT[head];
  const ones = tail === '' ? 0 : DIGIT[tail];
  return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const formatDate = (d: CalendarDate): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a date (UTC arithmetic: calendar maths only). */
const dayNumber = (d: CalendarDate) => Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
const fromDayNumber = (n: number): CalendarDate => {
  const t = new Date(n * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

export const addDays = (d: CalendarDate, days: number): CalendarDate => fromDayNumber(dayNumber(d) + days);

/** ISO weekday, Monday 1 … Sunday 7. */
export const weekday = (d: CalendarDate): number => ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;

/** Add working days (Monday–Friday; public holidays are not known here). */
export function addWorkingDays(d: CalendarDate, n: number): CalendarDate {
  let at = d;
  for (let left = n; left > 0; ) {
    at = addDays(at, 1);
    if (weekday(at) <= 5) left--;
  }
  return at;
}

function addMonths(d: CalendarDate, n: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

const monthEnd = (year: number, month: number): CalendarDate => ({ year, month, day: daysInMonth(year, month) });
const valid = (d: CalendarDate) => d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysInMonth(d.year, d.month);

/** The China calendar date of an instant (UTC+8, no daylight saving). */
export function chinaDate(iso: string): CalendarDate {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Parse `YYYY-MM-DD`. */
export function parseDate(s: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return valid(d) ? d : null;
}

/** The instant a date's day ends in China time (a task due that day is overdue after it), epoch ms. */
export function endOfChinaDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

type Rule = { re: RegExp; rule: DeadlineRule; date: (m: RegExpExecArray, ref: CalendarDate) => CalendarDate | null };

/** A date without a year: this year, or next year when it is already past at the meeting. */
function upcoming(ref: CalendarDate, month: number, day: number | 'end'): CalendarDate | null {
  for (const year of [ref.year, ref.year + 1]) {
    const d = { year, month, day: day === 'end' ? (month >= 1 && month <= 12 ? daysInMonth(year, month) : 0) : day };
    if (!valid(d)) return null;
    if (dayNumber(d) >= dayNumber(ref)) return d;
  }
  return null;
}

const num = (m: RegExpExecArray, i: number) => readNumber(m[i] ?? '');

const RULES: Rule[] = [
  // 2026年10月30日, 二〇二六年十月三十号
  { re: new RegExp(`(${NUM})年(${NUM})月(${NUM})[日号]`), rule: 'date', date: (m) => {
    const y = num(m, 1); const mo = num(m, 2); const d = num(m, 3);
    if (y === null || mo === null || d === null) return null;
    const year = y < 100 ? 2000 + y : y;
    const r = { year, month: mo, day: d };
    return valid(r) ? r : null;
  } },
  // 本月15日, 下个月十号
  { re: new RegExp(`(本月|下个?月|次月)(${NUM})[日号]`), rule: 'date', date: (m, ref) => {
    const d = num(m, 2);
    if (d === null) return null;
    const base = m[1] === '本月' ? ref : addMonths({ ...ref, day: 1 }, 1);
    const r = { year: base.year, month: base.month, day: d };
    return valid(r) ? r : null;
  } },
  // 10月30号, 十月三十日
  { re: new RegExp(`(${NUM})月(${NUM})[日号]`), rule: 'date', date: (m, ref) => {
    const mo = num(m, 1); const d = num(m, 2);
    return mo === null || d === null ? null : upcoming(ref, mo, d);
  } },
  // 10月底, 十二月末, 11月中旬
  { re: new RegExp(`(${NUM})月(底|末|上旬|中旬|下旬)`), rule: 'month-part', date: (m, ref) => {
    const mo = num(m, 1);
    if (mo === null) return null;
    const part = m[2];
    return upcoming(ref, mo, part === '上旬' ? 10 : part === '中旬' ? 20 : 'end');
  } },
  // 年底前, 年内, 年末, 今年底, 本年度
  { re: /(今年|本年度?)?(年底|年末|年内)|本年度/, rule: 'year-end', date: (_m, ref) => ({ year: ref.year, month: 12, day: 31 }) },
  // 上半年 / 下半年
  { re: /(上|下)半年/, rule: 'half-year', date: (m, ref) => (m[1] === '上' ? { year: ref.year, month: 6, day: 30 } : { year: ref.year, month: 12, day: 31 }) },
  // 第三季度末, 三季度前, 本季度末, 下个季度
  { re: /(第?[一二三四1-4]|本|下个?)季度/, rule: 'quarter', date: (m, ref) => {
    const q0 = Math.ceil(ref.month / 3);
    const w = (m[1] ?? '').replace('第', '');
    const q = w === '本' ? q0 : w.startsWith('下') ? q0 + 1 : readNumber(w);
    if (q === null || q < 1) return null;
    const year = ref.year + Math.floor((q - 1) / 4);
    const month = (((q - 1) % 4) + 1) * 3;
    const d = monthEnd(year, month);
    return dayNumber(d) >= dayNumber(ref) ? d : monthEnd(year + 1, month);
  } },
  // 下月底, 本月底, 月底, 月末, 下个月
  { re: /(本|下个?|次)?月(底|末)|(下个?|次)月(?![0-9０-９零〇一二两三四五六七八九十])/, rule: 'month-end', date: (m, ref) => {
    const next = (m[1] ?? m[3] ?? '').length > 0 && m[1] !== '本';
    const base = next ? addMonths({ ...ref, day: 1 }, 1) : ref;
    return monthEnd(base.year, base.month);
  } },
  // 本周五, 下周五, 下个星期三, 本周末, 下周
  { re: /(本|这|下个?)(周|星期|礼拜)([一二三四五六日天末])?/, rule: 'week', date: (m, ref) => {
    const monday = addDays(ref, 1 - weekday(ref));
    const start = m[1] === '本' || m[1] === '这' ? monday : addDays(monday, 7);
    // "下周" alone: by the end of that working week (Friday).
    const day = m[3] ? (WEEKDAY[m[3]] ?? 5) : 5;
    return addDays(start, day - 1);
  } },
  // 今天, 明天, 后天 (with a limit: 明天下班前)
  { re: /(今天|今日|明天|明日|后天)/, rule: 'relative-day', date: (m, ref) => addDays(ref, m[1]?.startsWith('今') ? 0 : m[1]?.startsWith('明') ? 1 : 2) },
  // 5个工作日内
  { re: new RegExp(`(${NUM})个?工作日`), rule: 'working-days', date: (m, ref) => {
    const n = num(m, 1);
    return n === null ? null : addWorkingDays(ref, n);
  } },
  // 三天内, 10日内, 48小时内
  { re: new RegExp(`(${NUM})(天|日|小时)(之内|内|以内)`), rule: 'days', date: (m, ref) => {
    const n = num(m, 1);
    if (n === null) return null;
    return addDays(ref, m[2] === '小时' ? Math.ceil(n / 24) : n);
  } },
  // 两周内
  { re: new RegExp(`(${NUM})个?(周|星期)(之内|内|以内)`), rule: 'weeks', date: (m, ref) => {
    const n = num(m, 1);
    return n === null ? null : addDays(ref, 7 * n);
  } },
  // 三个月内
  { re: new RegExp(`(${NUM})个月(之内|内|以内)`), rule: 'months', date: (m, ref) => {
    const n = num(m, 1);
    return n === null ? null : addMonths(ref, n);
  } },
  // Fixed-date holidays: 国庆前, 元旦前, 五一前. (春节, 中秋, 端午, 清明 move with the lunar calendar: null.)
  { re: /(国庆节?|元旦|五一|劳动节)(前|之前|以前)/, rule: 'holiday', date: (m, ref) => {
    const h = m[1] ?? '';
    if (h.startsWith('国庆')) return upcoming(ref, 9, 30);
    if (h === '元旦') return upcoming(ref, 12, 31);
    return upcoming(ref, 4, 30);
  } },
  // 15日前, 20号之前: this month, else next month
  { re: new RegExp(`(${NUM})[日号](前|之前|以前|为止)`), rule: 'day-of-month', date: (m, ref) => {
    const d = num(m, 1);
    if (d === null) return null;
    const here = { ...ref, day: d };
    if (valid(here) && dayNumber(here) >= dayNumber(ref)) return here;
    const next = addMonths({ ...ref, day: 1 }, 1);
    const r = { ...next, day: d };
    return valid(r) ? r : null;
  } },
];

/**
 * The due date a deadline wording gives, with `meetingDate` (the meeting's China date) as the
 * reference; null when the wording names no definite date. The earliest match in the text wins.
 */
export function parseDeadline(text: string | null, meetingDate: string): ParsedDeadline | null {
  const ref = parseDate(meetingDate);
  if (!text || !ref) return null;
  let best: { index: number; parsed: ParsedDeadline } | null = null;
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (!m || (best && m.index >= best.index)) continue;
    const d = rule.date(m, ref);
    if (!d || !valid(d)) continue;
    best = { index: m.index, parsed: { date: formatDate(d), rule: rule.rule, matched: m[0] } };
  }
  return best?.parsed ?? null;
}
