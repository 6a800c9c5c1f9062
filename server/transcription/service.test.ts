/**
 * Acceptance tests of the transcription service with the real Transformers.js pipeline on the
 * Whisper test doubles (test/whisper-lookup-zh, test/whisper-fixed-zh) in a worker thread.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseTranscript } from '../../shared/transcript/normalise.ts';
import { meetingPrompt, PROMPT_RECENT_SEGMENTS } from '../../shared/transcript/prompt.ts';
import { fixturePath, testModelsDir } from '../../test/env.ts';
import { readWavFile } from './audio/wav.ts';
import { createTranscriptionService } from './service.ts';
import { finalsOf, transcribeChunk } from './feed.ts';
import type { AudioChunk, ModelStatus, SegmentTiming, TranscriptSegment, TranscriptionService } from './types.ts';

interface TrueSegment {
  start_s: number;
  end_s: number;
  text: string;
}
type Transcripts = Record<string, { text: string; segments?: TrueSegment[] }>;

/** Words of the known Whisper silence hallucinations that must never reach a transcript. */
const HALLUCINATION_MARKERS = ['明镜', '点点栏目', 'Amara', '字幕', '订阅'];
/** Allowed deviation of segment boundaries from the true utterance boundaries, s. */
const BOUNDARY_TOLERANCE_S = 0.3;

let transcripts: Transcripts;
let service: TranscriptionService;
const statuses: ModelStatus[] = [];

beforeAll(async () => {
  transcripts = JSON.parse(await readFile(fixturePath('audio', 'transcripts.json'), 'utf8')) as Transcripts; // team fixture, shape in its README
  service = createTranscriptionService({ modelId: 'test/whisper-lookup-zh', modelsDir: testModelsDir() });
  service.onStatus((s) => statuses.push(s));
  await service.ready();
}, 120_000);

afterAll(async () => {
  await service.close();
});

function expectMatchesFixture(finals: TranscriptSegment[], fixture: string): void {
  const truth = transcripts[fixture]?.segments ?? [];
  expect(truth).toHaveLength(10);
  expect(finals.map((s) => s.text)).toEqual(truth.map((t) => normaliseTranscript(t.text)));
  finals.forEach((s, i) => {
    const t = truth[i]!;
    expect(Math.abs(s.startMs / 1000 - t.start_s)).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
    expect(Math.abs(s.endMs / 1000 - t.end_s)).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
  });
  for (const s of finals) for (const marker of HALLUCINATION_MARKERS) expect(s.text).not.toContain(marker);
  expect(new Set(finals.map((s) => s.id)).size).toBe(10);
}

describe('transcription service on the test model (real pipeline)', () => {
  it('reported loading → warming → ready', () => {
    expect(statuses.map((s) => s.state)).toContain('warming');
    expect(statuses.at(-1)).toMatchObject({ state: 'ready', modelId: 'test/whisper-lookup-zh', progress: 1 });
    expect(service.status().state).toBe('ready');
  });

  it('transcribes speech-seven-points.wav (16 kHz) into the ten utterances', async () => {
    const audio = await readWavFile(fixturePath('audio', 'speech-seven-points.wav'));
    const segments = await transcribeChunk(service, 'meeting-16k', audio, { interimIntervalMs: 0 });
    const finals = finalsOf(segments);
    expectMatchesFixture(finals, 'speech-seven-points.wav');
    expect(finals[4]?.text).toBe('第三，要真抓实改问题。');
    expect(segments.every((s) => s.isFinal)).toBe(true);
  }, 120_000);

  it('transcribes the ten utterances exactly under the meeting prompt (speakers, glossary, last finals)', async () => {
    const audio = await readWavFile(fixturePath('audio', 'speech-seven-points.wav'));
    const meeting = { speakers: [{ name: '张建国', role: '省公安厅厅长' }], glossary: [{ term: '两为整治' }, { term: '真抓实改' }] };
    const heard: string[] = [];
    const timings: SegmentTiming[] = [];
    const segments = await transcribeChunk(service, 'meeting-prompted', audio, {
      interimIntervalMs: 0,
      prompt: () => meetingPrompt(meeting, heard.slice(-PROMPT_RECENT_SEGMENTS)),
      onSegment: (s) => {
        if (s.isFinal && s.text !== '') heard.push(s.text);
      },
      onTiming: (t) => timings.push(t),
    });
    expectMatchesFixture(finalsOf(segments), 'speech-seven-points.wav');
    const promptTokens = timings.filter((t) => t.kind === 'final').map((t) => t.promptTokens);
    expect(promptTokens).toHaveLength(10);
    expect(promptTokens.every((n) => n > 10)).toBe(true); // speaker and terms always; the last finals as soon as there are some
    expect(Math.max(...promptTokens)).toBeGreaterThan(promptTokens[0]! + 20);
  }, 120_000);

  it('transcribes the 48 kHz file fed as Int16 chunks of ≤ 64 KB', async () => {
    const audio = await readWavFile(fixturePath('audio', 'speech-seven-points-48k.wav'));
    expect(audio.samples).toBeInstanceOf(Int16Array);
    const pieceSeconds = 0.5; // 24 000 Int16 samples = 48 KB per message
    const finals = finalsOf(await transcribeChunk(service, 'meeting-48k', audio, { interimIntervalMs: 0, pieceSeconds }));
    expectMatchesFixture(finals, 'speech-seven-points-48k.wav');
  }, 120_000);

  it('gives no segment (and no hallucination) for silence-3s.wav', async () => {
    const audio = await readWavFile(fixturePath('audio', 'silence-3s.wav'));
    expect(await transcribeChunk(service, 'silence', audio)).toEqual([]);
  }, 60_000);

  it('mixes stereo to mono and offsets times by startOffsetMs', async () => {
    const mono = await readWavFile(fixturePath('audio', 'u06.wav'));
    const stereo = new Int16Array(mono.samples.length * 2);
    mono.samples.forEach((v, i) => {
      stereo[2 * i] = v;
      stereo[2 * i + 1] = v;
    });
    const chunk: AudioChunk = { samples: stereo, sampleRate: mono.sampleRate, channels: 2 };
    const finals = finalsOf(await transcribeChunk(service, 'stereo', chunk, { startOffsetMs: 60_000 }));
    expect(finals.map((s) => s.text)).toEqual(['第四，要加强队伍管理。']);
    expect(finals[0]!.startMs).toBeGreaterThanOrEqual(60_000);
    expect(finals[0]!.startMs).toBeLessThan(60_300);
  }, 60_000);

  it('keeps two meetings apart and each in order when fed concurrently', async () => {
    const [a, b] = await Promise.all([readWavFile(fixturePath('audio', 'u03.wav')), readWavFile(fixturePath('audio', 'u08.wav'))]);
    const [segA, segB] = await Promise.all([
      transcribeChunk(service, 'meeting-a', a, { interimIntervalMs: 0 }),
      transcribeChunk(service, 'meeting-b', b, { interimIntervalMs: 0 }),
    ]);
    expect(finalsOf(segA).map((s) => s.text)).toEqual([transcripts['u03.wav']?.text]);
    expect(finalsOf(segB).map((s) => s.text)).toEqual([transcripts['u08.wav']?.text]);
  }, 60_000);

  it('applies the meeting glossary to finals', async () => {
    const audio = await readWavFile(fixturePath('audio', 'u01.wav'));
    const finals = finalsOf(
      await transcribeChunk(service, 'glossary', audio, { glossary: [{ term: '两委整治', variants: ['两为整治'] }] }),
    );
    expect(finals.map((s) => s.text)).toEqual(['下面，我就推进两委整治工作讲七点要求。']);
  }, 60_000);
});

