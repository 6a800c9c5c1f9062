/**
 * ASR leases (issue 15) on both databases, two "nodes" being two connections to one database:
 * of two nodes racing for a meeting exactly one wins; a lease is taken over only once it expired
 * or was released, and the epoch then moves on; only the holder renews; a node that stalled
 * learns at its next renewal that it lost the meeting, and is fenced off from storing meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Dialect } from '../../server/db/database.ts';
import { createStore, type Store } from '../../server/db/store.ts';
import { createAsrLeaseKeeper, LeaseLostError } from '../../server/meeting/asr-lease.ts';
import type { FastifyBaseLogger } from 'fastify';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../helpers/databases.ts';
import { until } from '../helpers/until.ts';

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await dropDatabases();
});

const quiet = () => undefined;
// The keeper only logs; a silent stand-in of Fastify's logger.
const log = { info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, fatal: quiet, child: () => log, level: 'silent', silent: quiet } as unknown as FastifyBaseLogger;
const TTL = 1000;

/** Two stores on one fresh database of `dialect`. */
async function twoNodes(dialect: Dialect): Promise<[Store, Store]> {
  const target = dialect === 'postgres' ? await freshDatabaseUrl() : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-lease-')), 'luoshi.db');
  const a = await openDatabase(target);
  const b = await openDatabase(target);
  opened.push(a, b);
  return [createStore(a), createStore(b)];
}

async function seedMeeting(store: Store, id: string): Promise<string> {
  const at = '2026-12-04T09:00:00.000Z';
  await sql`INSERT INTO meetings (id, title, organiser, scheduled_at, status, publish_mode, speakers, glossary, created_at)
    VALUES (${id}, ${'全省公安工作推进会'}, ${'省公安厅'}, ${at}, 'live', 'auto', '[]', '[]', ${at})`.execute(store.database.kysely);
  return id;
}

/** A keeper whose clock the test moves and whose renewals run only when the test ticks. */
function keeper(store: Store, nodeId: string, clock: { now: number }) {
  return createAsrLeaseKeeper({ repo: store.asrLeases, nodeId, log, ttlMs: TTL, renewMs: 300, clock: () => clock.now, timer: () => () => {} });
}

