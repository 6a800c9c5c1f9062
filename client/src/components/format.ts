/**
 * Display formatting in Chinese conventions (pure).
 */
import type { MeetingStatus, VenueLevel } from '../../../shared/protocol/index.ts';

/** Two digits: 7 → "07". */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "14:05": hours and minutes of a local time. */
export function hoursMinutes(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** "14:05" from an ISO time, in the browser's time zone; '' for null. */
export function clockTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : hoursMinutes(d);
}

/** "01:07" from milliseconds of meeting audio time. */
export function mediaTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${pad2(m)}:${pad2(s)}`;
}

/** Meeting status in Chinese (an ended meeting reopened for corrections: 纪要校对中). */
export function statusLabel(status: MeetingStatus | undefined, reopenedForCorrections = false): string {
  if (status === 'live') return '会议进行中';
  if (status === 'ended') return reopenedForCorrections ? '会议已结束 · 纪要校对中' : '会议已结束';
  return '会议筹备中';
}

/** Level of a venue in the hierarchy. */
export function levelLabel(level: VenueLevel): string {
  return level === 'province' ? '省级' : level === 'prefecture' ? '市/州' : '县/区';
}
