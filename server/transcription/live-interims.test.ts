/**
 * Interims at sentence pauses with the real pipeline (test/whisper-lookup-zh in the worker):
 * fed in real time on a simulated clock, a two-sentence utterance yields its first sentence as
 * an interim at the 。 pause, long before the final; the final still carries the whole utterance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, testModelsDir } from '../../test/env.ts';
import { readWavFile } from './audio/wav.ts';
import { transcribeChunk } from './feed.ts';
import { createTranscriptionService } from './service.ts';
import type { SegmentTiming, TranscriptSegment, TranscriptionService } from './types.ts';

let service: TranscriptionService;
let clockMs = 0;

beforeAll(async () => {
  service = createTranscriptionService({ modelId: 'test/whisper-lookup-zh', modelsDir: testModelsDir(), now: () => clockMs });
  await service.ready();
}, 120_000);

afterAll(async () => {
  await service.close();
});

/** Feed a fixture at real-time pace on the simulated clock, letting decodes finish between pieces. */
async function live(file: string, interimIntervalMs?: number) {
  const segments: Array<TranscriptSegment & { atAudioMs: number }> = [];
  const timings: SegmentTiming[] = [];
  let fedMs = 0;
  await transcribeChunk(service, file, await readWavFile(fixturePath('audio', file)), {
    pieceSeconds: 0.1,
    ...(interimIntervalMs === undefined ? {} : { interimIntervalMs }),
    onSegment: (s) => segments.push({ ...s, atAudioMs: fedMs }),
    onTiming: (t) => timings.push(t),
    afterPiece: async (seconds) => {
      fedMs += seconds * 1000;
      clockMs += seconds * 1000;
      // A real-time feeder leaves the worker 100 ms per piece; let pending decodes land.
      await new Promise((r) => setTimeout(r, 30));
    },
  });
  return { segments, timings };
}

describe('interims at sentence pauses (real test model)', () => {
  it('u02: the interim at the 。 pause is the first sentence; the final is the whole utterance', async () => {
    const { segments, timings } = await live('u02.wav');
    const pauseTimings = timings.filter((t) => t.kind === 'interim' && t.trigger === 'pause');
    // The first sentence ends ≈ 2.6 s into the file: the pause interim is asked for 224 ms later
    // (the clock here is the audio clock, so this does not depend on the machine's speed).
    expect(pauseTimings[0]?.requestedAtMs).toBeGreaterThan(2500);
    expect(pauseTimings[0]?.requestedAtMs).toBeLessThan(3300);
    const first = segments.find((s) => !s.isFinal && s.text === '第一，要精心组织部署。');
    expect(first, JSON.stringify(segments.map((s) => [s.isFinal, s.text]))).toBeDefined();
    const final = segments.find((s) => s.isFinal)!;
    expect(final.text).toBe('第一，要精心组织部署。各单位要抓好宣传发动工作。');
    expect(first!.id).toBe(final.id);
    expect(first!.atAudioMs).toBeLessThan(final.atAudioMs);
  }, 60_000);

  it('pause interims run even with the periodic clock off, and never after their final', async () => {
    const { segments } = await live('u04.wav', 1_000_000);
    const finalIndex = segments.findIndex((s) => s.isFinal);
    expect(segments.slice(0, finalIndex).map((s) => s.text)).toContain('第二，要走访听取意见。');
    expect(segments.slice(finalIndex + 1)).toEqual([]);
    expect(segments[finalIndex]!.text).toBe('第二，要走访听取意见。到十月三十号，这项工作就要全部完成。');
  }, 60_000);
});
