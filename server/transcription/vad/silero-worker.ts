/**
 * Silero VAD in its own worker thread (vad-worker.ts, protocol in vad-protocol.ts): each stream's
 * detector sends its waiting frames as one batch and gets one probability per frame back, so a
 * busy main thread costs the VAD one event-loop turn per batch instead of one per 32 ms frame.
 * If the worker dies, the detectors go on with Silero on this thread (their state starts afresh):
 * transcription never stops for it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { spawnTsWorker } from '../worker-thread.ts';
import { loadSileroDetectorFactory, sileroModelPath } from './silero.ts';
import { FRAME_SAMPLES, type SpeechDetector, type SpeechDetectorFactory } from './speech-detector.ts';
import { type VadRequest, type VadResponse, vadResponseSchema } from './vad-protocol.ts';

/** How long close() waits for the worker's done before terminating it, ms. */
const SHUTDOWN_TIMEOUT_MS = 2_000;

/** Distributes a request over `Omit` for each member of the union (keeps the discriminant). */
type RequestBody = VadRequest extends infer R ? (R extends VadRequest ? Omit<R, 'id'> : never) : never;

/** Start the VAD worker and load Silero in it; rejects if the model cannot be loaded there. */
export async function loadSileroWorkerFactory(modelPath = sileroModelPath()): Promise<SpeechDetectorFactory> {
  const worker: Worker = spawnTsWorker(path.join(path.dirname(fileURLToPath(import.meta.url)), 'vad-worker.ts'), 'luoshi-vad');
  const pending = new Map<number, { resolve: (r: VadResponse) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let nextStream = 1;
  let exited = false;
  let local: Promise<SpeechDetectorFactory> | null = null;

  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };
  worker.on('message', (raw: unknown) => {
    const parsed = vadResponseSchema.safeParse(raw);
    if (!parsed.success) return; // cannot be matched to a request
    const reply = parsed.data;
    const entry = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'error') entry?.reject(new Error(`${reply.error.code}: ${reply.error.message}`));
    else entry?.resolve(reply);
  });
  worker.on('error', (err) => failAll(`VAD worker error: ${err.message}`));
  worker.on('exit', (code) => {
    exited = true;
    failAll(`VAD worker exited (code ${code})`);
  });

  function request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<VadResponse> {
    if (exited) return Promise.reject(new Error('VAD worker has exited'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id }, transfer);
    });
  }

  try {
    await request({ type: 'init', modelPath });
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  /** Silero on this thread, once the worker is gone. */
  const fallback = () => (local ??= loadSileroDetectorFactory(modelPath));

  return {
    kind: 'silero-worker',
    create(): SpeechDetector {
      const streamId = nextStream++;
      let here: SpeechDetector | null = null;
      const detector: SpeechDetector = {
        async probabilities(frames) {
          if (frames.length === 0) return [];
          if (!here && !exited) {
            const joined = new Float32Array(frames.length * FRAME_SAMPLES);
            frames.forEach((f, i) => joined.set(f.subarray(0, FRAME_SAMPLES), i * FRAME_SAMPLES));
            try {
              const reply = await request({ type: 'score', streamId, frames: joined }, [joined.buffer]);
              if (reply.type === 'scores' && reply.probabilities.length === frames.length) return Array.from(reply.probabilities);
              throw new Error(`VAD worker answered ${reply.type} with a wrong count`);
            } catch (err) {
              // A scoring error is this batch's; a dead worker is everyone's: go on here.
              if (!exited) throw err;
            }
          }
          here ??= (await fallback()).create();
          return here.probabilities(frames);
        },
        async probability(frame) {
          return (await detector.probabilities([frame]))[0] ?? 0;
        },
        reset() {
          if (here) here.reset();
          else request({ type: 'release', streamId }).catch(() => undefined); // the next batch starts afresh
        },
        close() {
          here?.close();
          if (!exited) request({ type: 'release', streamId }).catch(() => undefined);
        },
      };
      return detector;
    },
    async close() {
      if (!exited) {
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
        await Promise.race([request({ type: 'shutdown' }).catch(() => undefined), timeout]);
        if (!exited) await worker.terminate();
      }
      if (local) await (await local).close();
    },
  };
}
