/**
 * Who may still be in a meeting: a session issued from a join code lasts while that code is the
 * venue's current one and the token has not expired. Sessions are renewed silently while their
 * code is valid; the host rotates a venue's code (a new one replaces it) or revokes it, and
 * every session issued from the old code ends at once.
 */
import type { Role } from '../../shared/protocol/domain.ts';
import type { JoinCodeEntry } from '../../shared/protocol/rest.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { generateJoinCode, joinCodeId } from '../auth/join-code.ts';
import { signSession } from '../auth/session-token.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';

export interface AccessServiceDeps {
  store: Store;
  secret: string;
  tokenTtlS: number;
  now?: () => Date;
}

/** A renewed session: the new token and its claims. */
export interface RenewedSession {
  token: string;
  session: SessionClaims;
}

export function createAccessService({ store, secret, tokenTtlS, now = () => new Date() }: AccessServiceDeps) {
  /** The venue's code for `role`, checked against the meeting: host/secretary codes are the main venue's. */
  async function slot(meetingId: string, venueId: string, role: Role): Promise<void> {
    const venue = await store.venues.get(venueId);
    if (!venue || venue.meetingId !== meetingId) throw new DomainError('not_found');
    if (venue.isMain === (role === 'venue')) throw new DomainError('bad_request', [`role ${role} has no code at this venue`]);
  }

  /**
   * Host and secretary codes speak for the main venue; a host who joined with a code must not be
   * able to lock the other code holders out. Only a host session the organiser opened (no code) may.
   */
  function mayChange(by: SessionClaims, role: Role): void {
    if (by.role !== 'host') throw new DomainError('forbidden');
    if (role !== 'venue' && by.cid !== undefined) throw new DomainError('forbidden', ['host and secretary codes are changed from the organiser archive']);
  }

  async function entry(meetingId: string, venueId: string, role: Role): Promise<JoinCodeEntry> {
    const venue = await store.venues.get(venueId);
    if (!venue) throw new DomainError('not_found');
    const code = (await store.venues.codeFor(meetingId, venueId, role))?.code ?? null;
    return { role, venueId, venueName: venue.name, level: venue.level, parentId: venue.parentId, code, path: code ? `/join/${code}` : null };
  }

  async function audit(by: SessionClaims, action: string, venueId: string, role: Role): Promise<void> {
    await store.audit.record({ meetingId: by.meetingId, at: now().toISOString(), role: by.role, venueId: by.venueId, action, targetId: venueId, before: null, after: { role } });
  }

  /** True while the session may act: its code (if it came from one) is still the current code. */
  async function isCurrent(s: SessionClaims): Promise<boolean> {
    if (s.cid === undefined) return true;
    const record = await store.venues.codeFor(s.meetingId, s.venueId, s.role);
    if (record) return joinCodeId(record.code) === s.cid;
    // No code: revoked — unless the whole meeting is gone, which its routes answer with 404.
    return (await store.meetings.get(s.meetingId)) === null;
  }

  return {
    isCurrent,

    /** A fresh token for a session whose code is still valid (clients renew before expiry). */
    async renew(s: SessionClaims, nowS = Math.floor(now().getTime() / 1000)): Promise<RenewedSession> {
      // A session the organiser opened is bounded by the organiser's login: it is opened again from the archive.
      if (s.cid === undefined) throw new DomainError('conflict', ['session was not issued from a join code']);
      if (!(await isCurrent(s))) throw new DomainError('unauthorized');
      const session: SessionClaims = { ...s, exp: nowS + tokenTtlS };
      return { token: signSession(session, secret), session };
    },

    /** Replace the code: the old one and every session from it stop working. */
    async rotate(by: SessionClaims, venueId: string, role: Role): Promise<JoinCodeEntry> {
      mayChange(by, role);
      await slot(by.meetingId, venueId, role);
      await store.tx(async () => {
        // Holds the meeting's lock (PostgreSQL): two rotations at once (two nodes) would otherwise each
        // delete the old code and insert their own.
        await store.meetings.get(by.meetingId);
        await store.venues.deleteCodes(by.meetingId, venueId, role);
        await store.venues.insertCode({ code: generateJoinCode(), meetingId: by.meetingId, role, venueId });
        await audit(by, 'code:rotate', venueId, role);
      });
      return entry(by.meetingId, venueId, role);
    },

    /** Remove the code without a replacement (rotate later to issue one). */
    async revoke(by: SessionClaims, venueId: string, role: Role): Promise<JoinCodeEntry> {
      mayChange(by, role);
      await slot(by.meetingId, venueId, role);
      await store.tx(async () => {
        await store.meetings.get(by.meetingId);
        await store.venues.deleteCodes(by.meetingId, venueId, role);
        await audit(by, 'code:revoke', venueId, role);
      });
      return entry(by.meetingId, venueId, role);
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
