/**
 * LiveKit webhooks → Luoshi attendance and meeting state. `interpretWebhook` is pure: it maps a
 * verified WebhookEvent to what it means for a meeting; `AttendanceTracker` orders the results
 * per venue, because LiveKit may deliver webhooks late, twice, or out of order.
 */
import type { WebhookEvent } from 'livekit-server-sdk';
import type { VenuePresence } from '../../shared/protocol/index.ts';
import { AGENT_IDENTITY, meetingIdFromRoomName } from './tokens.ts';

/** What a webhook means for Luoshi. */
export type RoomHappening =
  | {
      type: 'venue-joined' | 'venue-left';
      /** LiveKit's webhook id (deduplication). */
      eventId: string;
      meetingId: string;
      venueId: string;
      /** When the participant joined, ms since the epoch (from LiveKit). */
      joinedAtMs: number;
      /** When LiveKit emitted the event, ms since the epoch. */
      atMs: number;
    }
  | { type: 'room-finished'; eventId: string; meetingId: string; atMs: number }
  | { type: 'ignored'; reason: string };

/** Seconds-or-ms bigint timestamps from the protocol → ms (0 when absent). */
function toMs(seconds: bigint | undefined, ms?: bigint): number {
  if (ms !== undefined && ms > 0n) return Number(ms);
  return seconds !== undefined ? Number(seconds) * 1000 : 0;
}

/** Maps a verified webhook to its meaning. Secretaries and the hidden agent are not venues. */
export function interpretWebhook(event: WebhookEvent, receivedAtMs: number): RoomHappening {
  const roomName = event.room?.name;
  const meetingId = roomName ? meetingIdFromRoomName(roomName) : null;
  if (!meetingId) return { type: 'ignored', reason: 'room not named by Luoshi' };
  const atMs = toMs(event.createdAt) || receivedAtMs;
  switch (event.event) {
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted': {
      const identity = event.participant?.identity;
      if (!identity) return { type: 'ignored', reason: 'no participant' };
      if (identity === AGENT_IDENTITY || identity.endsWith(':secretary')) {
        return { type: 'ignored', reason: 'not a venue' };
      }
      return {
        type: event.event === 'participant_joined' ? 'venue-joined' : 'venue-left',
        eventId: event.id,
        meetingId,
        venueId: identity,
        joinedAtMs: toMs(event.participant?.joinedAt, event.participant?.joinedAtMs) || atMs,
        atMs,
      };
    }
    case 'room_finished':
      return { type: 'room-finished', eventId: event.id, meetingId, atMs };
    default:
      return { type: 'ignored', reason: `event ${event.event || 'unknown'}` };
  }
}

/** Max remembered webhook ids (deduplication window). */
const SEEN_EVENT_IDS_MAX = 10_000;

/**
 * Per-venue attendance built from webhooks. A `left` for an older session than the one now
 * joined (reconnect: join of session 2 delivered before leave of session 1) is dropped.
 */
export class AttendanceTracker {
  private readonly sessions = new Map<string, { joinedAtMs: number; presence: VenuePresence }>();
  private readonly seen = new Set<string>();

  /** Applies a join/leave; returns the new presence, or null when the event changes nothing. */
  apply(happening: Extract<RoomHappening, { type: 'venue-joined' | 'venue-left' }>): VenuePresence | null {
    if (happening.eventId) {
      if (this.seen.has(happening.eventId)) return null;
      this.seen.add(happening.eventId);
      if (this.seen.size > SEEN_EVENT_IDS_MAX) {
        const oldest = this.seen.values().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
    }
    const key = `${happening.meetingId}\u0000${happening.venueId}`;
    const current = this.sessions.get(key);
    if (current && happening.joinedAtMs < current.joinedAtMs) return null;
    const joinedAt = new Date(happening.joinedAtMs).toISOString();
    const presence: VenuePresence =
      happening.type === 'venue-joined'
        ? { venueId: happening.venueId, online: true, joinedAt, leftAt: null }
        : { venueId: happening.venueId, online: false, joinedAt, leftAt: new Date(happening.atMs).toISOString() };
    // Same session already left: a late join or a repeated leave changes nothing.
    if (current && current.joinedAtMs === happening.joinedAtMs && !current.presence.online) return null;
    this.sessions.set(key, { joinedAtMs: happening.joinedAtMs, presence });
    return presence;
  }

  /** Everyone still online in a meeting goes offline (the room finished). */
  closeMeeting(meetingId: string, atMs: number): VenuePresence[] {
    const closed: VenuePresence[] = [];
    for (const [key, session] of this.sessions) {
      if (!key.startsWith(`${meetingId}\u0000`)) continue;
      if (session.presence.online) {
        const presence = { ...session.presence, online: false, leftAt: new Date(atMs).toISOString() };
        closed.push(presence);
      }
      this.sessions.delete(key);
    }
    return closed;
  }
}
