/**
 * Limits on failed attempts (wrong join codes, wrong passwords) per key, where the count lives:
 * - one node: in memory (rate-limit.ts token buckets: `burst`, then one more per `refillMs`);
 * - several nodes (REDIS_URL): in Redis, shared by every node, so N nodes do not allow N× the
 *   guesses. A fixed window per key: INCR, and PEXPIRE NX of `burst × refillMs` on the first
 *   failure — `burst` failures per window, the same long-run rate as the bucket (at a window's
 *   edge up to twice the burst). If Redis does not answer within REDIS_TIMEOUT_MS the node
 *   counts in memory meanwhile (logged): a Redis outage does not block logins or joins, and the
 *   limits hold per node until it is back.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RedisClient } from '../realtime/redis-adapter.ts';
import { createRateLimiter } from './rate-limit.ts';

/** How long a Redis round trip may take before the node counts in memory instead, ms. */
export const REDIS_TIMEOUT_MS = 1000;
/** After Redis failed, count in memory this long before asking it again, ms (no request waits on a dead Redis). */
export const REDIS_RETRY_MS = 5000;

export interface FailureLimitOptions {
  /** Failures in a burst (Redis: per window). */
  burst: number;
  /** Then one more per this many ms (Redis: the window is burst × refillMs). */
  refillMs: number;
}

/** Failed attempts of one kind, per key (an IP, a code prefix, an account). */
export interface FailureLimiter {
  /** How long until `key` may fail again, ms (0: now). Counts nothing. */
  waitMs(key: string, nowMs?: number): Promise<number>;
  /** Count one failure of `key`: 0 while it was within the limit, else how long until it is again, ms. */
  fail(key: string, nowMs?: number): Promise<number>;
}

/** Makes the limiter of one kind (`name` keeps kinds apart in a shared store). */
export type FailureLimiterFactory = (name: string, options: FailureLimitOptions) => FailureLimiter;

/** In this process only. */
export const memoryFailureLimiters: FailureLimiterFactory = (_name, options) => {
  const buckets = createRateLimiter(options);
  return {
    waitMs: async (key, nowMs = Date.now()) => buckets.waitMs(key, nowMs),
    async fail(key, nowMs = Date.now()) {
      const allowed = buckets.allowed(key, nowMs);
      buckets.consume(key, nowMs);
      return allowed ? 0 : Math.max(1, buckets.waitMs(key, nowMs));
    },
  };
};

/** Shared by every node through Redis, under `prefix:limit:<name>:`. */
export function redisFailureLimiters(client: RedisClient, prefix: string, log: FastifyBaseLogger): FailureLimiterFactory {
  let degraded = false;
  let retryAtMs = 0;
  /** Redis's answer, or the in-memory one when Redis fails or is slow. */
  async function orLocal<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (degraded && Date.now() < retryAtMs) return local();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        remote(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
      if (degraded) log.info('failed-attempt limits shared through redis again');
      degraded = false;
      return answer;
    } catch (err) {
      if (!degraded) log.error({ err }, 'failed-attempt limits counted on this node only: redis unavailable');
      degraded = true;
      retryAtMs = Date.now() + REDIS_RETRY_MS;
      return local();
    } finally {
      clearTimeout(timer);
    }
  }

  return (name, options) => {
    const local = memoryFailureLimiters(name, options);
    const windowMs = options.burst * options.refillMs;
    const keyOf = (key: string) => `${prefix}:limit:${name}:${key}`;
    return {
      waitMs: (key, nowMs) =>
        orLocal(async () => {
          const k = keyOf(key);
          const [count, ttl] = await client.multi().get(k).pTTL(k).exec();
          return Number(count ?? 0) >= options.burst ? Math.max(1, Number(ttl)) : 0;
        }, () => local.waitMs(key, nowMs)),
      fail: (key, nowMs) =>
        orLocal(async () => {
          const k = keyOf(key);
          // One round trip; NX keeps the window where the first failure started it.
          const [count, , ttl] = await client.multi().incr(k).pExpire(k, windowMs, 'NX').pTTL(k).exec();
          return Number(count) <= options.burst ? 0 : Math.max(1, Number(ttl));
        }, () => local.fail(key, nowMs)),
    };
  };
}
