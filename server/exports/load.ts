/**
 * The one place exports touch state: reads a meeting from the store in one transaction and
 * returns a plain ExportSnapshot: records, stored attendance and the secretary's minutes edits.
 * On SQLite that transaction holds the only connection, so no write lands between the reads; on
 * PostgreSQL (read committed) each read sees what was committed when it ran.
 */
import { toWire } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { isOpen } from '../../shared/followup/warnings.ts';
import { deriveAttendance, groupRequirements, type ExportSnapshot, type LedgerTask, type OnlineInterval } from './snapshot.ts';

/** Snapshot of `meetingId` for export; throws DomainError('not_found') when it does not exist. */
export async function loadExportSnapshot(store: Store, meetingId: string): Promise<ExportSnapshot> {
  return store.tx(async () => {
    const meeting = await store.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not_found');
    const venues = await store.venues.list(meetingId);
    const lists = groupRequirements(await store.requirements.lists(meetingId), (await store.requirements.list(meetingId)).map(toWire));
    const published = new Set(lists.flatMap((l) => l.requirements.map((r) => r.id)));
    const acks = (await store.acks.list(meetingId)).filter((a) => published.has(a.requirementId));
    const intervals = new Map<string, OnlineInterval[]>();
    for (const i of await store.attendance.list(meetingId)) {
      intervals.set(i.venueId, [...(intervals.get(i.venueId) ?? []), { joinedAt: i.joinedAt, leftAt: i.leftAt }]);
    }
    const { edits } = await store.minutesDrafts.get(meetingId);
    // Follow-up status from stored facts only (no clock): overdue = its 红 warning fired and it is open.
    const tasks: LedgerTask[] = [];
    for (const t of await store.tasks.listByMeeting(meetingId)) {
      const overdue = isOpen(t) && t.deadline !== null && (await store.tasks.firedKeys(t.id)).has(`red:${t.deadline}`);
      tasks.push({ requirementId: t.requirementId, status: t.status, overdue });
    }
    return {
      meeting,
      speakers: meeting.speakers,
      venues: deriveAttendance({ meeting, venues, intervals, acks }),
      lists,
      segments: await store.segments.list(meetingId),
      acks,
      minutesEdits: edits,
      ...(tasks.length > 0 ? { tasks } : {}),
    };
  });
}
