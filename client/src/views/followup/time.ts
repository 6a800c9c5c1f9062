/** Times in China time for the follow-up views (pure). */
const pad = (n: number) => String(n).padStart(2, '0');

/** 12月4日 09:05 (UTC+8, whatever the browser's zone). */
export function dateTimeLabel(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** Today's China date plus `days`, YYYY-MM-DD (date inputs' minimum). */
export function chinaDatePlus(nowMs: number, days: number): string {
  const t = new Date(nowMs + 8 * 3_600_000 + days * 86_400_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
