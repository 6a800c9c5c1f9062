import { describe, expect, it } from 'vitest';
import { LinearResampler, PcmChunker, chunkSamplesFor, floatToInt16, levelFraction, rmsDbfs, wireRateFor } from './pcm.ts';

describe('floatToInt16', () => {
  it('maps full scale to the Int16 limits and clamps beyond', () => {
    expect(Array.from(floatToInt16(Float32Array.from([0, 1, -1, 2, -2, 0.5])))).toEqual([0, 32767, -32768, 32767, -32768, 16384]);
  });
});

describe('PcmChunker', () => {
  it('emits fixed-size chunks across 128-sample blocks and flushes the rest', () => {
    const chunker = new PcmChunker(300);
    const out: Int16Array[] = [];
    for (let i = 0; i < 5; i++) out.push(...chunker.push(new Float32Array(128).fill(0.25)));
    expect(out.map((c) => c.length)).toEqual([300, 300]);
    expect(chunker.flush().length).toBe(640 - 600);
    expect(out[0]?.[0]).toBe(Math.round(0.25 * 32767));
  });

  it('refuses chunks over the 64 KB message cap', () => {
    expect(() => new PcmChunker(40_000)).toThrow(RangeError);
    expect(chunkSamplesFor(48000) * 2).toBeLessThanOrEqual(64 * 1024);
    expect(chunkSamplesFor(48000)).toBe(4800);
  });
});

describe('levels', () => {
  it('computes RMS dBFS with a floor', () => {
    expect(rmsDbfs(new Float32Array(480).fill(1))).toBeCloseTo(0, 5);
    expect(rmsDbfs(new Float32Array(480).fill(0.1))).toBeCloseTo(-20, 5);
    expect(rmsDbfs(new Float32Array(480))).toBe(-90);
    expect(levelFraction(-30)).toBeCloseTo(0.5);
    expect(levelFraction(-100)).toBe(0);
  });
});

describe('LinearResampler', () => {
  it('turns 44.1 kHz into about a third as many 16 kHz samples, continuous across blocks', () => {
    const r = new LinearResampler(44100, 16000);
    let total = 0;
    let last: number | undefined;
    for (let b = 0; b < 100; b++) {
      const block = new Float32Array(441);
      for (let i = 0; i < block.length; i++) block[i] = (b * 441 + i) / 44100; // a ramp over 1 s
      const out = r.process(block);
      if (out.length > 0 && last !== undefined) expect(out[0]! - last).toBeGreaterThan(0);
      last = out[out.length - 1];
      total += out.length;
    }
    expect(Math.abs(total - 16000)).toBeLessThanOrEqual(2);
    expect(wireRateFor(48000)).toBe(48000);
    expect(wireRateFor(44100)).toBe(16000);
  });
});
