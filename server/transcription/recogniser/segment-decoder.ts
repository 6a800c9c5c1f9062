/**
 * The recogniser as the queue sees it: one segment of 16 kHz audio in, raw text out.
 * Implemented by the Whisper worker and by the fake in testing/.
 */
import type { DecodeOptions } from './protocol.ts';

/** Raw recogniser output for one segment (before normalisation). */
export interface DecodeResult {
  text: string;
  /** Time spent decoding, ms. */
  decodeMs: number;
}

/** Decodes one segment at a time; every call is independent (no carried-over text). */
export interface SegmentDecoder {
  decode(audio: Float32Array, options: DecodeOptions): Promise<DecodeResult>;
  close(): Promise<void>;
}
