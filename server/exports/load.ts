/**
 * The one place exports touch state: reads a meeting from the store (synchronously, so the
 * picture is consistent) and the venues' current presence, and returns a plain ExportSnapshot.
 */
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import { toWire } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { deriveAttendance, groupRequirements, type ExportSnapshot } from './snapshot.ts';

/** What the loader needs of presence tracking (the app's PresenceTracker satisfies it). */
export interface PresenceSource {
  list(venueIds: string[]): VenuePresence[];
}

/** Snapshot of `meetingId` for export; throws DomainError('not_found') when it does not exist. */
export function loadExportSnapshot(store: Store, presence: PresenceSource, meetingId: string): ExportSnapshot {
  const meeting = store.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not_found');
  const venues = store.venues.list(meetingId);
  const lists = groupRequirements(store.requirements.lists(meetingId), store.requirements.list(meetingId).map(toWire));
  const published = new Set(lists.flatMap((l) => l.requirements.map((r) => r.id)));
  const acks = store.acks.list(meetingId).filter((a) => published.has(a.requirementId));
  const presenceById = new Map(presence.list(venues.map((v) => v.id)).map((p) => [p.venueId, p]));
  return {
    meeting,
    speakers: meeting.speakers,
    venues: deriveAttendance({ meeting, venues, presence: presenceById, acks }),
    lists,
    segments: store.segments.list(meetingId),
    acks,
  };
}
