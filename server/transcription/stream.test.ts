/**
 * Stream behaviour with a fake recogniser: interim cadence, interim/final ordering,
 * backpressure, bad input. (The real-pipeline acceptance tests are in service.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/env.ts';
import { readWavFile, splitChunk } from './audio/wav.ts';
import { TranscriptionError } from './errors.ts';
import { FakeDecoder } from './recogniser/testing/fake-decoder.ts';
import { createTranscriptionService } from './service.ts';
import { transcribeChunk } from './feed.ts';
import type { AudioChunk, SegmentTiming, TranscriptionStream } from './types.ts';

/** Fake answers: the decoded length in ms, so every interim differs. */
const answerMs = (audio: Float32Array) => `听到${Math.round(audio.length / 16)}毫秒`;

describe('interim results', () => {
  it('emits an interim about every second of a running utterance and one at its sentence pause, then the final with the same id', async () => {
    let clockMs = 0;
    const decoder = new FakeDecoder({ answer: answerMs });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => clockMs });
    const audio = await readWavFile(fixturePath('audio', 'u07.wav')); // 7.6 s, two sentences
    const timings: SegmentTiming[] = [];
    const segments = await transcribeChunk(service, 'm', audio, {
      onTiming: (t) => timings.push(t),
      afterPiece: async (seconds) => {
        clockMs += seconds * 1000; // real-time feeding
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    await service.close();
    const interims = segments.filter((s) => !s.isFinal);
    const final = segments.at(-1)!;
    expect(final.isFinal).toBe(true);
    expect(segments.filter((s) => s.isFinal)).toHaveLength(1);
    expect(interims.length).toBeGreaterThanOrEqual(5);
    expect(interims.length).toBeLessThanOrEqual(9);
    expect(interims.every((s) => s.id === final.id && s.startMs === final.startMs)).toBe(true);
    const requests = timings.filter((t) => t.kind === 'interim');
    // The 。 pause of u07 (≈ 2.9 s) asks for an interim off the clock.
    expect(requests.some((t) => t.trigger === 'pause' && t.requestedAtMs > 2500 && t.requestedAtMs < 3600)).toBe(true);
    // Periodic ones come at least a second after the previous interim of any kind.
    for (let i = 1; i < requests.length; i++) {
      if (requests[i]!.trigger !== 'periodic') continue;
      const step = requests[i]!.requestedAtMs - requests[i - 1]!.requestedAtMs;
      expect(step).toBeGreaterThanOrEqual(990);
      expect(step).toBeLessThan(1400);
    }
    expect(final.text).toMatch(/^听到\d+毫秒$/);
  });

  it('sends no interims when the file is fed faster than real time (finals are never delayed)', async () => {
    const decoder = new FakeDecoder({ answer: answerMs });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => 0 });
    const audio = await readWavFile(fixturePath('audio', 'u07.wav'));
    const segments = await transcribeChunk(service, 'm', audio);
    await service.close();
    expect(segments.map((s) => s.isFinal)).toEqual([true]);
    expect(decoder.calls).toHaveLength(1);
  });

  it('retracts shown interims with an empty final when the segment yields no text', async () => {
    let clockMs = 0;
    const decoder = new FakeDecoder({ answer: (a) => (a.length < 3 * 16_000 ? '第一，要' : '请不吝点赞 订阅 转发 打赏支持明镜与点点栏目') });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => clockMs });
    const audio = await readWavFile(fixturePath('audio', 'u07.wav'));
    const segments = await transcribeChunk(service, 'm', audio, {
      afterPiece: async (s) => {
        clockMs += s * 1000;
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    await service.close();
    expect(segments.filter((s) => !s.isFinal).map((s) => s.text)).toEqual(['第一，要']);
    expect(segments.at(-1)).toMatchObject({ isFinal: true, text: '' });
  });
});

