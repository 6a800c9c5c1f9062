/**
 * In-memory token bucket per key (client IP, code prefix) for failed attempts: `burst` tokens,
 * one more every `refillMs`. Bounded: beyond `maxKeys`, keys that are full again are swept, and
 * if that is not enough the oldest go (so a flood of distinct keys costs O(1) per attempt on average).
 */
export interface RateLimiter {
  /** True when `key` still has budget (does not consume). */
  allowed(key: string, nowMs?: number): boolean;
  /** Consume one token for `key` (a failed attempt). */
  consume(key: string, nowMs?: number): void;
  /** How long until `key` has budget again, ms (0 when it has). */
  waitMs(key: string, nowMs?: number): number;
  size(): number;
}

export function createRateLimiter(options: { burst: number; refillMs: number; maxKeys?: number }): RateLimiter {
  const { burst, refillMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; updatedMs: number }>();

  function current(key: string, nowMs: number): { tokens: number; updatedMs: number } {
    const b = buckets.get(key) ?? { tokens: burst, updatedMs: nowMs };
    const refilled = Math.min(burst, b.tokens + (nowMs - b.updatedMs) / refillMs);
    return { tokens: refilled, updatedMs: nowMs };
  }

  function sweep(nowMs: number): void {
    for (const [key, b] of buckets) {
      if (b.tokens + (nowMs - b.updatedMs) / refillMs >= burst) buckets.delete(key);
    }
  }

  return {
    allowed(key, nowMs = Date.now()) {
      return current(key, nowMs).tokens >= 1;
    },
    consume(key, nowMs = Date.now()) {
      const b = current(key, nowMs);
      b.tokens = Math.max(0, b.tokens - 1);
      // Re-inserted, so insertion order is last-use order for the eviction above.
      buckets.delete(key);
      buckets.set(key, b);
      if (buckets.size > maxKeys) {
        sweep(nowMs);
        // Still full of fresh keys (a flood of distinct ones): forget the oldest tenth.
        for (const oldest of buckets.keys()) {
          if (buckets.size <= maxKeys * 0.9) break;
          buckets.delete(oldest);
        }
      }
    },
    waitMs(key, nowMs = Date.now()) {
      const tokens = current(key, nowMs).tokens;
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * refillMs);
    },
    size: () => buckets.size,
  };
}