describe('interim results on the fixed-text test model (real pipeline, simulated real time)', () => {
  it('emits interims about every second with the final’s id, then the final', async () => {
    let clockMs = 0;
    const fixed = createTranscriptionService({
      modelId: 'test/whisper-fixed-zh',
      modelsDir: testModelsDir(),
      vad: 'energy', // synchronous detector: each piece is fully processed before the clock moves
      now: () => clockMs,
    });
    try {
      await fixed.ready();
      const audio = await readWavFile(fixturePath('audio', 'u07.wav'));
      let shown = 0;
      const segments = await transcribeChunk(fixed, 'live', audio, {
        onSegment: (s) => {
          if (!s.isFinal) shown++;
        },
        afterPiece: async (seconds) => {
          clockMs += seconds * 1000;
          await new Promise((r) => setTimeout(r, 5));
          // By 3 s into the utterance the first interim (requested at ~1 s) must have come back;
          // wait for it as a live feeder would simply keep talking (bounded, for a loaded CI machine).
          for (let waited = 0; clockMs >= 3000 && shown === 0 && waited < 20_000; waited += 20) {
            await new Promise((r) => setTimeout(r, 20));
          }
        },
      });
      const interims = segments.filter((s) => !s.isFinal);
      const finals = segments.filter((s) => s.isFinal);
      expect(finals).toHaveLength(1);
      expect(segments.at(-1)).toBe(finals[0]);
      expect(interims.length).toBeGreaterThanOrEqual(1);
      expect(interims.every((s) => s.id === finals[0]!.id)).toBe(true);
      expect(finals[0]!.text).toBe('第一，要精心组织部署。各单位要抓好宣传发动工作。第二，要走访听取意见。到十月三十号，这项工作就要全部完成。第三，要真抓实改问题。');
    } finally {
      await fixed.close();
    }
  }, 120_000);
});

describe('missing model', () => {
  it('comes up in state error with a Chinese + English provisioning message, and does not crash', async () => {
    const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'luoshi-no-models-'));
    const missing = createTranscriptionService({ modelId: 'whisper-small', modelsDir: emptyDir });
    await expect(missing.ready()).rejects.toMatchObject({ code: 'MODEL_MISSING' });
    const status = missing.status();
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('MODEL_MISSING');
    expect(status.error?.message).toContain('语音识别模型缺失');
    expect(status.error?.message).toContain('Speech model missing');
    expect(status.error?.message).toContain('models:fetch');
    expect(status.error?.message).toContain(path.join(emptyDir, 'Xenova', 'whisper-small'));
    // Streams still accept audio; segments fail with the same error instead of inventing text.
    const errors: string[] = [];
    const audio = await readWavFile(fixturePath('audio', 'u05.wav'));
    const segments = await transcribeChunk(missing, 'm', audio, { onError: (e) => errors.push(e.code) });
    expect(segments).toEqual([]);
    expect(errors).toContain('MODEL_MISSING');
    await missing.close();
  }, 60_000);
});
