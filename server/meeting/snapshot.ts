/**
 * Snapshots and replay for one session. Both read SQLite synchronously, so a snapshot is a
 * consistent picture as of its `seq` (no event can be appended halfway through building it).
 *
 * The parts every session of a meeting shares (meeting, venues, transcript, lists, requirements)
 * are built once per `seq` and reused until the next event: fifty venues asking for a snapshot
 * of an unchanged meeting cost one build. Every change of those parts is a sequenced event, so
 * `seq` is an exact cache key. Per-session parts (a venue's own acks, presence) are added fresh.
 */
import type { Acknowledgement } from '../../shared/protocol/domain.ts';
import type { MeetingSnapshot, SessionClaims, SyncReply } from '../../shared/protocol/socket.ts';
import { toWire } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { snapshotTasks } from '../followup/followup-views.ts';
import type { PresenceTracker } from './presence.ts';
import { canSeeAck, inSnapshot, isStaff, viewEvent } from './visibility.ts';

/** Beyond this many missed events a snapshot is cheaper than a replay. */
export const MAX_REPLAY_EVENTS = 2000;
/**
 * Beyond this much missed payload, bytes, a snapshot is cheaper too (a few `venues:updated` of a
 * big meeting carry the whole venue list each; parsing and re-serialising them blocks the server).
 */
export const MAX_REPLAY_BYTES = 1024 * 1024;
/** Meetings whose shared snapshot parts are kept (least recently used beyond it are dropped). */
const CACHED_MEETINGS = 32;

type SharedParts = Pick<MeetingSnapshot, 'seq' | 'meeting' | 'venues' | 'segments' | 'lists' | 'requirements'> & {
  /** Every ack of the meeting (staff snapshots), built on first use. */
  staffAcks: Acknowledgement[] | null;
};

const caches = new WeakMap<Store, Map<string, SharedParts>>();

function sharedParts(store: Store, meetingId: string): SharedParts {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const seq = store.events.lastSeq(meetingId);
  const hit = cache.get(meetingId);
  if (hit && hit.seq === seq) {
    cache.delete(meetingId);
    cache.set(meetingId, hit);
    return hit;
  }
  const meeting = store.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not_found');
  const parts: SharedParts = {
    seq,
    meeting,
    venues: store.venues.list(meetingId),
    segments: store.segments.list(meetingId),
    lists: store.requirements.lists(meetingId),
    requirements: store.requirements.list(meetingId).map(toWire),
    staffAcks: null,
  };
  cache.delete(meetingId);
  cache.set(meetingId, parts);
  if (cache.size > CACHED_MEETINGS) cache.delete(cache.keys().next().value ?? meetingId);
  return parts;
}

export function buildSnapshot(store: Store, presence: PresenceTracker, s: SessionClaims): MeetingSnapshot {
  const parts = sharedParts(store, s.meetingId);
  const staff = isStaff(s);
  const acks = staff ? (parts.staffAcks ??= store.acks.list(s.meetingId)) : store.acks.listForVenue(s.venueId).filter((a) => canSeeAck(s, a));
  const acked = new Set(staff ? [] : acks.map((a) => a.requirementId));
  return {
    seq: parts.seq,
    meeting: parts.meeting,
    venues: parts.venues,
    segments: parts.segments,
    lists: parts.lists,
    requirements: staff ? parts.requirements : parts.requirements.filter((r) => inSnapshot(s, r, acked)),
    acks,
    presence: presence.list(staff ? parts.venues.map((v) => v.id) : [s.venueId]),
    ...snapshotTasks(store, s),
  };
}

/** A replay costs 1 budget unit per REPLAY_EVENTS_PER_UNIT events plus 1 per REPLAY_BYTES_PER_UNIT of payload. */
export const REPLAY_EVENTS_PER_UNIT = 100;
export const REPLAY_BYTES_PER_UNIT = 64 * 1024;

/** What a sync reply will cost, decided before it is built: the socket pays first or is refused. */
export type SyncCharge = (reply: { kind: 'snapshot' } | { kind: 'events'; events: number; bytes: number }) => void;

/**
 * Reply to `sync { lastSeq }`: the missed events this session may see, or a snapshot (first load,
 * ahead of the server, more than MAX_REPLAY_EVENTS or MAX_REPLAY_BYTES behind).
 * `charge` runs before the reply is built (it throws to refuse).
 */
export function syncSession(
  store: Store,
  presence: PresenceTracker,
  s: SessionClaims,
  lastSeq: number | null,
  charge: SyncCharge = () => {},
): SyncReply {
  const current = store.events.lastSeq(s.meetingId);
  const replay = lastSeq === null || lastSeq > current || current - lastSeq > MAX_REPLAY_EVENTS ? null : store.events.sizeSince(s.meetingId, lastSeq, MAX_REPLAY_EVENTS);
  if (lastSeq === null || !replay || replay.bytes > MAX_REPLAY_BYTES) {
    charge({ kind: 'snapshot' });
    return { kind: 'snapshot', snapshot: buildSnapshot(store, presence, s) };
  }
  charge({ kind: 'events', ...replay });
  const events = store.events
    .since(s.meetingId, lastSeq, MAX_REPLAY_EVENTS)
    .map((e) => viewEvent(s, e))
    .filter((e) => e !== null);
  return { kind: 'events', events };
}
