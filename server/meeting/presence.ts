/**
 * Venue presence, in memory: a venue is online while it has at least one socket connection or
 * LiveKit reports it in the room. Changes go to the meeting's staff. After a restart every venue
 * starts offline and comes back as its clients reconnect. One node only: with several nodes the
 * Redis tracker (presence-redis.ts) keeps the same state where all of them see it.
 */
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import type { Broadcaster } from './broadcaster.ts';

/** LiveKit attendance report for one venue (issue 6's webhook handler calls this). */
export interface AttendanceUpdate {
  online: boolean;
  /** ISO-8601; defaults to now when online becomes true. */
  joinedAt?: string;
  /** ISO-8601; defaults to now when online becomes false. */
  leftAt?: string;
}

interface VenueState {
  meetingId: string;
  sockets: number;
  livekit: boolean;
  joinedAt: string | null;
  leftAt: string | null;
}

/** A venue came online or went offline (the merged state of sockets and LiveKit). */
export interface PresenceTransition {
  meetingId: string;
  venueId: string;
  online: boolean;
  /** When, ISO-8601: LiveKit's reported time when it gave one, else now. */
  at: string;
}

/**
 * Mutations return at once (callers are socket events and webhooks); an implementation that has
 * to reach a shared store applies them in call order per venue and logs its failures. Reads are
 * asynchronous for the same reason.
 */
export interface PresenceTracker {
  socketConnected(meetingId: string, venueId: string): void;
  socketDisconnected(meetingId: string, venueId: string): void;
  attendance(meetingId: string, venueId: string, update: AttendanceUpdate): void;
  get(venueId: string): Promise<VenuePresence>;
  /** In the order of `venueIds`. */
  list(venueIds: string[]): Promise<VenuePresence[]>;
  /** Stop sharing: this node's connections no longer count (a no-op in memory). */
  close(): Promise<void>;
}

/** A venue nobody reported yet. */
export const unknownPresence = (venueId: string): VenuePresence => ({ venueId, online: false, joinedAt: null, leftAt: null });

/**
 * `onTransition` sees every online/offline change (the app stores them as attendance, so the
 * minutes survive a restart).
 */
export function createPresenceTracker(
  broadcaster: Broadcaster,
  now: () => string = () => new Date().toISOString(),
  onTransition: (t: PresenceTransition) => void = () => {},
): PresenceTracker {
  const venues = new Map<string, VenueState>();

  const view = (venueId: string, s: VenueState | undefined): VenuePresence => ({
    venueId,
    online: s ? s.sockets > 0 || s.livekit : false,
    joinedAt: s?.joinedAt ?? null,
    leftAt: s?.leftAt ?? null,
  });

  function change(meetingId: string, venueId: string, mutate: (s: VenueState) => void, reportedAt?: string): void {
    const s = venues.get(venueId) ?? { meetingId, sockets: 0, livekit: false, joinedAt: null, leftAt: null };
    const before = view(venueId, s);
    mutate(s);
    const wasOnline = before.online;
    const isOnline = s.sockets > 0 || s.livekit;
    if (!wasOnline && isOnline) s.joinedAt ??= now();
    if (wasOnline && !isOnline) s.leftAt ??= now();
    if (wasOnline !== isOnline) onTransition({ meetingId, venueId, online: isOnline, at: reportedAt ?? now() });
    venues.set(venueId, s);
    const after = view(venueId, s);
    if (after.online !== before.online || after.joinedAt !== before.joinedAt || after.leftAt !== before.leftAt) {
      broadcaster.presence(meetingId, after);
    }
  }

  return {
    socketConnected: (m, v) =>
      change(m, v, (s) => {
        if (s.sockets === 0 && !s.livekit) s.leftAt = null;
        s.sockets += 1;
      }),
    socketDisconnected: (m, v) =>
      change(m, v, (s) => {
        s.sockets = Math.max(0, s.sockets - 1);
        if (s.sockets === 0 && !s.livekit) s.leftAt = null;
      }),
    attendance: (m, v, u) =>
      change(m, v, (s) => {
        s.livekit = u.online;
        if (u.online) {
          if (u.joinedAt) s.joinedAt = u.joinedAt;
          s.leftAt = null;
        } else if (u.leftAt) {
          s.leftAt = u.leftAt;
        } else if (s.sockets === 0) {
          s.leftAt = null;
        }
      }, u.online ? u.joinedAt : u.leftAt),
    get: async (venueId) => view(venueId, venues.get(venueId)),
    list: async (ids) => ids.map((id) => view(id, venues.get(id))),
    close: async () => {},
  };
}
