/**
 * Message protocol between the main thread and the VAD worker thread (vad-worker.ts). Tagged
 * unions in both directions; every request carries an id that its reply echoes. Exchanges:
 * init → ready | error; score → scores | error; release → done; shutdown → done. Errors cross
 * as plain { code, message }. Each side validates what it receives with these schemas.
 */
import { z } from 'zod';

const errorSchema = z.object({ code: z.enum(['VAD_LOAD_FAILED', 'VAD_FAILED']), message: z.string() });

/** Validates requests inside the worker (main thread → worker). */
export const vadRequestSchema = z.discriminatedUnion('type', [
  /** Load the Silero model from this absolute path. */
  z.object({ type: z.literal('init'), id: z.number().int(), modelPath: z.string().min(1) }),
  z.object({
    type: z.literal('score'),
    id: z.number().int(),
    /** The stream whose recurrent state continues (one per transcription stream). */
    streamId: z.number().int(),
    /** Consecutive 512-sample frames of that stream, concatenated (16 kHz). */
    frames: z.instanceof(Float32Array),
  }),
  /** Forget a stream's state (it ended). */
  z.object({ type: z.literal('release'), id: z.number().int(), streamId: z.number().int() }),
  z.object({ type: z.literal('shutdown'), id: z.number().int() }),
]);

/** Validates replies on the main thread. */
export const vadResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), id: z.number().int() }),
  /** One speech probability 0..1 per frame of the request, in order. */
  z.object({ type: z.literal('scores'), id: z.number().int(), probabilities: z.instanceof(Float32Array) }),
  z.object({ type: z.literal('error'), id: z.number().int(), error: errorSchema }),
  z.object({ type: z.literal('done'), id: z.number().int() }),
]);

/** Main thread → worker. */
export type VadRequest = z.infer<typeof vadRequestSchema>;
/** Worker → main thread. */
export type VadResponse = z.infer<typeof vadResponseSchema>;
