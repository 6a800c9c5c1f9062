/**
 * How the archive shows meetings and search hits (pure, unit-tested). Dates are China Standard
 * Time, as in the exported documents.
 */
import type { MeetingStatus, MeetingSummary, SearchHit } from '../../../../shared/protocol/index.ts';

/** 未开始 / 进行中 / 已结束 / 校对中. */
export function archiveStatusLabel(status: MeetingStatus, reopenedForCorrections: boolean): string {
  if (status === 'ended') return reopenedForCorrections ? '校对中' : '已结束';
  return status === 'live' ? '进行中' : '未开始';
}

const CST = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** 2026-12-03 09:00 (China time) of an ISO time; '' when unreadable. */
export function archiveDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(CST.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** When the meeting took place: its start, else its scheduled time. */
export function meetingWhen(m: Pick<MeetingSummary, 'startedAt' | 'scheduledAt'>): string {
  return archiveDateTime(m.startedAt ?? m.scheduledAt);
}

/** 71%（10/14）, or — when nothing was to acknowledge. */
export function ackRateLabel(m: Pick<MeetingSummary, 'ackRate' | 'acknowledged' | 'expected'>): string {
  if (m.ackRate === null) return '—';
  return `${Math.round(m.ackRate * 100)}%（${m.acknowledged}/${m.expected}）`;
}

/** 00:12:34 of audio time. */
function audioTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Where a hit is: 转写 00:12:34, or 要求 第三. */
export function hitPlace(hit: Pick<SearchHit, 'kind' | 'startMs' | 'marker'>): string {
  if (hit.kind === 'segment') return hit.startMs === null ? '转写' : `转写 ${audioTime(hit.startMs)}`;
  return hit.marker ? `要求 ${hit.marker}` : '要求';
}

/** Hits grouped by meeting, in the order the server ranked them (a meeting at its best hit). */
export function groupHits(hits: readonly SearchHit[]): { meetingId: string; meetingTitle: string; meetingAt: string; hits: SearchHit[] }[] {
  const groups = new Map<string, { meetingId: string; meetingTitle: string; meetingAt: string; hits: SearchHit[] }>();
  for (const h of hits) {
    const g = groups.get(h.meetingId) ?? { meetingId: h.meetingId, meetingTitle: h.meetingTitle, meetingAt: h.meetingAt, hits: [] };
    g.hits.push(h);
    groups.set(h.meetingId, g);
  }
  return [...groups.values()];
}
