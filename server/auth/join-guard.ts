/**
 * Wrong join codes, limited per client IP and per code prefix. A valid code is never refused:
 * codes carry 120 random bits, so the limit is not what keeps them secret — it bounds what one
 * guessing client costs and makes guessing visible — and one bad client behind a county's NAT
 * must not lock out every venue there. The prefix bucket catches guessing spread over many IPs
 * around one code (someone holding part of it). With several nodes the counts are shared
 * through Redis (failure-limiter.ts), so the limits hold for the whole deployment.
 */
import { memoryFailureLimiters, type FailureLimiterFactory } from './failure-limiter.ts';

/** Characters of a code that form its prefix bucket (24 bits: random guesses rarely share one). */
export const CODE_PREFIX_LENGTH = 4;
/** Wrong guesses one prefix takes in a burst, from all clients together. */
export const PREFIX_BURST = 20;

/** Which limit a wrong guess ran into. */
export type JoinLimitScope = 'ip' | 'prefix';

export interface JoinGuard {
  /**
   * Count a wrong code from `ip`. Returns null while both limits hold, else the limit that is
   * exhausted and how long until it has room again (ms) — answer 429 instead of 404.
   */
  wrongCode(ip: string, code: string, nowMs?: number): Promise<{ scope: JoinLimitScope; retryAfterMs: number } | null>;
}

/** `limiters`: where the counts live (default this process; several nodes share them through Redis). */
export function createJoinGuard(options: { burst: number; refillMs: number; prefixBurst?: number }, limiters: FailureLimiterFactory = memoryFailureLimiters): JoinGuard {
  const perIp = limiters('join-ip', { burst: options.burst, refillMs: options.refillMs });
  const perPrefix = limiters('join-prefix', { burst: options.prefixBurst ?? PREFIX_BURST, refillMs: options.refillMs });
  return {
    async wrongCode(ip, code, nowMs = Date.now()) {
      const prefix = code.slice(0, CODE_PREFIX_LENGTH);
      const [ipWaitMs, prefixWaitMs] = await Promise.all([perIp.fail(ip, nowMs), perPrefix.fail(prefix, nowMs)]);
      if (ipWaitMs > 0) return { scope: 'ip', retryAfterMs: ipWaitMs };
      if (prefixWaitMs > 0) return { scope: 'prefix', retryAfterMs: prefixWaitMs };
      return null;
    },
  };
}
