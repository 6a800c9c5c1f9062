/**
 * Who may see what: pure functions over a session. Staff (host, secretary) see everything of
 * their meeting; a venue sees `all` events, published requirements and its own acknowledgements.
 */
import type { Acknowledgement, Requirement } from '../../shared/protocol/domain.ts';
import type { MeetingEvent } from '../../shared/protocol/events.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { StoredEvent } from '../db/repositories/events.ts';

export const isStaff = (s: SessionClaims): boolean => s.role === 'host' || s.role === 'secretary';

/** The event as venues receive it: `prevSeq` follows the venue chain (staff-only events skipped). */
export function venueView(stored: StoredEvent): MeetingEvent {
  return { ...stored.event, prevSeq: stored.prevPublicSeq };
}

/** The event as this session receives it (venues get the venue-chain `prevSeq`), or null if hidden. */
export function viewEvent(s: SessionClaims, stored: StoredEvent): MeetingEvent | null {
  if (stored.event.meetingId !== s.meetingId) return null;
  if (isStaff(s)) return stored.event;
  const own = stored.venueId !== null && stored.venueId === s.venueId;
  if (stored.event.audience !== 'all' && !own) return null;
  return venueView(stored);
}

export function canSeeRequirement(s: SessionClaims, r: Requirement): boolean {
  return r.meetingId === s.meetingId && (isStaff(s) || r.status === 'published');
}

/**
 * Requirements in a session's snapshot: staff see all; a venue sees the live published ones,
 * and any it acknowledged that were withdrawn or retracted since (shown struck through).
 */
export function inSnapshot(s: SessionClaims, r: Requirement, ackedByVenue: ReadonlySet<string>): boolean {
  if (r.meetingId !== s.meetingId) return false;
  if (isStaff(s)) return true;
  const live = r.status !== 'withdrawn' && r.retractedAt === null;
  return (live && r.status === 'published') || ackedByVenue.has(r.id);
}

export function canSeeAck(s: SessionClaims, a: Acknowledgement): boolean {
  return a.meetingId === s.meetingId && (isStaff(s) || a.venueId === s.venueId);
}

/** Audience of a requirement event: venues see published requirements only. */
export function requirementAudience(r: Requirement): 'all' | 'staff' {
  return r.status === 'published' ? 'all' : 'staff';
}
