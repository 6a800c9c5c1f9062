import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';

/** Cheap parameters for the cases that do not test the defaults (the defaults cost ~0.1 s a hash). */
const FAST = { log2N: 10, r: 8, p: 1 };

describe('scrypt passwords', () => {
  it('stores parameters, salt and key with the hash, and verifies with the stored parameters', async () => {
    const hash = await hashPassword('正确的密码-2026');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('正确的密码-2026', hash)).toBe(true);
    expect(await verifyPassword('正确的密码-2025', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts every hash apart, and old parameters still verify but ask for a re-hash', async () => {
    const a = await hashPassword('same password', FAST);
    const b = await hashPassword('same password', FAST);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
    expect(needsRehash(a)).toBe(true);
  });

  it('treats full-width and half-width input as the same password (NFKC)', async () => {
    const hash = await hashPassword('Password123', FAST);
    expect(await verifyPassword('Ｐａｓｓｗｏｒｄ１２３', hash)).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const hash = await hashPassword('pw-long-enough', FAST);
    const parts = hash.split('$');
    const tampered = [...parts.slice(0, 5), Buffer.alloc(32).toString('base64url')].join('$');
    for (const bad of ['', 'plain', 'bcrypt$x', tampered, hash.replace('$10$', '$40$'), `${hash}$extra`, hash.slice(0, -4)]) {
      expect(await verifyPassword('pw-long-enough', bad)).toBe(false);
    }
  });
});
