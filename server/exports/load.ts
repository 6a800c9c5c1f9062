/**
 * The one place exports touch state: reads a meeting from the store (synchronously, in one
 * read transaction, so the picture is consistent) and returns a plain ExportSnapshot: records,
 * stored attendance and the secretary's minutes edits.
 */
import { toWire } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { isOpen } from '../../shared/followup/warnings.ts';
import { deriveAttendance, groupRequirements, type ExportSnapshot, type OnlineInterval } from './snapshot.ts';

/** Snapshot of `meetingId` for export; throws DomainError('not_found') when it does not exist. */
export function loadExportSnapshot(store: Store, meetingId: string): ExportSnapshot {
  return store.tx(() => {
    const meeting = store.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not_found');
    const venues = store.venues.list(meetingId);
    const lists = groupRequirements(store.requirements.lists(meetingId), store.requirements.list(meetingId).map(toWire));
    const published = new Set(lists.flatMap((l) => l.requirements.map((r) => r.id)));
    const acks = store.acks.list(meetingId).filter((a) => published.has(a.requirementId));
    const intervals = new Map<string, OnlineInterval[]>();
    for (const i of store.attendance.list(meetingId)) {
      intervals.set(i.venueId, [...(intervals.get(i.venueId) ?? []), { joinedAt: i.joinedAt, leftAt: i.leftAt }]);
    }
    const { edits } = store.minutesDrafts.get(meetingId);
    // Follow-up status from stored facts only (no clock): overdue = its 红 warning fired and it is open.
    const tasks = store.tasks.listByMeeting(meetingId).map((t) => ({
      requirementId: t.requirementId,
      status: t.status,
      overdue: isOpen(t) && t.deadline !== null && store.tasks.firedKeys(t.id).has(`red:${t.deadline}`),
    }));
    return {
      meeting,
      speakers: meeting.speakers,
      venues: deriveAttendance({ meeting, venues, intervals, acks }),
      lists,
      segments: store.segments.list(meetingId),
      acks,
      minutesEdits: edits,
      ...(tasks.length > 0 ? { tasks } : {}),
    };
  });
}
