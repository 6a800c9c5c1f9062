/**
 * ASR benchmark: prints one JSON object.
 *
 *   npm run bench:asr -- FILE.wav --model ID [--dtype q8] [--interim-seconds S] [--repeat 3] [--threads N]
 *                        [--prompt on|off|both]
 *
 * Phase 1 (throughput, --repeat runs, median reported): the whole file is fed as fast as the
 *   stream accepts (push → drain). RTF = wall / audio; final latency = segment closed (VAD
 *   hangover over) → final text delivered. `--prompt on` (default) gives every decode a meeting
 *   prompt as the meeting server does (BENCH_MEETING's speakers and terms + the stream's last two
 *   finals); `off` none; `both` interleaves off and on runs in the same process and compares them.
 * Phase 2 (live): the file (or its first N seconds) is replayed in real time (100 ms packets, each
 *   handed over when its last sample was "spoken") with interims on; interim latency = interim
 *   requested → delivered, final latency while interims run, and — for fixture files described
 *   by transcripts.json — clause → text: from the moment each sentence ended in the audio
 *   (lib/clause-timing.ts) to the first interim containing it and to the final containing it.
 * Baseline (same run): a bare Transformers.js pipeline call on the main thread for every
 *   segment phase 1 produced, so the ratio shows the cost of our pipeline around Whisper.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { defaultModelsDir, type ModelDtype, parseModelDtype, resolveModel } from '../../models/registry.ts';
import { AudioInput, concat } from '../transcription/audio/audio-input.ts';
import { readWavFile, splitChunk } from '../transcription/audio/wav.ts';
import { meetingPrompt, type MeetingPromptSource, PROMPT_RECENT_SEGMENTS } from '../../shared/transcript/prompt.ts';
import { createTranscriptionService, DEFAULT_DECODE_OPTIONS } from '../transcription/service.ts';
import { transcribeChunk } from '../transcription/feed.ts';
import type { AudioChunk, RecognitionPrompt, SegmentTiming, TranscriptionService } from '../transcription/types.ts';
import { segmentAudio } from '../transcription/vad/frames.ts';
import { bare, loadTimedClauses, type TimedClause } from './lib/clause-timing.ts';
import { summary } from './lib/spoken-to-venue.ts';
import { loadSileroDetectorFactory } from '../transcription/vad/silero.ts';

/** Targets with the test model (pipeline overhead only). */
const TARGET_RTF = 0.05;
const TARGET_FINAL_P95_MS = 300;
/** Packet length of the real-time phase, seconds. */
const LIVE_PACKET_S = 0.1;
/** A typical meeting's prompt sources (invented names and hot words of a provincial police meeting). */
const BENCH_MEETING: MeetingPromptSource = {
  speakers: [
    { name: '张建国', role: '省公安厅厅长' },
    { name: '李明', role: '副厅长' },
  ],
  glossary: [{ term: '两为整治' }, { term: '扫黑除恶' }, { term: '电信网络诈骗' }, { term: '平安建设' }, { term: '枫桥经验' }],
};
type PromptMode = 'off' | 'on';

/** A prompt provider like the meeting server's: BENCH_MEETING + this stream's last finals. */
function benchPrompt(mode: PromptMode): { prompt?: () => RecognitionPrompt; onSegment?: (s: { isFinal: boolean; text: string }) => void } {
  if (mode === 'off') return {};
  const finals: string[] = [];
  return {
    prompt: () => meetingPrompt(BENCH_MEETING, finals.slice(-PROMPT_RECENT_SEGMENTS)),
    onSegment: (s) => {
      if (s.isFinal && s.text !== '') finals.push(s.text);
    },
  };
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index] ?? 0);
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function stats(values: readonly number[]) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100) };
}

function latencies(timings: readonly SegmentTiming[], kind: 'final' | 'interim'): number[] {
  return timings.filter((t) => t.kind === kind).map((t) => t.deliveredAtMs - t.requestedAtMs);
}

/** First `seconds` of a chunk. */
function head(chunk: AudioChunk, seconds: number): AudioChunk {
  const n = Math.min(chunk.samples.length, Math.round(seconds * chunk.sampleRate) * chunk.channels);
  return { ...chunk, samples: chunk.samples.subarray(0, n) };
}

async function throughput(service: TranscriptionService, audio: AudioChunk, mode: PromptMode) {
  const timings: SegmentTiming[] = [];
  const started = performance.now();
  const segments = await transcribeChunk(service, 'bench-throughput', audio, {
    ...benchPrompt(mode),
    interimIntervalMs: 0,
    pieceSeconds: 0.2,
    onTiming: (t) => timings.push(t),
  });
  const wallMs = performance.now() - started;
  return { segments, timings, wallMs };
}
type Run = Awaited<ReturnType<typeof throughput>>;

