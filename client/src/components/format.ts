/**
 * Display formatting in Chinese conventions (pure).
 */

/** "14:05" from an ISO time, in the browser's time zone; '' for null. */
export function clockTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "01:07" from milliseconds of meeting audio time. */
export function mediaTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Meeting status in Chinese. */
export function statusLabel(status: 'draft' | 'live' | 'ended' | undefined): string {
  if (status === 'live') return '会议进行中';
  if (status === 'ended') return '会议已结束';
  return '会议筹备中';
}

/** Level of a venue in the hierarchy. */
export function levelLabel(level: 'province' | 'prefecture' | 'county'): string {
  return level === 'province' ? '省级' : level === 'prefecture' ? '市/州' : '县/区';
}
