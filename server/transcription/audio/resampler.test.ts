import { describe, expect, it } from 'vitest';
import { Resampler } from './resampler.ts';

function tone(freqHz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / rate);
  return out;
}

/** RMS over the middle half of the signal (skips filter edges). */
function midRms(x: Float32Array): number {
  const from = Math.floor(x.length / 4);
  const to = Math.floor((3 * x.length) / 4);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] ?? 0) ** 2;
  return Math.sqrt(sum / (to - from));
}

function resampleInBlocks(r: Resampler, input: Float32Array, block: number): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += block) parts.push(...r.process(input.subarray(i, i + block)));
  parts.push(...r.flush());
  return Float32Array.from(parts);
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

describe('Resampler 48 kHz → 16 kHz', () => {
  it('passes a 1 kHz tone with < 0.1 dB change', () => {
    const input = tone(1000, 48_000, 1);
    const out = resampleInBlocks(new Resampler(48_000, 16_000), input, 4800);
    expect(out.length).toBe(16_000);
    expect(Math.abs(db(midRms(out) / midRms(input)))).toBeLessThan(0.1);
  });

  it('attenuates a 10 kHz tone (above the new Nyquist) by at least 40 dB', () => {
    const input = tone(10_000, 48_000, 1);
    const out = resampleInBlocks(new Resampler(48_000, 16_000), input, 4800);
    expect(db(midRms(out) / midRms(input))).toBeLessThan(-40);
  });

  it('gives the same output whatever the block size (streaming state is exact)', () => {
    const input = tone(440, 48_000, 0.5);
    const a = resampleInBlocks(new Resampler(48_000, 16_000), input, 480);
    const b = resampleInBlocks(new Resampler(48_000, 16_000), input, 7);
    expect(b.length).toBe(a.length);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('keeps time alignment (no filter delay): a click stays at the same time', () => {
    const input = new Float32Array(48_000);
    input[24_000] = 1;
    const out = resampleInBlocks(new Resampler(48_000, 16_000), input, 1000);
    let peak = 0;
    for (let i = 1; i < out.length; i++) if (Math.abs(out[i] ?? 0) > Math.abs(out[peak] ?? 0)) peak = i;
    expect(peak).toBe(8000);
  });
});

describe('Resampler other ratios', () => {
  it('44.1 kHz → 16 kHz keeps a 2 kHz tone and removes 12 kHz', () => {
    const pass = resampleInBlocks(new Resampler(44_100, 16_000), tone(2000, 44_100, 0.5), 4410);
    const stop = resampleInBlocks(new Resampler(44_100, 16_000), tone(12_000, 44_100, 0.5), 4410);
    expect(pass.length).toBe(8000);
    expect(Math.abs(db(midRms(pass) / 0.3536))).toBeLessThan(0.1);
    expect(db(midRms(stop) / 0.3536)).toBeLessThan(-40);
  });

  it('8 kHz → 16 kHz up-samples a 1 kHz tone without loss', () => {
    const out = resampleInBlocks(new Resampler(8000, 16_000), tone(1000, 8000, 0.5), 800);
    expect(out.length).toBe(8000);
    expect(Math.abs(db(midRms(out) / 0.3536))).toBeLessThan(0.1);
  });

  it('16 kHz → 16 kHz is the identity', () => {
    const input = tone(300, 16_000, 0.1);
    expect(Array.from(new Resampler(16_000, 16_000).process(input))).toEqual(Array.from(input));
  });

  it('rejects invalid rates', () => {
    expect(() => new Resampler(0, 16_000)).toThrow(RangeError);
  });
});
