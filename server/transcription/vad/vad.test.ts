import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/env.ts';
import { AudioInput, concat } from '../audio/audio-input.ts';
import { readWavFile, splitChunk } from '../audio/wav.ts';
import { createEnergyDetectorFactory } from './energy.ts';
import { segmentAudio } from './frames.ts';
import { SEGMENTER_DEFAULTS, type SegmenterEvent } from './segmenter.ts';
import { loadSileroDetectorFactory } from './silero.ts';
import { frameDbfs, type SpeechDetectorFactory } from './speech-detector.ts';

interface TrueSegment {
  start_s: number;
  end_s: number;
}
const transcripts = JSON.parse(readFileSync(fixturePath('audio', 'transcripts.json'), 'utf8')) as Record<
  string,
  { segments?: TrueSegment[] }
>; // fixture file written by the team; shape documented in its README
const TRUE_SEGMENTS = transcripts['speech-seven-points.wav']?.segments ?? [];
const REAL_CLIPS = [
  'BAC009S0764W0121.wav',
  'BAC009S0764W0122.wav',
  'IT0011W0001.wav',
  'TEST_MEETING_T0000000001_S00000.wav',
  'TEST_NET_Y0000000000_-KTKHdZ2fb8_S00000.wav',
];

async function load16k(...parts: string[]): Promise<Float32Array> {
  const input = new AudioInput();
  const chunk = await readWavFile(fixturePath(...parts));
  return concat([...splitChunk(chunk, chunk.sampleRate).map((c) => input.push(c)), input.flush()]);
}

/** Padding the segmenter adds before and after the speech it hands to the recogniser, ms. */
const PAD_MS = SEGMENTER_DEFAULTS.prePadMs;

const segmentsOf = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'segment-ended');

let silero: SpeechDetectorFactory;
beforeAll(async () => {
  silero = await loadSileroDetectorFactory();
});
afterAll(async () => {
  await silero.close();
});

describe.each([
  ['silero', () => silero],
  ['energy', () => createEnergyDetectorFactory()],
])('%s VAD on fixtures', (_name, factory) => {
  it('finds the ten utterances of speech-seven-points.wav within ±0.3 s', async () => {
    const segs = segmentsOf(await segmentAudio(await load16k('audio', 'speech-seven-points.wav'), factory().create()));
    expect(segs).toHaveLength(10);
    segs.forEach((s, i) => {
      const truth = TRUE_SEGMENTS[i]!;
      expect(Math.abs(s.startMs / 1000 - truth.start_s)).toBeLessThanOrEqual(0.3);
      expect(Math.abs(s.endMs / 1000 - truth.end_s)).toBeLessThanOrEqual(0.3);
    });
  });

  it('gives no segment for silence-3s.wav', async () => {
    const events = await segmentAudio(await load16k('audio', 'silence-3s.wav'), factory().create());
    expect(segmentsOf(events)).toHaveLength(0);
  });

  it.each(REAL_CLIPS)('covers the speech of real clip %s', async (clip) => {
    const audio = await load16k('audio', 'real', clip);
    const segs = segmentsOf(await segmentAudio(audio, factory().create()));
    expect(segs.length).toBeGreaterThan(0);
    // The segments' audio (speech span plus the recogniser padding) holds the clip's clearly
    // loud 32 ms stretches (within 15 dB of its peak level).
    const levels: number[] = [];
    for (let i = 0; i + 512 <= audio.length; i += 512) levels.push(frameDbfs(audio.subarray(i, i + 512)));
    const peak = Math.max(...levels);
    const loud = levels.map((db, i) => ({ db, ms: i * 32 + 16 })).filter((f) => f.db > peak - 15);
    const covered = loud.filter((f) => segs.some((s) => f.ms >= s.startMs - PAD_MS && f.ms <= s.endMs + PAD_MS));
    expect(covered.length / loud.length).toBeGreaterThanOrEqual(0.9);
  });
});
