/**
 * VAD worker thread: Silero v5 scores of each stream's frames, a batch per request. On the main
 * thread every Silero frame costs one turn of the event loop (onnxruntime-node runs a session
 * from setImmediate), so a busy loop — 200 venues acknowledging a requirement at once on a loaded
 * machine — slowed the VAD to a third of real time and delayed the pause that carries the next
 * point by seconds. Here the loop serves nothing else, and the main thread gets a batch per turn.
 */
import { parentPort } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { FRAME_SAMPLES, type SpeechDetector } from './speech-detector.ts';
import { createSileroDetector, loadSileroSession } from './silero.ts';
import { type VadRequest, type VadResponse, vadRequestSchema } from './vad-protocol.ts';

const port = parentPort;
if (!port) throw new Error('vad-worker.ts must run in a worker thread');

let session: { session: ort.InferenceSession; sampleRate: ort.Tensor } | null = null;
const detectors = new Map<number, SpeechDetector>();

function send(message: VadResponse, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function handle(msg: VadRequest): Promise<void> {
  switch (msg.type) {
    case 'init':
      try {
        session ??= await loadSileroSession(msg.modelPath);
        send({ type: 'ready', id: msg.id });
      } catch (err) {
        send({ type: 'error', id: msg.id, error: { code: 'VAD_LOAD_FAILED', message: err instanceof Error ? err.message : String(err) } });
      }
      return;
    case 'score': {
      if (!session) {
        send({ type: 'error', id: msg.id, error: { code: 'VAD_FAILED', message: 'model not loaded' } });
        return;
      }
      let detector = detectors.get(msg.streamId);
      if (!detector) detectors.set(msg.streamId, (detector = createSileroDetector(session.session, session.sampleRate)));
      const count = Math.floor(msg.frames.length / FRAME_SAMPLES);
      const probabilities = new Float32Array(count);
      try {
        for (let i = 0; i < count; i++) probabilities[i] = await detector.probability(msg.frames.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES));
      } catch (err) {
        send({ type: 'error', id: msg.id, error: { code: 'VAD_FAILED', message: err instanceof Error ? err.message : String(err) } });
        return;
      }
      send({ type: 'scores', id: msg.id, probabilities }, [probabilities.buffer]);
      return;
    }
    case 'release':
      detectors.delete(msg.streamId);
      send({ type: 'done', id: msg.id });
      return;
    case 'shutdown':
      detectors.clear();
      await session?.session.release();
      session = null;
      send({ type: 'done', id: msg.id });
      port?.close();
      return;
    default: {
      const unreachable: never = msg;
      throw new Error(`unhandled request ${JSON.stringify(unreachable)}`);
    }
  }
}

// One request at a time, in arrival order: a stream's frames must be scored in sequence.
let chain: Promise<void> = Promise.resolve();
port.on('message', (raw: unknown) => {
  const parsed = vadRequestSchema.safeParse(raw);
  if (!parsed.success) return; // not a request of ours: nothing to answer
  chain = chain.then(() => handle(parsed.data));
});
