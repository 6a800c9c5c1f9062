/**
 * Snapshots and replay for one session.
 *
 * A snapshot's `seq` is the meeting's last seq read *before* its contents: other writes may
 * commit while it is built, so the contents are at least as new as `seq`, never older. A
 * client replaying from `seq` then re-applies events it already holds, which is harmless (every
 * event carries the whole new state of what it changed); missing one would not be.
 *
 * The parts every session of a meeting shares (meeting, venues, transcript, lists, requirements)
 * are built once per `seq` and reused until the next event: fifty venues asking for a snapshot
 * of an unchanged meeting cost one build. Every change of those parts is a sequenced event, so
 * `seq` is an exact cache key — for parts built while no event was committed, which is checked
 * before they are cached. Per-session parts (a venue's own acks, presence) are added fresh.
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

function cacheOf(store: Store): Map<string, SharedParts> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  return cache;
}

/** Keep `parts` as the meeting's entry (most recently used); a newer entry is not replaced by an older one. */
function remember(cache: Map<string, SharedParts>, meetingId: string, parts: SharedParts): void {
  const held = cache.get(meetingId);
  if (held && held.seq > parts.seq) return;
  cache.delete(meetingId);
  cache.set(meetingId, parts);
  if (cache.size > CACHED_MEETINGS) cache.delete(cache.keys().next().value ?? meetingId);
}

async function sharedParts(store: Store, meetingId: string): Promise<SharedParts> {
  const cache = cacheOf(store);
  const seq = await store.events.lastSeq(meetingId);
  const hit = cache.get(meetingId);
  if (hit && hit.seq === seq) {
    remember(cache, meetingId, hit);
    return hit;
  }
  const meeting = await store.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not_found');
  const parts: SharedParts = {
    seq,
    meeting,
    venues: await store.venues.list(meetingId),
    segments: await store.segments.list(meetingId),
    lists: await store.requirements.lists(meetingId),
    requirements: (await store.requirements.list(meetingId)).map(toWire),
    staffAcks: null,
  };
  // An event committed during the reads may show in some parts: fine for this reply (newer than
  // `seq`), but cached under `seq` it would be served as that state. Kept only when none was.
  if ((await store.events.lastSeq(meetingId)) === seq) remember(cache, meetingId, parts);
  return parts;
}

export async function buildSnapshot(store: Store, presence: PresenceTracker, s: SessionClaims): Promise<MeetingSnapshot> {
  const parts = await sharedParts(store, s.meetingId);
  const staff = isStaff(s);
  // Read after `parts.seq`, so at least as new (a cached entry is only hit while its seq is current).
  const acks = staff ? (parts.staffAcks ??= await store.acks.list(s.meetingId)) : (await store.acks.listForVenue(s.venueId)).filter((a) => canSeeAck(s, a));
  const acked = new Set(staff ? [] : acks.map((a) => a.requirementId));
  return {
    seq: parts.seq,
    meeting: parts.meeting,
    venues: parts.venues,
    segments: parts.segments,
    lists: parts.lists,
    requirements: staff ? parts.requirements : parts.requirements.filter((r) => inSnapshot(s, r, acked)),
    acks,
    presence: await presence.list(staff ? parts.venues.map((v) => v.id) : [s.venueId]),
    ...(await snapshotTasks(store, s)),
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
export async function syncSession(
  store: Store,
  presence: PresenceTracker,
  s: SessionClaims,
  lastSeq: number | null,
  charge: SyncCharge = () => {},
): Promise<SyncReply> {
  const current = await store.events.lastSeq(s.meetingId);
  const replay =
    lastSeq === null || lastSeq > current || current - lastSeq > MAX_REPLAY_EVENTS ? null : await store.events.sizeSince(s.meetingId, lastSeq, MAX_REPLAY_EVENTS);
  if (lastSeq === null || !replay || replay.bytes > MAX_REPLAY_BYTES) {
    charge({ kind: 'snapshot' });
    return { kind: 'snapshot', snapshot: await buildSnapshot(store, presence, s) };
  }
  charge({ kind: 'events', ...replay });
  const events = (await store.events.since(s.meetingId, lastSeq, MAX_REPLAY_EVENTS)).map((e) => viewEvent(s, e)).filter((e) => e !== null);
  return { kind: 'events', events };
}
