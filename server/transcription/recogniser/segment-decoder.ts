/**
 * The recogniser as the queue sees it: one segment of 16 kHz audio (and the meeting's prompt)
 * in, raw text out. Implemented by the Whisper worker and by the fake in testing/.
 */
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import type { DecodeOptions } from './protocol.ts';

/** Raw recogniser output for one segment (before normalisation). */
export interface DecodeResult {
  text: string;
  /** Time spent decoding, ms. */
  decodeMs: number;
  /** Prompt tokens the decoder received (0 = no prompt). */
  promptTokens: number;
}

/**
 * Decodes one segment at a time. Calls are independent: the only context a decode sees is the
 * `prompt` it is given (too long a prompt is shortened, never refused; the text never contains it).
 */
export interface SegmentDecoder {
  decode(audio: Float32Array, options: DecodeOptions, prompt?: RecognitionPrompt | null): Promise<DecodeResult>;
  close(): Promise<void>;
}
