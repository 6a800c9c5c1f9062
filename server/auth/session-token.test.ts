import { describe, expect, it } from 'vitest';
import { signSession, verifySession } from './session-token.ts';

const SECRET = 'a-secret-of-enough-length';
const CLAIMS = { role: 'venue' as const, meetingId: 'm1', venueId: 'v1', exp: 2_000_000_000 };

describe('session tokens', () => {
  it('round-trips claims', () => {
    expect(verifySession(signSession(CLAIMS, SECRET), SECRET, 1_000)).toEqual(CLAIMS);
  });
  it('rejects expiry, another secret, tampering and junk', () => {
    const token = signSession(CLAIMS, SECRET);
    expect(verifySession(token, SECRET, CLAIMS.exp)).toBeNull();
    expect(verifySession(token, 'another-secret-value', 1_000)).toBeNull();
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...CLAIMS, role: 'host' })).toString('base64url');
    expect(verifySession(`${forged}.${sig}`, SECRET, 1_000)).toBeNull();
    for (const junk of [undefined, 42, '', '.', 'a.b.c', 'x'.repeat(5000)]) expect(verifySession(junk, SECRET, 1_000)).toBeNull();
  });
  it('rejects well-signed tokens whose claims are malformed', () => {
    const bad = signSession({ ...CLAIMS, role: 'admin' } as unknown as typeof CLAIMS, SECRET);
    expect(verifySession(bad, SECRET, 1_000)).toBeNull();
  });
});
