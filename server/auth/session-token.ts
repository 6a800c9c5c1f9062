/**
 * Signed session tokens: `base64url(JSON claims).base64url(HMAC-SHA256)`. Stateless, so they
 * survive a restart as long as the secret does (config persists it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SessionClaims } from '../../shared/protocol/socket.ts';

const claimsSchema = z.object({
  role: z.enum(['host', 'secretary', 'venue']),
  meetingId: z.string().min(1).max(64),
  venueId: z.string().min(1).max(64),
  exp: z.number().int().positive(),
  cid: z.string().min(1).max(64).optional(),
});

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signSession(claims: SessionClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Claims of a valid, unexpired token, else null. `nowS` = seconds since the epoch. */
export function verifySession(token: unknown, secret: string, nowS = Date.now() / 1000): SessionClaims | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(raw);
  if (!claims.success || claims.data.exp <= nowS) return null;
  return claims.data;
}
