import { expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

it('allows a burst of failures, then one per refill period, per key', () => {
  const rl = createRateLimiter({ burst: 3, refillMs: 1000 });
  for (let i = 0; i < 3; i++) {
    expect(rl.allowed('ip', 0)).toBe(true);
    rl.consume('ip', 0);
  }
  expect(rl.allowed('ip', 0)).toBe(false);
  expect(rl.allowed('other', 0)).toBe(true);
  expect(rl.allowed('ip', 999)).toBe(false);
  expect(rl.allowed('ip', 1000)).toBe(true);
});

it('keeps its map bounded by sweeping full buckets', () => {
  const rl = createRateLimiter({ burst: 2, refillMs: 10, maxKeys: 100 });
  for (let i = 0; i < 100; i++) rl.consume(`k${i}`, 0);
  rl.consume('late', 1_000);
  expect(rl.size()).toBeLessThanOrEqual(2);
});