describe('pause interims when the recogniser is busy (a loaded machine)', () => {
  const silence = (ms: number): AudioChunk => ({ samples: new Int16Array(16 * ms), sampleRate: 16_000, channels: 1 });

  /** Feed pieces in real time on the simulated clock, letting the VAD keep up; decodes wait for release(). */
  async function feed(stream: TranscriptionStream, pieces: AudioChunk[], clock: { ms: number }) {
    for (const piece of pieces) {
      stream.push(piece);
      clock.ms += (piece.samples.length / piece.sampleRate) * 1000;
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  it('shows an interim that was decoding when its utterance closed, before the final replaces it', async () => {
    const clock = { ms: 0 };
    const decoder = new FakeDecoder({ manual: true, answer: answerMs });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => clock.ms });
    const got: Array<{ isFinal: boolean; text: string }> = [];
    // Periodic interims off: only the pause at the end of the utterance asks for one.
    const stream = service.openStream('m', { onSegment: (s) => got.push({ isFinal: s.isFinal, text: s.text }), interimIntervalMs: 1_000_000 });
    const u05 = await readWavFile(fixturePath('audio', 'u05.wav')); // 第三，要真抓实改问题。 (one sentence)
    await feed(stream, [...splitChunk(u05, 1600), ...splitChunk(silence(1500), 1600)], clock);
    // The end-of-utterance pause interim is decoding, and the hangover has queued the final behind it.
    expect(decoder.waitingCount).toBe(1);
    expect(decoder.calls).toHaveLength(1);
    decoder.release();
    for (let i = 0; i < 50 && decoder.waitingCount === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(got).toEqual([{ isFinal: false, text: expect.stringMatching(/^听到\d+毫秒$/) }]);
    decoder.release();
    await stream.end();
    await service.close();
    expect(got.map((s) => s.isFinal)).toEqual([false, true]);
  });

  it('asks for the interim at a sentence pause of live audio that arrives in a burst after a stall, with the VAD behind', async () => {
    const clock = { ms: 0 };
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder: new FakeDecoder({ answer: answerMs }), vad: 'energy', now: () => clock.ms });
    const timings: SegmentTiming[] = [];
    const got: Array<{ isFinal: boolean; text: string }> = [];
    const stream = service.openStream('m', { onSegment: (s) => got.push(s), onTiming: (t) => timings.push(t), interimIntervalMs: 1_000_000 });
    const u07 = await readWavFile(fixturePath('audio', 'u07.wav')); // 。 pause ≈ 2.6–2.9 s
    const part = (fromMs: number, toMs: number) => ({ ...u07, samples: u07.samples.subarray(16 * fromMs, 16 * toMs) });
    await feed(stream, splitChunk(part(0, 1600), 1600), clock);
    // Nothing for 2.5 s (the server's event loop was busy), then those 2.5 s at once: the pause is
    // found with ≈ 1 s still waiting for the VAD, and this is live speech, not a catch-up.
    clock.ms += 2500;
    stream.push(part(1600, 4100));
    await new Promise((r) => setTimeout(r, 1));
    await feed(stream, [...splitChunk(part(4100, 7637), 1600), ...splitChunk(silence(1000), 1600)], clock);
    await stream.end();
    await service.close();
    const pauses = timings.filter((t) => t.kind === 'interim' && t.trigger === 'pause');
    expect(pauses[0]?.audioMs).toBeGreaterThan(2500);
    expect(pauses[0]?.audioMs).toBeLessThan(3700);
    expect(got[0]).toMatchObject({ isFinal: false });
  });

  it('asks for the interim at a sentence pause even while an earlier final waits, and runs it after that final', async () => {
    const clock = { ms: 0 };
    const decoder = new FakeDecoder({ manual: true, answer: answerMs });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => clock.ms });
    const got: Array<{ id: string; isFinal: boolean; text: string }> = [];
    const stream = service.openStream('m', { onSegment: (s) => got.push({ id: s.id, isFinal: s.isFinal, text: s.text }), interimIntervalMs: 1_000_000 });
    const u05 = await readWavFile(fixturePath('audio', 'u05.wav'));
    const u07 = await readWavFile(fixturePath('audio', 'u07.wav')); // 第五，要形成宣传声势。(pause ≈ 2.9 s) 市局…
    // u05: its pause interim decodes (never released yet) and its final waits behind it.
    await feed(stream, [...splitChunk(u05, 1600), ...splitChunk(silence(1200), 1600)], clock);
    expect(decoder.waitingCount).toBe(1);
    // u07 up to just after its 。 pause: the interim asked for there waits behind u05's final.
    await feed(stream, splitChunk({ ...u07, samples: u07.samples.subarray(0, 16 * 3600) }, 1600), clock);
    decoder.release(); // u05's pause interim
    for (let i = 0; i < 50 && decoder.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 2));
    decoder.release(); // u05's final
    for (let i = 0; i < 50 && decoder.calls.length < 3; i++) await new Promise((r) => setTimeout(r, 2));
    expect(decoder.calls).toHaveLength(3);
    // The third decode is u07's first sentence (≈ 3 s of audio), asked for at its pause.
    expect(decoder.calls[2]!.audio.length / 16).toBeGreaterThan(2500);
    expect(decoder.calls[2]!.audio.length / 16).toBeLessThan(3700);
    decoder.release();
    for (let i = 0; i < 50 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 2));
    expect(got[2]).toMatchObject({ isFinal: false, text: expect.stringMatching(/^听到\d+毫秒$/) });
    expect(got[2]!.id).not.toBe(got[0]!.id);
    let ended = false;
    const ending = stream.end().then(() => (ended = true));
    while (!ended) {
      decoder.release();
      await new Promise((r) => setTimeout(r, 2));
    }
    await ending;
    await service.close();
    expect(got.at(-1)).toMatchObject({ id: got[2]!.id, isFinal: true });
  });
});

