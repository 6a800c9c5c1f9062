import { describe, expect, it } from 'vitest';
import { issueDeviceToken, verifyDeviceToken } from './device-token.ts';
import { createLoginLimiter } from './login-limiter.ts';

const SECRET = 'a-secret-of-enough-length';
const opts = { perSourceBurst: 3, perSourceRefillMs: 60_000, perAccountBurst: 6, perAccountRefillMs: 60_000, perIpBurst: 8, perIpRefillMs: 10_000 };

describe('login limiter', () => {
  it('limits wrong guesses per account and IP, then allows one per refill period', async () => {
    const l = createLoginLimiter(opts);
    const a = { username: 'bgs', ip: '10.0.0.1', deviceId: null };
    for (let i = 0; i < 3; i++) {
      expect(await l.waitMs(a, 0)).toBe(0);
      await l.failed(a, 0);
    }
    expect(await l.waitMs(a, 0)).toBe(60_000);
    // case-insensitive account, same source
    expect(await l.waitMs({ ...a, username: 'BGS' }, 0)).toBeGreaterThan(0);
    expect(await l.waitMs(a, 60_000)).toBe(0);
  });

  it('behind one NAT: one user’s wrong guesses never lock out another account', async () => {
    const l = createLoginLimiter(opts);
    const nat = '10.0.0.1';
    for (let i = 0; i < 3; i++) await l.failed({ username: 'typo-user', ip: nat, deviceId: null }, 0);
    expect(await l.waitMs({ username: 'typo-user', ip: nat, deviceId: null }, 0)).toBeGreaterThan(0);
    expect(await l.waitMs({ username: 'bgs', ip: nat, deviceId: null }, 0)).toBe(0);
  });

  it('a browser with the account’s device token is never locked out by guesses from elsewhere', async () => {
    const l = createLoginLimiter(opts);
    // an attack on bgs from many addresses exhausts the account bucket
    for (let i = 0; i < 6; i++) await l.failed({ username: 'bgs', ip: `10.9.0.${i}`, deviceId: null }, 0);
    expect(await l.waitMs({ username: 'bgs', ip: '10.1.1.1', deviceId: null }, 0)).toBeGreaterThan(0);
    // the user's own browser still gets in, and its own mistakes are counted apart
    const own = { username: 'bgs', ip: '10.1.1.1', deviceId: 'dev-1' };
    expect(await l.waitMs(own, 0)).toBe(0);
    for (let i = 0; i < 3; i++) await l.failed(own, 0);
    expect(await l.waitMs(own, 0)).toBeGreaterThan(0);
    expect(await l.waitMs({ ...own, deviceId: 'dev-2' }, 0)).toBe(0);
  });

  it('limits one IP spraying many accounts', async () => {
    const l = createLoginLimiter(opts);
    for (let i = 0; i < 8; i++) await l.failed({ username: `user${i}`, ip: '10.6.6.6', deviceId: null }, 0);
    expect(await l.waitMs({ username: 'fresh', ip: '10.6.6.6', deviceId: null }, 0)).toBe(10_000);
    expect(await l.waitMs({ username: 'fresh', ip: '10.6.6.7', deviceId: null }, 0)).toBe(0);
  });
});

describe('device tokens', () => {
  it('verify only with the same secret and untouched', () => {
    const t = issueDeviceToken('org-1', SECRET, 'dev-1');
    expect(verifyDeviceToken(t, SECRET)).toEqual({ organiserId: 'org-1', deviceId: 'dev-1' });
    expect(verifyDeviceToken(t, 'another-secret-value-123')).toBeNull();
    const [, sig] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ o: 'org-2', d: 'dev-1' })).toString('base64url');
    expect(verifyDeviceToken(`${forged}.${sig}`, SECRET)).toBeNull();
    for (const junk of [undefined, 7, '', 'a.b', 'x'.repeat(600)]) expect(verifyDeviceToken(junk, SECRET)).toBeNull();
  });
});
