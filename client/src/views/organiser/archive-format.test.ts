import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../shared/protocol/index.ts';
import { ackRateLabel, archiveDateTime, archiveStatusLabel, groupHits, hitPlace, meetingWhen } from './archive-format.ts';

const hit = (meetingId: string, targetId: string): SearchHit => ({
  kind: 'segment', targetId, meetingId, meetingTitle: `会议${meetingId}`, meetingAt: '2026-12-03T01:00:00Z', startMs: 0, marker: null, headline: null,
  snippet: { parts: [], clippedStart: false, clippedEnd: false },
});

describe('archive formatting', () => {
  it('labels status, corrections included', () => {
    expect(['draft', 'live', 'ended'].map((s) => archiveStatusLabel(s as 'draft', false))).toEqual(['未开始', '进行中', '已结束']);
    expect(archiveStatusLabel('ended', true)).toBe('校对中');
  });

  it('shows dates in China time, whatever the offset they were stored with', () => {
    expect(archiveDateTime('2026-12-03T01:05:00Z')).toBe('2026-12-03 09:05');
    expect(archiveDateTime('2026-12-03T00:30:00+08:00')).toBe('2026-12-03 00:30');
    expect(archiveDateTime('nonsense')).toBe('');
    expect(meetingWhen({ startedAt: null, scheduledAt: '2026-12-10T09:00:00+08:00' })).toBe('2026-12-10 09:00');
  });

  it('shows the acknowledgement rate with its counts', () => {
    expect(ackRateLabel({ ackRate: 10 / 14, acknowledged: 10, expected: 14 })).toBe('71%（10/14）');
    expect(ackRateLabel({ ackRate: null, acknowledged: 0, expected: 0 })).toBe('—');
  });

  it('says where a hit is and groups hits by meeting in rank order', () => {
    expect(hitPlace({ kind: 'segment', startMs: 754_000, marker: null })).toBe('转写 00:12:34');
    expect(hitPlace({ kind: 'requirement', startMs: null, marker: '第三' })).toBe('要求 第三');
    expect(groupHits([hit('b', '1'), hit('a', '2'), hit('b', '3')]).map((g) => [g.meetingId, g.hits.map((h) => h.targetId)])).toEqual([['b', ['1', '3']], ['a', ['2']]]);
  });
});
