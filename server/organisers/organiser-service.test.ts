/**
 * Organiser accounts on every test database, with a controlled clock; on PostgreSQL also two
 * server nodes (two pools on one database) changing accounts at the same moment.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../../test/helpers/databases.ts';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { hashPassword } from '../auth/password.ts';
import { openDatabase, type Database, type Dialect } from '../db/database.ts';
import { createStore, type Store } from '../db/store.ts';
import { createOrganiserService, generatePassword } from './organiser-service.ts';

const SECRET = 'a-secret-of-enough-length';
/** Cheap scrypt for tests that are not about hashing cost. */
const FAST = { log2N: 10, r: 8, p: 1 };
const ADMIN = { username: 'bgs', password: 'first-password', displayName: '市公安局办公室' };

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await dropDatabases();
});

/** `count` stores on one database: a fresh PostgreSQL database, or (one node only) SQLite in memory. */
async function stores(dialect: Dialect, count = 1): Promise<Store[]> {
  const target = dialect === 'postgres' ? await freshDatabaseUrl() : ':memory:';
  const out: Store[] = [];
  for (let i = 0; i < count; i++) {
    const d = await openDatabase(target);
    opened.push(d);
    out.push(createStore(d));
  }
  return out;
}

describe.each(TEST_DIALECTS)('organiser service on %s', (dialect) => {
  const service = (store: Store, clock: () => Date, ttlS = 3600) =>
    createOrganiserService({ store, secret: SECRET, sessionTtlS: ttlS, limiter: createLoginLimiter(), clock, scrypt: FAST });

  async function setup(ttlS = 3600) {
    const [store] = await stores(dialect);
    if (!store) throw new Error('no store');
    let nowMs = Date.parse('2026-12-03T01:00:00.000Z');
    return { store, service: service(store, () => new Date(nowMs), ttlS), advance: (ms: number) => (nowMs += ms) };
  }

  it('creates the first organiser once, from settings, and gives it the meetings from before accounts', async () => {
    const { store, service } = await setup();
    await sql`INSERT INTO meetings (id,title,organiser,scheduled_at,status,publish_mode,speakers,glossary,created_at)
      VALUES ('old','旧会议','市公安局','2026-01-01T09:00:00+08:00','ended','auto','[]','[]','2026-01-01T00:00:00Z')`.execute(store.database.kysely);
    const first = await service.bootstrap(ADMIN);
    expect(first).toMatchObject({ organiser: { username: 'bgs', displayName: '市公安局办公室', isAdmin: true }, generatedPassword: null, adoptedMeetings: 1 });
    expect(await store.meetings.ownerOf('old')).toBe(first?.organiser.id);
    expect(await service.bootstrap(ADMIN)).toBeNull();
    expect(await store.organisers.count()).toBe(1);
  });

  it('generates a readable password when none is configured', async () => {
    const { service } = await setup();
    const first = await service.bootstrap(null);
    expect(first?.organiser.username).toBe('admin');
    expect(first?.generatedPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await expect(service.login({ username: 'ADMIN', password: first?.generatedPassword ?? '' }, '10.0.0.1')).resolves.toMatchObject({ organiser: { username: 'admin' } });
    expect(new Set(Array.from({ length: 20 }, generatePassword)).size).toBe(20);
  });

  it('sessions expire, and logout revokes them', async () => {
    const { service, advance } = await setup(600);
    await service.bootstrap(ADMIN);
    const a = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    expect(a.token).toMatch(/^lso_[A-Za-z0-9_-]{43}$/);
    expect((await service.authenticate(a.token)).organiser.username).toBe('bgs');
    advance(599_000);
    expect((await service.authenticate(a.token)).organiser.username).toBe('bgs');
    advance(1_000);
    await expect(service.authenticate(a.token)).rejects.toThrow(/login_required/);

    const b = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    await service.logout(await service.authenticate(b.token));
    await expect(service.authenticate(b.token)).rejects.toThrow(/login_required/);
    for (const bad of [undefined, '', 'lso_', 'lso_unknown', b.token.replace('lso_', 'xyz_'), `lso_${'a'.repeat(200)}`]) {
      await expect(service.authenticate(bad)).rejects.toThrow(/login_required/);
    }
  });

  it('stores only a hash of the session token', async () => {
    const { store, service } = await setup();
    await service.bootstrap(ADMIN);
    const a = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    const { rows } = await sql<{ token_hash: string }>`SELECT token_hash FROM organiser_sessions`.execute(store.database.kysely);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(a.token.slice(4));
  });

  it('a password change ends the other sessions; an admin reset or disabling ends all of them', async () => {
    const { service } = await setup();
    const first = await service.bootstrap(ADMIN);
    const here = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    const there = await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.2');
    await expect(service.changePassword(await service.authenticate(here.token), 'wrong', 'next-password-1', '10.0.0.1')).rejects.toThrow(/invalid_credentials/);
    await service.changePassword(await service.authenticate(here.token), ADMIN.password, 'next-password-1', '10.0.0.1');
    await expect(service.authenticate(there.token)).rejects.toThrow(/login_required/);
    expect((await service.authenticate(here.token)).organiser.username).toBe('bgs');
    await expect(service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1')).rejects.toThrow(/invalid_credentials/);

    const admin = await service.authenticate(here.token);
    const dept = await service.create(admin, { username: 'jjzd', displayName: '交警支队', password: 'dept-password-1', isAdmin: false });
    const deptSession = await service.login({ username: 'jjzd', password: 'dept-password-1' }, '10.0.0.3');
    await expect(service.list(await service.authenticate(deptSession.token))).rejects.toThrow(/forbidden/);
    await service.update(admin, dept.id, { disabled: true });
    await expect(service.authenticate(deptSession.token)).rejects.toThrow(/login_required/);
    await expect(service.login({ username: 'jjzd', password: 'dept-password-1' }, '10.0.0.3')).rejects.toThrow(/invalid_credentials/);
    // the last active administrator cannot be disabled or demoted
    await expect(service.update(admin, first?.organiser.id ?? '', { disabled: true })).rejects.toThrow(/conflict/);
    await expect(service.update(admin, first?.organiser.id ?? '', { isAdmin: false })).rejects.toThrow(/conflict/);
    expect((await service.authenticate(here.token)).organiser.isAdmin).toBe(true);
    await expect(service.create(admin, { username: 'JJZD', displayName: 'x', password: 'dept-password-2', isAdmin: false })).rejects.toThrow(/conflict/);
  });

  it('upgrades a hash made with weaker parameters on the next successful login', async () => {
    const { store, service } = await setup();
    await service.bootstrap(ADMIN);
    const id = (await store.organisers.findByUsername('bgs'))?.id ?? '';
    await store.organisers.upgradeHash(id, await hashPassword(ADMIN.password, { log2N: 10, r: 4, p: 1 }));
    await service.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1');
    expect((await store.organisers.get(id))?.passwordHash.startsWith('scrypt$10$8$1$')).toBe(true);
  });

  it('throttles wrong guesses but never the right password from another browser of the account', async () => {
    const { service } = await setup();
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

  // Two server nodes on one PostgreSQL database (SQLite is one process's file).
  it.runIf(dialect === 'postgres')('two nodes starting at once create the first organiser once', async () => {
    const clock = () => new Date('2026-12-03T01:00:00.000Z');
    const [a, b] = await stores(dialect, 2);
    if (!a || !b) throw new Error('no store');
    const results = await Promise.all([service(a, clock).bootstrap(null), service(b, clock).bootstrap(null)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await b.organisers.count()).toBe(1);
  });

  it.runIf(dialect === 'postgres')('two administrators disabling each other at once on two nodes leave one active', async () => {
    const clock = () => new Date('2026-12-03T01:00:00.000Z');
    const [a, b] = await stores(dialect, 2);
    if (!a || !b) throw new Error('no store');
    const [onA, onB] = [service(a, clock), service(b, clock)];
    await onA.bootstrap(ADMIN);
    const first = await onA.authenticate((await onA.login({ username: 'bgs', password: ADMIN.password }, '10.0.0.1')).token);
    const other = await onA.create(first, { username: 'zhb', displayName: '指挥中心', password: 'other-password-1', isAdmin: true });
    const second = await onB.authenticate((await onB.login({ username: 'zhb', password: 'other-password-1' }, '10.0.0.2')).token);
    const results = await Promise.allSettled([onA.update(first, other.id, { disabled: true }), onB.update(second, first.organiser.id, { disabled: true })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'conflict' });
    expect(await a.organisers.activeAdminCount()).toBe(1);
  });
});