/** The median run by wall time. */
function median(runs: readonly Run[]): Run {
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const run = byWall[Math.floor((byWall.length - 1) / 2)];
  if (!run) throw new Error('no runs');
  return run;
}

/** Decode figures of a set of runs, for the prompt comparison. */
function decodeSummary(runs: readonly Run[], audioSeconds: number) {
  const finals = runs.flatMap((r) => r.timings.filter((t) => t.kind === 'final'));
  return {
    runs: runs.length,
    realTimeFactor: round(median(runs).wallMs / 1000 / audioSeconds, 4),
    finalDecodeMs: stats(finals.map((t) => t.decodeMs)),
    finalDecodeMeanMs: round(finals.reduce((a, t) => a + t.decodeMs, 0) / Math.max(1, finals.length)),
    promptTokens: stats(finals.map((t) => t.promptTokens)),
  };
}

async function live(service: TranscriptionService, audio: AudioChunk, mode: PromptMode) {
  const timings: SegmentTiming[] = [];
  const arrivals: Array<{ text: string; isFinal: boolean; atMs: number }> = [];
  const started = performance.now();
  let fed = 0;
  const segments = await transcribeChunk(service, 'bench-live', audio, {
    ...benchPrompt(mode),
    pieceSeconds: LIVE_PACKET_S,
    onTiming: (t) => timings.push(t),
    onSegment: (s) => arrivals.push({ text: s.text, isFinal: s.isFinal, atMs: performance.now() - started }),
    beforePiece: async (seconds) => {
      fed += seconds * 1000;
      const wait = started + fed - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    },
  });
  return { segments, timings, arrivals };
}

/** Clause end (audio time = live-phase clock) → first interim / final text containing the clause, ms. */
function clauseToText(clauses: readonly TimedClause[], replayedMs: number, arrivals: Awaited<ReturnType<typeof live>>['arrivals']) {
  const byClause = clauses
    .filter((c) => c.endMs <= replayedMs)
    .map((c) => {
      // An interim may contain the clause slightly before its end as timed (the fixture's end
      // includes a 50 ms tail): such a latency comes out negative and is reported as it is.
      const first = (isFinal: boolean) => arrivals.find((a) => a.isFinal === isFinal && bare(a.text).includes(bare(c.text)));
      const interim = first(false);
      const final = first(true);
      return { clause: c.text, endMs: Math.round(c.endMs), interimMs: interim ? Math.round(interim.atMs - c.endMs) : null, finalMs: final ? Math.round(final.atMs - c.endMs) : null };
    });
  const present = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  return {
    clauses: byClause.length,
    withInterim: present(byClause.map((c) => c.interimMs)).length,
    interimMs: summary(present(byClause.map((c) => c.interimMs))),
    finalMs: summary(present(byClause.map((c) => c.finalMs))),
    byClause,
  };
}

