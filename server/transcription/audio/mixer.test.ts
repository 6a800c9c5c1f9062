import { describe, expect, it } from 'vitest';
import { AudioInput } from './audio-input.ts';
import { toMonoFloat32 } from './mixer.ts';
import { TranscriptionError } from '../errors.ts';

describe('toMonoFloat32', () => {
  it('scales Int16 mono to [-1, 1]', () => {
    const out = toMonoFloat32({ samples: Int16Array.from([0, 16384, -32768, 32767]), sampleRate: 16_000, channels: 1 });
    expect(Array.from(out)).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it('averages interleaved stereo', () => {
    const out = toMonoFloat32({ samples: Float32Array.from([1, 0, 0.5, 0.5, -1, 1]), sampleRate: 48_000, channels: 2 });
    expect(Array.from(out)).toEqual([0.5, 0.5, 0]);
  });

  it('averages Int16 stereo', () => {
    const out = toMonoFloat32({ samples: Int16Array.from([16384, -16384, 16384, 16384]), sampleRate: 48_000, channels: 2 });
    expect(Array.from(out)).toEqual([0, 0.5]);
  });
});

describe('AudioInput', () => {
  it('turns 48 kHz stereo Int16 into 16 kHz mono', () => {
    const input = new AudioInput();
    const frames = 4800;
    const stereo = new Int16Array(frames * 2).fill(8192);
    const out = [...input.push({ samples: stereo, sampleRate: 48_000, channels: 2 }), ...input.flush()];
    expect(out.length).toBe(1600);
    expect(out[800]).toBeCloseTo(0.25, 3);
  });

  it('rejects malformed chunks with AUDIO_INVALID', () => {
    const input = new AudioInput();
    const bad = [
      { samples: new Float32Array(3), sampleRate: 48_000, channels: 2 as const },
      { samples: new Float32Array(10), sampleRate: 100, channels: 1 as const },
      { samples: new Float32Array(10), sampleRate: 16_000, channels: 3 as unknown as 1 }, // deliberately outside the type, as untyped input could be
    ];
    for (const chunk of bad) {
      expect(() => input.push(chunk)).toThrow(TranscriptionError);
    }
    try {
      input.push({ samples: new Float32Array(3), sampleRate: 48_000, channels: 2 });
    } catch (err) {
      expect(err).toBeInstanceOf(TranscriptionError);
      expect((err as TranscriptionError).code).toBe('AUDIO_INVALID'); // narrowed by the line above
    }
  });
});
