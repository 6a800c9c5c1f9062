/**
 * Organiser login throttling. Only wrong guesses cost budget; a correct password never does.
 * Buckets (token buckets in memory, or shared windows in Redis):
 * - per account × source — the source is the browser's device (a device token from an earlier
 *   login of this account) or else the client IP: a few guesses, then one a minute;
 * - per account over all sources, and per IP over all accounts — larger, against guessing
 *   from many addresses and against trying many accounts from one. A browser with a valid
 *   device token skips both, so other people's wrong guesses (behind the same NAT, or an
 *   attack on the account from elsewhere) never lock out the account's own user.
 * Budget is checked before the password is, and a blocked attempt is refused whether or not the
 * password is right: otherwise the refusal itself would tell a guesser which guess was right.
 * With several nodes the counts are shared through Redis (failure-limiter.ts).
 */
import { memoryFailureLimiters, type FailureLimiter, type FailureLimiterFactory } from './failure-limiter.ts';

export interface LoginLimitOptions {
  /** Wrong guesses per account from one device or IP, in a burst. */
  perSourceBurst: number;
  /** Then one more per this many ms. */
  perSourceRefillMs: number;
  /** Wrong guesses per account from all sources without a device token, in a burst. */
  perAccountBurst: number;
  perAccountRefillMs: number;
  /** Wrong guesses per IP over all accounts (no device token), in a burst: sized for a NAT of many users. */
  perIpBurst: number;
  perIpRefillMs: number;
}

export const LOGIN_LIMIT_DEFAULTS: LoginLimitOptions = {
  perSourceBurst: 5,
  perSourceRefillMs: 60_000,
  perAccountBurst: 30,
  perAccountRefillMs: 60_000,
  perIpBurst: 100,
  perIpRefillMs: 6_000,
};

/** One login attempt as the limiter sees it. */
export interface LoginAttempt {
  /** The username as typed, compared case-insensitively. */
  username: string;
  ip: string;
  /** Device id from a valid device token of *this* account, else null. */
  deviceId: string | null;
}

export interface LoginLimiter {
  /** 0 when the attempt may proceed, else how long to wait, ms. */
  waitMs(attempt: LoginAttempt, nowMs?: number): Promise<number>;
  /** Record a wrong guess (unknown username or wrong password). */
  failed(attempt: LoginAttempt, nowMs?: number): Promise<void>;
}

/** `limiters`: where the counts live (default this process; several nodes share them through Redis). */
export function createLoginLimiter(options: Partial<LoginLimitOptions> = {}, limiters: FailureLimiterFactory = memoryFailureLimiters): LoginLimiter {
  const o = { ...LOGIN_LIMIT_DEFAULTS, ...options };
  const perSource = limiters('login-source', { burst: o.perSourceBurst, refillMs: o.perSourceRefillMs });
  const perAccount = limiters('login-account', { burst: o.perAccountBurst, refillMs: o.perAccountRefillMs });
  const perIp = limiters('login-ip', { burst: o.perIpBurst, refillMs: o.perIpRefillMs });

  const buckets = (a: LoginAttempt): [FailureLimiter, string][] => {
    const account = a.username.trim().toLowerCase();
    if (a.deviceId !== null) return [[perSource, `${account}\u0000dev:${a.deviceId}`]];
    return [[perSource, `${account}\u0000ip:${a.ip}`], [perAccount, account], [perIp, a.ip]];
  };

  return {
    async waitMs(attempt, nowMs = Date.now()) {
      return Math.max(0, ...(await Promise.all(buckets(attempt).map(([limiter, key]) => limiter.waitMs(key, nowMs)))));
    },
    async failed(attempt, nowMs = Date.now()) {
      await Promise.all(buckets(attempt).map(([limiter, key]) => limiter.fail(key, nowMs)));
    },
  };
}
