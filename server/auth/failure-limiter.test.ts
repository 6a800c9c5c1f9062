import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { RedisClient } from '../realtime/redis-adapter.ts';
import { memoryFailureLimiters, redisFailureLimiters, REDIS_RETRY_MS, REDIS_TIMEOUT_MS } from './failure-limiter.ts';

const REDIS_URL = process.env.LUOSHI_TEST_REDIS_URL ?? '';
const OPTIONS = { burst: 3, refillMs: 1000 };

const logged: string[] = [];
// The limiter only logs; a stand-in of Fastify's logger that keeps the messages.
const log = { info: (_f: unknown, m?: string) => logged.push(m ?? String(_f)), error: (_f: unknown, m?: string) => logged.push(m ?? '') } as unknown as FastifyBaseLogger;

/** A client whose every transaction fails (`reject`) or never answers. */
function brokenClient(mode: 'reject' | 'hang'): RedisClient {
  const chain = {
    get: () => chain, pTTL: () => chain, incr: () => chain, pExpire: () => chain,
    exec: () => (mode === 'reject' ? Promise.reject(new Error('connection lost')) : new Promise(() => {})),
  };
  // Only multi() is used by the limiter: the stub has just that.
  return { multi: () => chain } as unknown as RedisClient;
}

describe('failure limiter in memory', () => {
  it('allows the burst, refuses the next with a wait, and allows again after the refill', async () => {
    const l = memoryFailureLimiters('t', OPTIONS);
    for (let i = 0; i < 3; i++) expect(await l.fail('10.0.0.1', 0)).toBe(0);
    expect(await l.waitMs('10.0.0.1', 0)).toBe(1000);
    expect(await l.fail('10.0.0.1', 0)).toBeGreaterThan(0);
    expect(await l.waitMs('10.0.0.2', 0)).toBe(0);
    expect(await l.fail('10.0.0.1', 2000)).toBe(0);
  });
});

describe('failure limiter through redis', () => {
  it('counts in memory when redis fails or does not answer, and says so once', async () => {
    for (const mode of ['reject', 'hang'] as const) {
      logged.length = 0;
      const l = redisFailureLimiters(brokenClient(mode), 'p', log)('t', OPTIONS);
      const t0 = Date.now();
      for (let i = 0; i < 3; i++) expect(await l.fail('10.0.0.1', 0)).toBe(0);
      expect(await l.fail('10.0.0.1', 0)).toBeGreaterThan(0);
      // Only the first request waited for Redis; the others counted in memory at once.
      if (mode === 'hang') expect(Date.now() - t0).toBeGreaterThanOrEqual(REDIS_TIMEOUT_MS - 50);
      expect(Date.now() - t0).toBeLessThan(REDIS_TIMEOUT_MS + REDIS_RETRY_MS);
      expect(logged.filter((m) => m.includes('redis unavailable'))).toHaveLength(1);
    }
  });

  const clients: RedisClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.quit();
  });

  it.skipIf(!REDIS_URL)('two limiters on one redis share one window per key', async () => {
    const a = createClient({ url: REDIS_URL });
    const b = createClient({ url: REDIS_URL });
    clients.push(a, b);
    await Promise.all([a.connect(), b.connect()]);
    const prefix = `t${Date.now().toString(36)}`;
    const onA = redisFailureLimiters(a, prefix, log)('join-ip', OPTIONS);
    const onB = redisFailureLimiters(b, prefix, log)('join-ip', OPTIONS);
    expect(await onA.fail('10.0.0.1')).toBe(0);
    expect(await onB.fail('10.0.0.1')).toBe(0);
    expect(await onB.waitMs('10.0.0.1')).toBe(0);
    expect(await onA.fail('10.0.0.1')).toBe(0);
    const wait = await onB.fail('10.0.0.1');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(OPTIONS.burst * OPTIONS.refillMs);
    expect(await onA.waitMs('10.0.0.1')).toBeGreaterThan(0);
    expect(await onA.waitMs('10.0.0.2')).toBe(0);
    // The window is set once, by the first failure: it expires and the key is gone.
    expect(await a.pTTL(`${prefix}:limit:join-ip:10.0.0.1`)).toBeGreaterThan(0);
    await a.del(`${prefix}:limit:join-ip:10.0.0.1`);
  });
});