/** Bare pipeline calls on the phase-1 segments (same audio the worker decoded). */
async function baseline(modelsDir: string, localId: string, dtype: ModelDtype, audio16k: Float32Array, threads: number) {
  const factory = await loadSileroDetectorFactory();
  const events = await segmentAudio(audio16k, factory.create());
  await factory.close();
  const clips = events.flatMap((e) => (e.type === 'segment-ended' ? [e.audio] : []));
  env.allowRemoteModels = false;
  env.localModelPath = `${modelsDir}/`;
  const asr = (await pipeline('automatic-speech-recognition', localId, {
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  })) as AutomaticSpeechRecognitionPipeline; // the factory's overloads are too wide to infer
  const perSegment: number[] = [];
  for (const clip of clips) {
    const t = performance.now();
    await asr(clip, { language: DEFAULT_DECODE_OPTIONS.language, task: 'transcribe' });
    perSegment.push(performance.now() - t);
  }
  await asr.dispose();
  return { segments: clips.length, totalMs: round(perSegment.reduce((a, b) => a + b, 0)), perSegmentMs: stats(perSegment) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      dtype: { type: 'string' },
      'interim-seconds': { type: 'string' },
      threads: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '3' },
      prompt: { type: 'string', default: 'on' },
    },
  });
  const promptArg = values.prompt;
  if (promptArg !== 'on' && promptArg !== 'off' && promptArg !== 'both') throw new Error('--prompt must be on, off or both');
  const modes: PromptMode[] = promptArg === 'both' ? ['off', 'on'] : [promptArg];
  const primary: PromptMode = modes.includes('on') ? 'on' : 'off';
  const file = positionals[0];
  if (!file || !values.model) throw new Error('usage: npm run bench:asr -- FILE.wav --model ID [--dtype q8] [--interim-seconds S (default: the whole file)]');
  const modelsDir = defaultModelsDir();
  const threads = values.threads !== undefined ? Number(values.threads) : Math.max(1, os.cpus().length - 1);
  const model = resolveModel(values.model, parseModelDtype(values.dtype));
  const audio = await readWavFile(file);
  const audioSeconds = audio.samples.length / audio.channels / audio.sampleRate;

  const loadStart = performance.now();
  const service = createTranscriptionService({
    modelId: values.model,
    modelsDir,
    dtype: model.dtype,
    threads,
  });
  await service.ready();
  const modelLoadMs = performance.now() - loadStart;

  // The machine is shared: repeat the throughput phase and report the median run (all runs listed).
  // With --prompt both, off and on runs alternate so that load changes hit both alike.
  const byMode: Record<PromptMode, Run[]> = { off: [], on: [] };
  const repeat = Math.max(1, Math.min(10, Number(values.repeat)));
  for (let i = 0; i < repeat; i++) for (const mode of modes) byMode[mode].push(await throughput(service, audio, mode));
  const runs = byMode[primary];
  const phase1 = median(runs);
  const interimSeconds = Math.min(audioSeconds, values['interim-seconds'] === undefined ? audioSeconds : Number(values['interim-seconds']));
  const phase2 = interimSeconds > 0 ? await live(service, head(audio, interimSeconds), primary) : null;
  const clauses = await loadTimedClauses(file);
  await service.close();

  const input = new AudioInput();
  const audio16k = concat([...splitChunk(audio, audio.sampleRate).map((c) => input.push(c)), input.flush()]);
  const base = values['no-baseline'] ? null : await baseline(modelsDir, model.localId, model.dtype, audio16k, threads);

  const finalLatency = stats(latencies(phase1.timings, 'final'));
  const decodeTotalMs = phase1.timings.filter((t) => t.kind === 'final').reduce((a, t) => a + t.decodeMs, 0);
  const rtf = phase1.wallMs / 1000 / audioSeconds;
  const report = {
    file: path.basename(file),
    model: values.model,
    dtype: model.dtype,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    workerThreads: threads,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
    prompt: {
      mode: promptArg,
      reported: primary,
      what: 'on = every decode prompted like a meeting: 2 speakers + 5 glossary terms + the stream’s last 2 finals',
      ...Object.fromEntries(modes.map((m) => [m, decodeSummary(byMode[m], audioSeconds)])),
      ...(modes.length === 2 && {
        onToOffFinalDecodeMean: round(decodeSummary(byMode.on, audioSeconds).finalDecodeMeanMs / Math.max(0.1, decodeSummary(byMode.off, audioSeconds).finalDecodeMeanMs), 3),
      }),
    },
    modelLoadMs: round(modelLoadMs),
    audioSeconds: round(audioSeconds, 3),
    wallSeconds: round(phase1.wallMs / 1000, 3),
    realTimeFactor: round(rtf, 4),
    runs: runs.map((r) => ({
      wallSeconds: round(r.wallMs / 1000, 3),
      realTimeFactor: round(r.wallMs / 1000 / audioSeconds, 4),
      finalLatencyP95Ms: percentile(latencies(r.timings, 'final'), 95),
    })),
    finalSegments: phase1.segments.filter((s) => s.isFinal && s.text !== '').length,
    finalLatencyMs: finalLatency,
    finalDecodeMs: stats(phase1.timings.filter((t) => t.kind === 'final').map((t) => t.decodeMs)),
    live: phase2 && {
      replayedSeconds: round(interimSeconds, 1),
      interimDecodes: phase2.timings.filter((t) => t.kind === 'interim').length,
      interimsShown: phase2.segments.filter((s) => !s.isFinal).length,
      pauseInterimDecodes: phase2.timings.filter((t) => t.kind === 'interim' && t.trigger === 'pause').length,
      interimLatencyMs: stats(latencies(phase2.timings, 'interim')),
      finalLatencyMs: stats(latencies(phase2.timings, 'final')),
      clauseToTextMs: clauses ? clauseToText(clauses, interimSeconds * 1000, phase2.arrivals) : 'no transcripts.json timings beside the audio file',
    },
    peakRssMB: round(process.resourceUsage().maxRSS / 1024),
    baseline: base && {
      what: 'bare pipeline(audio) call per segment on the main thread, same segments, same process',
      ...base,
      oursDecodeTotalMs: round(decodeTotalMs),
      ratioOursToBaseline: round(decodeTotalMs / Math.max(1, base.totalMs), 3),
    },
    targets: {
      realTimeFactorMax: TARGET_RTF,
      finalLatencyP95MaxMs: TARGET_FINAL_P95_MS,
      met: rtf <= TARGET_RTF && (finalLatency.p95 ?? Infinity) <= TARGET_FINAL_P95_MS,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:asr: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
