/**
 * Keeps one Whisper worker alive: if the thread dies (native crash, out of memory), the next
 * decode starts a fresh one. Retry policy lives here and only here.
 */
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { TranscriptionError } from '../errors.ts';
import type { DecodeOptions } from './protocol.ts';
import type { DecodeResult, SegmentDecoder } from './segment-decoder.ts';

/** Restarts allowed within {@link RESTART_WINDOW_MS}; beyond that the error stands. */
export const MAX_RESTARTS = 3;
/** Window for counting restarts, ms (10 min). */
export const RESTART_WINDOW_MS = 10 * 60_000;

/** Wraps a decoder factory; `start()` must resolve once the new decoder is ready. */
export class RestartingDecoder implements SegmentDecoder {
  private current: Promise<SegmentDecoder>;
  private readonly restarts: number[] = [];
  private closed = false;

  constructor(
    private readonly start: () => Promise<SegmentDecoder>,
    first: Promise<SegmentDecoder>,
    private readonly onRestart: (attempt: number) => void = () => undefined,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.current = first;
  }

  async decode(audio: Float32Array, options: DecodeOptions, prompt: RecognitionPrompt | null = null): Promise<DecodeResult> {
    const decoder = await this.current;
    try {
      return await decoder.decode(audio, options, prompt);
    } catch (err) {
      if (!(err instanceof TranscriptionError) || err.code !== 'WORKER_EXITED' || this.closed) throw err;
      const t = this.now();
      while (this.restarts.length > 0 && t - (this.restarts[0] ?? 0) > RESTART_WINDOW_MS) this.restarts.shift();
      if (this.restarts.length >= MAX_RESTARTS) throw err;
      this.restarts.push(t);
      // Only the first caller that sees the dead decoder replaces it; the others await the same one.
      if ((await this.current) === decoder) {
        this.onRestart(this.restarts.length);
        this.current = this.start();
      }
      // The segment that was decoding when the worker died is retried once on the new worker.
      return (await this.current).decode(audio, options, prompt);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const decoder = await this.current.catch(() => null);
    await decoder?.close();
  }
}
