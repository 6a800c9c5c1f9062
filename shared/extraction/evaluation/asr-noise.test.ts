import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { asrNoise, seededRandom } from './asr-noise.ts';

const TEXT = '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要抓好宣传发动工作。第二，要走访听取意见。'.repeat(20);

describe('asrNoise', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(asrNoise(TEXT, { seed: 7, swapRate: 0.03 })).toBe(asrNoise(TEXT, { seed: 7, swapRate: 0.03 }));
    expect(asrNoise(TEXT, { seed: 7, swapRate: 0.03 })).not.toBe(asrNoise(TEXT, { seed: 8, swapRate: 0.03 }));
  });
  it('drops punctuation and swaps about the given share of characters for homophones', () => {
    const clean = asrNoise(TEXT, { seed: 1, swapRate: 0 });
    const noisy = asrNoise(TEXT, { seed: 1, swapRate: 0.03 });
    expect(clean).not.toMatch(/[，。]/);
    expect(noisy).toHaveLength(clean.length);
    const swapped = [...clean].map((ch, i) => [ch, noisy[i] ?? ''] as const).filter(([a, b]) => a !== b);
    const rate = swapped.length / clean.length;
    expect(rate).toBeGreaterThan(0.015);
    expect(rate).toBeLessThan(0.045);
    for (const [a, b] of swapped) {
      if (/\d/.test(b)) continue;
      // Same syllable (tone aside) as the reading in context or alone.
      expect(pinyin(b, { toneType: 'none' })).toBe(pinyin(a, { toneType: 'none' }));
    }
  });
  it('mishears marker characters the way recognisers do (地二, 第2, 二事, 二耀)', () => {
    const out = asrNoise('第二第二第二第二是要是要是要'.repeat(50), { seed: 3, swapRate: 0.5 });
    expect(out).toMatch(/[地弟]二|第2/);
    expect(out).toMatch(/[事时]/);
    expect(out).toMatch(/[耀药]/);
  });
  it('seededRandom is uniform enough to pick homophones', () => {
    const rnd = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => rnd());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
