/**
 * File feeder (CLIs, bench, tests): feed a whole chunk into a stream in live-sized pieces and collect
 * what comes out.
 */
import { splitChunk } from './audio/wav.ts';
import type { AudioChunk, TranscriptSegment, TranscriptionService, TranscriptionStreamOptions } from './types.ts';

/** Options of {@link transcribeChunk}. */
export interface FeedOptions extends Partial<TranscriptionStreamOptions> {
  /** Piece length, seconds. Default 0.1. */
  pieceSeconds?: number;
  /** Called before each piece is pushed (e.g. a real-time feeder waits until the piece was "spoken"). */
  beforePiece?: (pieceSeconds: number) => Promise<void> | void;
  /** Called after each piece was pushed (e.g. to advance a simulated clock). */
  afterPiece?: (pieceSeconds: number) => Promise<void> | void;
}

/** Feed `audio` through a new stream of `service`; returns every emitted segment in order. */
export async function transcribeChunk(
  service: TranscriptionService,
  key: string,
  audio: AudioChunk,
  options: FeedOptions = {},
): Promise<TranscriptSegment[]> {
  const segments: TranscriptSegment[] = [];
  const pieceSeconds = options.pieceSeconds ?? 0.1;
  const stream = service.openStream(key, {
    ...options,
    onSegment: (s) => {
      segments.push(s);
      options.onSegment?.(s);
    },
  });
  for (const piece of splitChunk(audio, Math.round(audio.sampleRate * pieceSeconds))) {
    await options.beforePiece?.(pieceSeconds);
    if (!stream.push(piece)) await stream.drain();
    await options.afterPiece?.(pieceSeconds);
  }
  await stream.end();
  return segments;
}

/** Final segments with text, as the extractor sees them. */
export function finalsOf(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  return segments.filter((s) => s.isFinal && s.text !== '');
}
