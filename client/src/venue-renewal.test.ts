import { describe, expect, it } from 'vitest';
import { MIN_RENEW_DELAY_MS, RENEW_BEFORE_MS, renewalDelayMs } from './venue-renewal.ts';

describe('renewalDelayMs', () => {
  const now = Date.parse('2026-12-04T00:00:00Z');
  it('renews an hour before the token expires', () => {
    expect(renewalDelayMs(now / 1000 + 24 * 3600, now)).toBe(24 * 3_600_000 - RENEW_BEFORE_MS);
  });
  it('waits at least a minute, even for a token about to expire or expired', () => {
    expect(renewalDelayMs(now / 1000 + 1800, now)).toBe(MIN_RENEW_DELAY_MS);
    expect(renewalDelayMs(now / 1000 - 10, now)).toBe(MIN_RENEW_DELAY_MS);
  });
});
