/**
 * A TranscriptionService test double whose words come from the audio itself, so audio sent
 * twice is heard twice and audio never heard is missing — what a failover test must be able to
 * see. The audio is a code: every sample of utterance k (1-based) has the value k × CODE_STEP,
 * silence is 0. Like the real recogniser, an utterance ends after HANGOVER_MS of silence and is
 * then delivered as a final with utterance k's text (an interim comes at half a second of
 * speech); audio is settled up to the start of the utterance still running. `end()` flushes it.
 */
import type { ModelStatus, TranscriptionService, TranscriptSegment } from '../../server/transcription/types.ts';

/** Sample value step between utterance codes. */
export const CODE_STEP = 100;
/** Silence that ends an utterance, ms. */
export const HANGOVER_MS = 300;
const INTERIM_AFTER_MS = 500;

/** Int16 mono chunks of `ms` at 16 kHz holding utterance `k` (0: silence). */
export function codedChunks(k: number, ms: number, chunkMs = 100): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (let at = 0; at < ms; at += chunkMs) out.push(new Int16Array((Math.min(chunkMs, ms - at) * 16000) / 1000).fill(k * CODE_STEP).buffer);
  return out;
}

export function createCodedTranscription(texts: readonly string[]): TranscriptionService {
  const status: ModelStatus = { state: 'ready', modelId: 'coded', progress: 1 };
  return {
    ready: async () => {},
    status: () => status,
    onStatus: () => () => {},
    openStream(_key, options) {
      const offset = options.startOffsetMs ?? 0;
      let localMs = 0;
      let settled = 0;
      let n = 0;
      /** The running utterance: its code, where its speech began and ended (stream ms). */
      let running: { code: number; startMs: number; endMs: number; interim: boolean } | null = null;
      let ended = false;
      const emit = (text: string, isFinal: boolean) => {
        if (!running) return;
        const seg: TranscriptSegment = { id: `c${String(n).padStart(4, '0')}`, startMs: offset + running.startMs, endMs: offset + running.endMs, text, isFinal };
        options.onSegment(seg);
      };
      const finish = () => {
        if (!running) return;
        emit(texts[running.code - 1] ?? `?${running.code}`, true);
        running = null;
        settled = localMs;
      };
      const hear = (code: number, ms: number) => {
        if (code === 0) {
          if (running && localMs + ms - running.endMs >= HANGOVER_MS) {
            finish();
            settled = localMs + ms;
          } else if (!running) settled = localMs + ms;
        } else {
          if (running && running.code !== code) finish();
          if (!running) {
            n += 1;
            running = { code, startMs: localMs, endMs: localMs, interim: false };
          }
          running.endMs = localMs + ms;
          if (!running.interim && running.endMs - running.startMs >= INTERIM_AFTER_MS) {
            running.interim = true;
            emit((texts[code - 1] ?? '').slice(0, 2), false);
          }
        }
        localMs += ms;
      };
      return {
        push(chunk) {
          if (ended) return false;
          const perMs = (chunk.sampleRate * chunk.channels) / 1000;
          // Runs of one code: a chunk cut at a frame boundary still reads right.
          let from = 0;
          const { samples } = chunk;
          for (let i = 1; i <= samples.length; i++) {
            if (i < samples.length && samples[i] === samples[from]) continue;
            hear(Math.round((samples[from] ?? 0) / CODE_STEP), (i - from) / perMs);
            from = i;
          }
          return true;
        },
        async end() {
          finish();
          ended = true;
        },
        drain: async () => {},
        settledMs: () => (running ? running.startMs : settled),
      };
    },
    close: async () => {},
  };
}
