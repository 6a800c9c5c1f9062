/**
 * A TranscriptionService test double that lets a test step through one utterance at a time:
 * `interim(key, text)` emits a running hypothesis of the current utterance (as the recogniser
 * does at a pause), `final(key, text)` ends it. Drives the real pipeline and extractor without a
 * model (the real recogniser is exercised in audio.test.ts and the e2e suite).
 */
import type { ModelStatus, TranscriptionService, TranscriptionStreamOptions } from '../../server/transcription/types.ts';

export interface SteppedTranscription extends TranscriptionService {
  interim(key: string, text: string): void;
  final(key: string, text: string): void;
  /** interim(first clause) then final(text), like an utterance with a pause after its first sentence. */
  say(key: string, text: string): void;
}

/** Audio time per step, ms. */
const STEP_MS = 1000;

export function createSteppedTranscription(): SteppedTranscription {
  const streams = new Map<string, { options: TranscriptionStreamOptions; n: number; startMs: number; clockMs: number; ended: boolean }>();
  const status: ModelStatus = { state: 'ready', modelId: 'stepped', progress: 1 };
  const stream = (key: string) => {
    const s = streams.get(key);
    if (!s || s.ended) throw new Error(`no open stream for ${key}`);
    return s;
  };
  const emit = (key: string, text: string, isFinal: boolean) => {
    const s = stream(key);
    s.clockMs += STEP_MS;
    s.options.onSegment({ id: `u${String(s.n).padStart(4, '0')}`, startMs: s.startMs, endMs: s.clockMs, text, isFinal });
    if (isFinal) {
      s.n += 1;
      s.startMs = s.clockMs;
    }
  };
  const double: SteppedTranscription = {
    ready: async () => {},
    status: () => status,
    onStatus: () => () => {},
    openStream(key, options) {
      const start = options.startOffsetMs ?? 0;
      const s = { options, n: 1, startMs: start, clockMs: start, ended: false };
      streams.set(key, s);
      return {
        push: () => !s.ended,
        async end() {
          s.ended = true;
        },
        drain: async () => {},
        // Stepped segments do not depend on the audio: everything emitted is settled.
        settledMs: () => s.clockMs,
      };
    },
    interim: (key, text) => emit(key, text, false),
    final: (key, text) => emit(key, text, true),
    say(key, text) {
      const pause = text.indexOf('。');
      if (pause > 0 && pause < text.length - 1) double.interim(key, text.slice(0, pause + 1));
      double.final(key, text);
    },
    close: async () => {},
  };
  return double;
}
