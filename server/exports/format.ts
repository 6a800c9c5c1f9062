/**
 * Formatting shared by the renderers: wall-clock times in China Standard Time (fixed UTC+8, so
 * exports do not depend on the server's time zone), Chinese ordinal numerals, audio timecodes.
 */

/** China Standard Time offset from UTC, minutes (no daylight saving). */
export const CST_OFFSET_MIN = 480;

/** Calendar fields of an instant in China Standard Time. */
export interface CstParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Fields of `iso` in UTC+8. */
export function cstParts(iso: string): CstParts {
  const d = new Date(Date.parse(iso) + CST_OFFSET_MIN * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 2026-12-03 */
export function isoDate(iso: string): string {
  const p = cstParts(iso);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** 2026年12月3日 */
export function chineseDate(iso: string): string {
  const p = cstParts(iso);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 上午 / 下午 / 晚上 for the hour of `iso` in UTC+8. */
export function dayPeriod(iso: string): string {
  const h = cstParts(iso).hour;
  if (h < 12) return '上午';
  if (h < 18) return '下午';
  return '晚上';
}

/** 09:05 */
export function clockTime(iso: string): string {
  const p = cstParts(iso);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** 2026-12-03 09:05:12, for tables. */
export function dateTime(iso: string): string {
  const p = cstParts(iso);
  return `${isoDate(iso)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–99 (一, 十, 十一, 二十三); larger numbers stay Arabic. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** A count as said before a measure word: 两点要求, 七点要求, 十二点要求. */
export function chineseCount(n: number): string {
  return n === 2 ? '两' : chineseNumber(n);
}

/**
 * Outline numbering of GB/T 9704-2012 (7.3.3): 一、 for the first level, （一） for the second,
 * 1. for the third, （1） for the fourth. `index` is 0-based.
 */
export function outlineMarker(level: 1 | 2 | 3 | 4, index: number): string {
  const n = index + 1;
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** Audio time as HH:MM:SS (transcript paragraphs). */
export function timecode(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

/** Audio time as HH:MM:SS,mmm (SubRip). */
export function srtTimecode(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  return `${timecode(t)},${String(t % 1000).padStart(3, '0')}`;
}

/** The time the meeting took place: when it started, else when it was scheduled. */
export function meetingTime(m: { startedAt: string | null; scheduledAt: string }): string {
  return m.startedAt ?? m.scheduledAt;
}
