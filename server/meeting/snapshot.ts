/**
 * Snapshots and replay for one session. Both read SQLite synchronously, so a snapshot is a
 * consistent picture as of its `seq` (no event can be appended halfway through building it).
 */
import type { MeetingSnapshot, SessionClaims, SyncReply } from '../../shared/protocol/socket.ts';
import { toWire } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { snapshotTasks } from '../followup/followup-views.ts';
import type { PresenceTracker } from './presence.ts';
import { canSeeAck, inSnapshot, isStaff, viewEvent } from './visibility.ts';

/** Beyond this many missed events a snapshot is cheaper than a replay. */
export const MAX_REPLAY_EVENTS = 2000;

export function buildSnapshot(store: Store, presence: PresenceTracker, s: SessionClaims): MeetingSnapshot {
  const meeting = store.meetings.get(s.meetingId);
  if (!meeting) throw new DomainError('not_found');
  const venues = store.venues.list(s.meetingId);
  const staff = isStaff(s);
  const acks = staff ? store.acks.list(s.meetingId) : store.acks.listForVenue(s.venueId).filter((a) => canSeeAck(s, a));
  const acked = new Set(staff ? [] : acks.map((a) => a.requirementId));
  return {
    seq: store.events.lastSeq(s.meetingId),
    meeting,
    venues,
    segments: store.segments.list(s.meetingId),
    lists: store.requirements.lists(s.meetingId),
    requirements: store.requirements.list(s.meetingId).filter((r) => inSnapshot(s, r, acked)).map(toWire),
    acks,
    presence: presence.list(staff ? venues.map((v) => v.id) : [s.venueId]),
    ...snapshotTasks(store, s),
  };
}

/** Reply to `sync { lastSeq }`: the missed events this session may see, or a snapshot. */
export function syncSession(store: Store, presence: PresenceTracker, s: SessionClaims, lastSeq: number | null): SyncReply {
  const current = store.events.lastSeq(s.meetingId);
  if (lastSeq === null || lastSeq > current || current - lastSeq > MAX_REPLAY_EVENTS) {
    return { kind: 'snapshot', snapshot: buildSnapshot(store, presence, s) };
  }
  const events = store.events
    .since(s.meetingId, lastSeq, MAX_REPLAY_EVENTS)
    .map((e) => viewEvent(s, e))
    .filter((e) => e !== null);
  return { kind: 'events', events };
}
