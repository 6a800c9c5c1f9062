/**
 * Device tokens: issued to a browser after a successful organiser login and sent with its next
 * login attempts, so the login limiter can count that browser's wrong guesses apart from
 * everyone else's. HMAC-signed `{ organiserId, deviceId }`; stateless. A device token alone
 * grants nothing: the password is still required.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Domain separation: a device token can never verify as a meeting session token. */
const PURPOSE = 'luoshi-device-token\n';

const claimsSchema = z.object({ o: z.string().min(1).max(64), d: z.string().min(1).max(64) });

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE + body).digest();
}

/** A new device token for the account. */
export function issueDeviceToken(organiserId: string, secret: string, deviceId = randomBytes(12).toString('base64url')): string {
  const body = Buffer.from(JSON.stringify({ o: organiserId, d: deviceId })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The device's id and account, or null for anything not signed by this server. */
export function verifyDeviceToken(token: unknown, secret: string): { organiserId: string; deviceId: string } | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return claims.success ? { organiserId: claims.data.o, deviceId: claims.data.d } : null;
  } catch {
    return null;
  }
}
