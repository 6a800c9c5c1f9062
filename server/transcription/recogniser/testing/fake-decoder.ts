/**
 * Fake SegmentDecoder for tests of the queue and the stream: answers with a text derived
 * from the audio, after a delay the test controls.
 */
import { formatTerms, type RecognitionPrompt } from '../../../../shared/transcript/prompt.ts';
import type { DecodeOptions } from '../protocol.ts';
import type { DecodeResult, SegmentDecoder } from '../segment-decoder.ts';

/** One call the fake received. */
export interface FakeDecodeCall {
  audio: Float32Array;
  options: DecodeOptions;
  /** The prompt the caller passed (null when none). */
  prompt: RecognitionPrompt | null;
}

/** Options of {@link FakeDecoder}. */
export interface FakeDecoderOptions {
  /** Text for an input (default: "<n> samples"). */
  answer?: (audio: Float32Array) => string;
  /** When true, each decode waits for {@link FakeDecoder.release}. Default false (answers at once). */
  manual?: boolean;
  /** Throw for inputs where this returns true. */
  failWhen?: (audio: Float32Array) => boolean;
}

/** Controllable decoder: records calls, answers immediately or on release(). */
export class FakeDecoder implements SegmentDecoder {
  readonly calls: FakeDecodeCall[] = [];
  private readonly waiting: Array<() => void> = [];
  closed = false;

  constructor(private readonly options: FakeDecoderOptions = {}) {}

  async decode(audio: Float32Array, options: DecodeOptions, prompt: RecognitionPrompt | null = null): Promise<DecodeResult> {
    this.calls.push({ audio, options, prompt });
    if (this.options.manual) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.options.failWhen?.(audio)) throw new Error('fake decode failure');
    const text = this.options.answer ? this.options.answer(audio) : `${audio.length} samples`;
    // One "token" per prompt character: enough for tests to see which prompt a decode got.
    const promptTokens = prompt ? Array.from(formatTerms(prompt.terms) + prompt.previousText).length : 0;
    return { text, decodeMs: 1, promptTokens };
  }

  /** Let the oldest waiting decode finish; returns false when none waits. */
  release(): boolean {
    const next = this.waiting.shift();
    next?.();
    return next !== undefined;
  }

  /** Decodes currently waiting for release(). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
