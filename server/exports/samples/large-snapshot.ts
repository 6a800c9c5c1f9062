/**
 * A large synthetic meeting for benchmarks (bench:exports): `venues` branch venues that all
 * acknowledged (received and relayed) `lists` × `perList` requirements, and `segments` transcript
 * segments. Built from the hand-written sample so the text looks real. In samples/, not testing/,
 * because a CLI uses it.
 */
import type { Acknowledgement } from '../../../shared/protocol/domain.ts';
import type { ExportSnapshot } from '../snapshot.ts';
import { sampleSnapshot } from './sample-snapshot.ts';

export interface LargeSnapshotSize {
  venues: number;
  lists: number;
  perList: number;
  segments: number;
}

export function largeSnapshot(size: LargeSnapshotSize): ExportSnapshot {
  const s = sampleSnapshot();
  const [main, venue] = s.venues;
  const [list] = s.lists;
  const [requirement] = list?.requirements ?? [];
  const [, segment] = s.segments;
  if (!main || !venue || !list || !requirement || !segment) throw new Error('sample snapshot changed shape');
  s.lists = Array.from({ length: size.lists }, (_, li) => ({
    list: { ...list.list, id: `l${li}`, index: li, announcedCount: size.perList, foundCount: size.perList },
    requirements: Array.from({ length: size.perList }, (_, i) => ({ ...requirement, id: `r${li}-${i}`, listId: `l${li}`, ordinal: i + 1, sortKey: i + 1 })),
  }));
  s.venues = [main, ...Array.from({ length: size.venues }, (_, i) => ({ ...venue, id: `v${i}`, name: `第${i + 1}县公安局` }))];
  const requirements = s.lists.flatMap((l) => l.requirements);
  s.acks = s.venues.slice(1).flatMap((v) =>
    requirements.flatMap((r): Acknowledgement[] => [
      { meetingId: s.meeting.id, venueId: v.id, requirementId: r.id, kind: 'received', at: '2026-12-03T01:40:00.000Z', version: 1 },
      { meetingId: s.meeting.id, venueId: v.id, requirementId: r.id, kind: 'relayed', at: '2026-12-03T01:50:00.000Z', version: 1 },
    ]),
  );
  s.segments = Array.from({ length: size.segments }, (_, i) => ({ ...segment, id: `g${i}`, startMs: i * 5400, endMs: i * 5400 + 5000 }));
  return s;
}