describe('prompts', () => {
  it('asks the provider each time a decode is queued and passes that prompt on', async () => {
    let clockMs = 0;
    let version = 0;
    const decoder = new FakeDecoder({ answer: answerMs });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy', now: () => clockMs });
    const audio = await readWavFile(fixturePath('audio', 'u07.wav'));
    const tokens: number[] = [];
    await transcribeChunk(service, 'm', audio, {
      prompt: () => ({ terms: ['两为整治'], previousText: `第${++version}句。` }),
      onTiming: (t) => tokens.push(t.promptTokens),
      afterPiece: async (seconds) => {
        clockMs += seconds * 1000; // real time, so interims run
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    await service.close();
    const versions = decoder.calls.map((c) => Number(/第(\d+)句/u.exec(c.prompt?.previousText ?? '')?.[1]));
    expect(versions.length).toBeGreaterThanOrEqual(5); // interims and the final
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length); // asked anew for every decode
    expect(versions.at(-1)).toBe(version); // the final's prompt is the latest one
    expect(tokens.every((n) => n > 0)).toBe(true);
  });

  it('decodes without a prompt when the provider throws', async () => {
    const decoder = new FakeDecoder();
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy' });
    const audio = await readWavFile(fixturePath('audio', 'u10.wav'));
    const segments = await transcribeChunk(service, 'm', audio, {
      prompt: () => {
        throw new Error('meeting store unavailable');
      },
    });
    await service.close();
    expect(segments.filter((s) => s.isFinal)).toHaveLength(1);
    expect(decoder.calls.map((c) => c.prompt)).toEqual([null]);
  });
});

describe('stream input handling', () => {
  it('signals backpressure while a final is decoding and resumes on drain()', async () => {
    const decoder = new FakeDecoder({ manual: true });
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder, vad: 'energy' });
    const stream = service.openStream('m', { onSegment: () => undefined, interimIntervalMs: 0 });
    const audio = await readWavFile(fixturePath('audio', 'u06.wav'));
    const silence = { samples: new Int16Array(16_000), sampleRate: 16_000, channels: 1 as const };
    const pieces = splitChunk(audio, 8000);
    expect(stream.push(pieces[0]!)).toBe(true); // 0.5 s: below the input high-water mark, nothing decoding
    for (const piece of pieces.slice(1)) stream.push(piece);
    stream.push(silence);
    for (let i = 0; i < 20 && decoder.waitingCount === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(decoder.waitingCount).toBe(1);
    expect(stream.push(silence)).toBe(false); // a final is decoding
    let drained = false;
    const drain = stream.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    decoder.release();
    await drain;
    expect(stream.push(silence)).toBe(true);
    await stream.end();
    await service.close();
  });

  it('rejects malformed chunks with AUDIO_INVALID and keeps working', async () => {
    const service = createTranscriptionService({ modelId: 'fake', modelsDir: '.', decoder: new FakeDecoder(), vad: 'energy' });
    const got: string[] = [];
    const stream = service.openStream('m', { onSegment: (s) => got.push(s.text) });
    expect(() => stream.push({ samples: new Float32Array(3), sampleRate: 48_000, channels: 2 })).toThrow(TranscriptionError);
    expect(() => stream.push({ samples: new Float32Array(10), sampleRate: 0, channels: 1 })).toThrow(/AUDIO|音频/);
    stream.push(await readWavFile(fixturePath('audio', 'u10.wav')));
    await stream.end();
    expect(got).toHaveLength(1);
    await service.close();
  });
});
