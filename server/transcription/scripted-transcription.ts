/**
 * A scripted TranscriptionService: it ignores audio and emits the segments its caller scripts
 * with `say(text)`, as interim then final. Drives the real pipeline and the real extractor without
 * a model: used by socket tests and by bench:fanout (whose cost under test is the fan-out, not
 * recognition), so it lives beside the real service rather than in a testing/ folder.
 */
import type {
  ModelStatus,
  RecognitionPrompt,
  TranscriptionService,
  TranscriptionStreamOptions,
  TranscriptSegment,
} from './types.ts';

export interface ScriptedTranscription extends TranscriptionService {
  /** Emit `text` as one utterance (interim, then final) on the stream of `key`. */
  say(key: string, text: string, durationMs?: number): void;
  /** Samples pushed per key so far. */
  pushedSamples(key: string): number;
  /** First sample of every chunk pushed per key, in order (lets tests check order and duplicates). */
  chunkMarks(key: string): number[];
  openCount(): number;
  /** The prompt the stream of `key` would give its next decode (null when it has no provider). */
  prompt(key: string): RecognitionPrompt | null;
}

export function createScriptedTranscription(modelId = 'scripted'): ScriptedTranscription {
  const streams = new Map<string, { options: TranscriptionStreamOptions; clockMs: number; n: number; ended: boolean; heardMs: number }>();
  const pushed = new Map<string, number>();
  const marks = new Map<string, number[]>();
  let opened = 0;
  const status: ModelStatus = { state: 'ready', modelId, progress: 1 };
  return {
    ready: async () => {},
    status: () => status,
    onStatus: () => () => {},
    openStream(key, options) {
      opened += 1;
      const s = { options, clockMs: options.startOffsetMs ?? 0, n: 0, ended: false, heardMs: 0 };
      streams.set(key, s);
      return {
        push(chunk) {
          pushed.set(key, (pushed.get(key) ?? 0) + chunk.samples.length);
          marks.set(key, [...(marks.get(key) ?? []), chunk.samples[0] ?? 0]);
          s.heardMs += (chunk.samples.length / chunk.channels / chunk.sampleRate) * 1000;
          return !s.ended;
        },
        async end() {
          s.ended = true;
        },
        drain: async () => {},
        // Scripted segments do not depend on the audio: everything heard is settled at once.
        settledMs: () => s.heardMs,
      };
    },
    say(key, text, durationMs = 2000) {
      const s = streams.get(key);
      if (!s || s.ended) throw new Error(`no open stream for ${key}`);
      s.n += 1;
      const id = `s${String(s.n).padStart(4, '0')}`;
      const seg: TranscriptSegment = { id, startMs: s.clockMs, endMs: s.clockMs + durationMs, text: text.slice(0, 2), isFinal: false };
      s.options.onSegment(seg);
      s.options.onSegment({ ...seg, text, isFinal: true });
      s.clockMs += durationMs;
    },
    pushedSamples: (key) => pushed.get(key) ?? 0,
    prompt: (key) => streams.get(key)?.options.prompt?.() ?? null,
    chunkMarks: (key) => marks.get(key) ?? [],
    openCount: () => opened,
    close: async () => {},
  };
}
