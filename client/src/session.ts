/**
 * The signed-in session (from POST /api/join), kept in sessionStorage so a reload of the same
 * tab stays in the meeting while another tab (another venue) can hold its own session.
 */
import type { Role, SessionClaims } from '../../shared/protocol/index.ts';

/** What the client keeps about its session: the token's claims plus display fields. */
export interface Session extends SessionClaims {
  token: string;
  /** Venue display name, e.g. 红河州公安局. */
  venueName: string;
}

const STORAGE_KEY = 'luoshi.session';

function isRole(value: unknown): value is Role {
  return value === 'host' || value === 'secretary' || value === 'venue';
}

function field(source: Record<string, unknown> | undefined, key: string): unknown {
  return source ? source[key] : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined; // plain JSON object
}

/**
 * Build a session from the join response. Accepts `{ token, role, meetingId, venueId, exp }`
 * with optional `session`/`claims` and `venue` sub-objects, so small server shape changes
 * do not break the join page. Returns null when essential fields are missing.
 */
export function sessionFromJoinResponse(body: unknown): Session | null {
  const top = asRecord(body);
  const claims = asRecord(field(top, 'session')) ?? asRecord(field(top, 'claims')) ?? top;
  const venue = asRecord(field(top, 'venue'));
  const token = field(top, 'token');
  const role = field(claims, 'role') ?? field(top, 'role');
  const meetingId = field(claims, 'meetingId') ?? field(top, 'meetingId');
  const venueId = field(claims, 'venueId') ?? field(top, 'venueId') ?? field(venue, 'id');
  const exp = field(claims, 'exp') ?? field(top, 'exp') ?? field(top, 'expiresAt');
  const venueName = field(venue, 'name') ?? field(top, 'venueName') ?? '';
  if (typeof token !== 'string' || !isRole(role) || typeof meetingId !== 'string' || typeof venueId !== 'string') return null;
  let expSeconds = 0;
  if (typeof exp === 'number') expSeconds = exp > 1e12 ? Math.floor(exp / 1000) : exp;
  else if (typeof exp === 'string') expSeconds = Math.floor(Date.parse(exp) / 1000) || 0;
  return { token, role, meetingId, venueId, venueName: typeof venueName === 'string' ? venueName : '', exp: expSeconds };
}

export function loadSession(nowMs = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = sessionFromJoinResponse(JSON.parse(raw));
    if (!session) return null;
    if (session.exp > 0 && session.exp * 1000 < nowMs) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** Where each role works. */
export function homePath(role: Role): string {
  return role === 'host' ? '/host' : role === 'secretary' ? '/secretary' : '/venue';
}
