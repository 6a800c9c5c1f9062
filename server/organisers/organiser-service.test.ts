/** Organiser accounts on a real SQLite database, with a controlled clock. */
import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { hashPassword } from '../auth/password.ts';
import { openDatabase } from '../db/database.ts';
import { createStore } from '../db/store.ts';
import { createOrganiserService, generatePassword } from './organiser-service.ts';

const SECRET = 'a-secret-of-enough-length';
/** Cheap scrypt for tests that are not about hashing cost. */
const FAST = { log2N: 10, r: 8, p: 1 };
const ADMIN = { username: 'bgs', password: 'first-password', displayName: '市公安局办公室' };

function setup(ttlS = 3600) {
  const store = createStore(openDatabase(':memory:'));
  let nowMs = Date.parse('2026-12-03T01:00:00.000Z');
  const service = createOrganiserService({ store, secret: SECRET, sessionTtlS: ttlS, limiter: createLoginLimiter(), clock: () => new Date(nowMs), scrypt: FAST });
  return { store, service, advance: (ms: number) => (nowMs += ms) };
}

describe('organiser service', () => {
  it('creates the first organiser once, from settings, and gives it the meetings from before accounts', async () => {
    const { store, service } = setup();
    store.db.exec(`INSERT INTO meetings (id,title,organiser,scheduled_at,status,publish_mode,speakers,glossary,created_at)
      VALUES ('old','旧会议','市公安局','2026-01-01T09:00:00+08:00','ended','auto','[]','[]','2026-01-01T00:00:00Z')`);
    const first = await service.bootstrap(ADMIN);
    expect(first).toMatchObject({ organiser: { username: 'bgs', displayName: '市公安局办公室', isAdmin: true }, generatedPassword: null, adoptedMeetings: 1 });
    expect(store.meetings.ownerOf('old')).toBe(first?.organiser.id);
    expect(await service.bootstrap(ADMIN)).toBeNull();
    expect(store.organisers.count()).toBe(1);
  });

  it('generates a readable password when none is configured', async () => {
    const { service } = setup();
    const first = await service.bootstrap(null);
    expect(first?.organiser.username).toBe('admin');
    expect(first?.generatedPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await expect(service.login({ username: 'ADMIN', password: first?.generatedPassword ?? '' }, '10.0.0.1')).resolves.toMatchObject({ organiser: { username: 'admin' } });
    expect(new Set(Array.from({ length: 20 }, generatePassword)).size).toBe(20);
  });

  it('sessions expire, and logout revokes them', async () => {
    const { service, advance } = setup(600);
    await service.bootstrap(ADMIN);
    const a = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    expect(a.token).toMatch(/^lso_[A-Za-z0-9_-]{43}$/);
    expect(service.authenticate(a.token).organiser.username).toBe('bgs');
    advance(599_000);
    expect(service.authenticate(a.token).organiser.username).toBe('bgs');
    advance(1_000);
    expect(() => service.authenticate(a.token)).toThrow(/login_required/);

    const b = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    service.logout(service.authenticate(b.token));
    expect(() => service.authenticate(b.token)).toThrow(/login_required/);
    for (const bad of [undefined, '', 'lso_', 'lso_unknown', b.token.replace('lso_', 'xyz_'), `lso_${'a'.repeat(200)}`]) {
      expect(() => service.authenticate(bad)).toThrow(/login_required/);
    }
  });

  it('stores only a hash of the session token', async () => {
    const { store, service } = setup();
    await service.bootstrap(ADMIN);
    const a = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    const rows = store.db.prepare('SELECT token_hash FROM organiser_sessions').all() as { token_hash: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(a.token.slice(4));
  });

  it('a password change ends the other sessions; an admin reset or disabling ends all of them', async () => {
    const { service } = setup();
    const first = await service.bootstrap(ADMIN);
    const here = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    const there = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.2');
    await expect(service.changePassword(service.authenticate(here.token), 'wrong', 'next-password-1', '10.0.0.1')).rejects.toThrow(/invalid_credentials/);
    await service.changePassword(service.authenticate(here.token), ADMIN.password, 'next-password-1', '10.0.0.1');
    expect(() => service.authenticate(there.token)).toThrow(/login_required/);
    expect(service.authenticate(here.token).organiser.username).toBe('bgs');
    await expect(service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1')).rejects.toThrow(/invalid_credentials/);

    const admin = service.authenticate(here.token);
    const dept = await service.create(admin, { username: 'jjzd', displayName: '交警支队', password: 'dept-password-1', isAdmin: false });
    const deptSession = await service.login({ username: 'jjzd', password: 'dept-password-1' }, '10.0.0.3');
    expect(() => service.list(service.authenticate(deptSession.token))).toThrow(/forbidden/);
    await service.update(admin, dept.id, { disabled: true });
    expect(() => service.authenticate(deptSession.token)).toThrow(/login_required/);
    await expect(service.login({ username: 'jjzd', password: 'dept-password-1' }, '10.0.0.3')).rejects.toThrow(/invalid_credentials/);
    // the last active administrator cannot be disabled or demoted
    await expect(service.update(admin, first?.organiser.id ?? '', { disabled: true })).rejects.toThrow(/conflict/);
    await expect(service.update(admin, first?.organiser.id ?? '', { isAdmin: false })).rejects.toThrow(/conflict/);
    expect(service.authenticate(here.token).organiser.isAdmin).toBe(true);
    await expect(service.create(admin, { username: 'JJZD', displayName: 'x', password: 'dept-password-2', isAdmin: false })).rejects.toThrow(/conflict/);
  });

  it('upgrades a hash made with weaker parameters on the next successful login', async () => {
    const { store, service } = setup();
    await service.bootstrap(ADMIN);
    const id = store.organisers.findByUsername('bgs')?.id ?? '';
    store.organisers.upgradeHash(id, await hashPassword(ADMIN.password, { log2N: 10, r: 4, p: 1 }));
    await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    expect(store.organisers.get(id)?.passwordHash.startsWith('scrypt$10$8$1$')).toBe(true);
  });

  it('throttles wrong guesses but never the right password from another browser of the account', async () => {
    const { service } = setup();
    await service.bootstrap(ADMIN);
    const good = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    for (let i = 0; i < 5; i++) await expect(service.login({ username: 'bgs', password: `guess-${i}` }, '10.0.0.66')).rejects.toThrow(/invalid_credentials/);
    // from the guessing address even the right password waits: a refusal must not reveal which guess was right
    await expect(service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.66')).rejects.toThrow(/rate_limited/);
    // the same NAT address with this account's device token is counted apart
    await expect(service.login({ username: 'bgs', password: ADMIN.password, deviceToken: good.deviceToken }, '10.0.0.66')).resolves.toMatchObject({ organiser: { username: 'bgs' } });
    // a device token of another account does not help
    await expect(service.login({ username: 'nobody', password: 'x', deviceToken: good.deviceToken }, '10.0.0.66')).rejects.toThrow(/invalid_credentials/);
  });
});