describe.each(TEST_DIALECTS)('asr leases on %s', (dialect) => {
  it('two nodes racing for a meeting: exactly one wins, every time', async () => {
    const [a, b] = await twoNodes(dialect);
    for (let i = 0; i < 10; i++) {
      const meetingId = await seedMeeting(a, `race-${i}`);
      const [ga, gb] = await Promise.all([a.asrLeases.acquire(meetingId, 'node-a', 0, TTL), b.asrLeases.acquire(meetingId, 'node-b', 0, TTL)]);
      expect([ga, gb].filter((g) => g !== null)).toHaveLength(1);
      const winner = ga ?? gb;
      expect(winner).toMatchObject({ epoch: 1, expiresAt: TTL });
      expect((await a.asrLeases.holder(meetingId))?.nodeId).toBe(winner?.nodeId);
    }
  });

  it('taken over only after expiry or release; the epoch moves on; only the holder renews', async () => {
    const [a, b] = await twoNodes(dialect);
    const meetingId = await seedMeeting(a, 'expiry');
    expect(await a.asrLeases.acquire(meetingId, 'node-a', 0, TTL)).toMatchObject({ nodeId: 'node-a', epoch: 1 });
    expect(await b.asrLeases.acquire(meetingId, 'node-b', 500, TTL)).toBeNull();
    // The holder renews (keeping its epoch); the other node cannot.
    expect(await b.asrLeases.renew(meetingId, 'node-b', 1, 5000)).toBe(false);
    expect(await a.asrLeases.renew(meetingId, 'node-a', 1, 1800)).toBe(true);
    expect(await a.asrLeases.acquire(meetingId, 'node-a', 900, TTL)).toMatchObject({ epoch: 1, acquiredAt: 0, expiresAt: 1900 });
    expect(await b.asrLeases.acquire(meetingId, 'node-b', 1800, TTL)).toBeNull();
    // Expired: node b takes it, and node a's renewals fail from now on.
    const handover = { uplinkId: 'uplink-0001', streamId: 'abcd1234', chunkSeq: 42, atMs: 4200.5 };
    expect(await a.asrLeases.renew(meetingId, 'node-a', 1, 1900, handover)).toBe(true);
    const taken = await b.asrLeases.acquire(meetingId, 'node-b', 2000, TTL);
    expect(taken).toMatchObject({ nodeId: 'node-b', epoch: 2, acquiredAt: 2000, handover });
    expect(await a.asrLeases.renew(meetingId, 'node-a', 1, 3000)).toBe(false);
    expect(await a.asrLeases.fence(meetingId, 'node-a', 1)).toBe(false);
    expect(await b.asrLeases.fence(meetingId, 'node-b', 2)).toBe(true);
    // Released: anyone may take it at once; the handover written at release is what they find.
    const last = { ...handover, chunkSeq: 50, atMs: 5000 };
    expect(await b.asrLeases.release(meetingId, 'node-b', 2, last)).toBe(true);
    expect(await a.asrLeases.acquire(meetingId, 'node-a', 2100, TTL)).toMatchObject({ nodeId: 'node-a', epoch: 3, handover: last });
    // Reclaiming (a restarted node with a spool written at epoch 3) works at that epoch only.
    expect(await b.asrLeases.reclaim(meetingId, 'node-a2', 2, 2200, TTL)).toBeNull();
    expect(await b.asrLeases.reclaim(meetingId, 'node-a2', 3, 2200, TTL)).toMatchObject({ nodeId: 'node-a2', epoch: 4 });
    expect(await a.asrLeases.unheldLive(2300)).toEqual([]);
    expect(await a.asrLeases.unheldLive(2200 + TTL + 1)).toEqual([meetingId]);
  });

  it('a stalled keeper learns at its next renewal that the meeting was taken over, and is fenced off before that', async () => {
    const [a, b] = await twoNodes(dialect);
    const meetingId = await seedMeeting(a, 'stall');
    const clock = { now: 0 };
    const ka = keeper(a, 'node-a', clock);
    const kb = keeper(b, 'node-b', clock);
    const lost: string[] = [];
    let using = true;
    ka.use({ inUse: () => using, lost: (id) => lost.push(id) });
    kb.use({ inUse: () => true });

    expect(await ka.claim(meetingId)).toMatchObject({ epoch: 1, takenOver: false, handover: null });
    await expect(kb.claim(meetingId)).rejects.toMatchObject({ code: 'transcribing_elsewhere', retryable: true });
    clock.now = 600;
    await ka.tick();
    await ka.fence(meetingId);
    // Node a stalls: no renewal past its expiry; node b takes the meeting over.
    clock.now = 600 + TTL + 1;
    expect(await kb.claim(meetingId)).toMatchObject({ epoch: 2, takenOver: true });
    await expect(ka.fence(meetingId)).rejects.toBeInstanceOf(LeaseLostError);
    expect(ka.epoch(meetingId)).toBe(1);
    await ka.tick();
    expect(lost).toEqual([meetingId]);
    expect(ka.epoch(meetingId)).toBeNull();
    await kb.fence(meetingId);

    // Node b stops using it: released at its next round, and node a gets it back, told it was away.
    kb.use({ inUse: () => false });
    await kb.close();
    expect(kb.epoch(meetingId)).toBeNull();
    expect(await ka.claim(meetingId)).toMatchObject({ epoch: 3, takenOver: true });
    using = false;
    await ka.releaseIfIdle(meetingId);
    // Still pinned right after the claim (a stream is about to open); released once the pin ran out.
    expect(ka.epoch(meetingId)).toBe(3);
    clock.now += 300;
    await ka.tick();
    expect(ka.epoch(meetingId)).toBeNull();
    expect((await a.asrLeases.holder(meetingId))?.expiresAt).toBe(0);
    await ka.close();
  });

  it('a hand-off gives the lease straight to the named node, never while in use, and only from the epoch it held', async () => {
    const [a, b] = await twoNodes(dialect);
    const meetingId = await seedMeeting(a, 'handoff');
    const clock = { now: 0 };
    const ka = keeper(a, 'node-a', clock);
    const kb = keeper(b, 'node-b', clock);
    let using = true;
    ka.use({ inUse: () => using });
    kb.use({ inUse: () => true });
    expect(await ka.claim(meetingId)).toMatchObject({ epoch: 1 });
    // A stream of the meeting still open here: no hand-off.
    expect(await ka.handOff(meetingId, 'node-b')).toBe(false);
    expect(ka.epoch(meetingId)).toBe(1);
    using = false;
    expect(await ka.handOff(meetingId, 'node-b')).toBe(true);
    expect(ka.epoch(meetingId)).toBeNull();
    expect(await a.asrLeases.holder(meetingId)).toMatchObject({ nodeId: 'node-b', epoch: 2, expiresAt: TTL });
    // Nobody else gets it in between; node b's claim keeps the epoch it was handed.
    expect(await a.asrLeases.acquire(meetingId, 'node-c', 10, TTL)).toBeNull();
    expect(await kb.claim(meetingId)).toMatchObject({ epoch: 2, takenOver: true });
    // Node a's hand-off from its old epoch changes nothing any more.
    expect(await ka.handOff(meetingId, 'node-c')).toBe(false);
    expect(await a.asrLeases.holder(meetingId)).toMatchObject({ nodeId: 'node-b', epoch: 2 });
    await ka.close();
    await kb.close();
  });

  it.runIf(dialect === 'postgres')('a takeover waits for the holder transaction that passed the fence', async () => {
    const [a, b] = await twoNodes(dialect);
    const meetingId = await seedMeeting(a, 'fence');
    expect(await a.asrLeases.acquire(meetingId, 'node-a', 0, TTL)).not.toBeNull();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let fenced!: () => void;
    const passed = new Promise<void>((r) => (fenced = r));
    const tx = a.tx(async () => {
      expect(await a.asrLeases.fence(meetingId, 'node-a', 1)).toBe(true);
      fenced();
      await held;
    });
    await passed;
    let taken = false;
    const take = b.asrLeases.acquire(meetingId, 'node-b', 5000, TTL).then((l) => {
      taken = true;
      return l;
    });
    // The takeover's statement is blocked on the lease row the transaction share-locked.
    const waiting = async () =>
      Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(a.database.kysely)).rows[0]?.n ?? 0) > 0;
    await until(waiting, 'the takeover to wait for the lock');
    expect(taken).toBe(false);
    release();
    await tx;
    expect(await take).toMatchObject({ nodeId: 'node-b', epoch: 2 });
  });
});
