/**
 * Silero VAD v5 on onnxruntime-node. The ONNX weights ship inside the `@ricky0123/vad-web`
 * npm package, so nothing is downloaded at run time.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { FRAME_SAMPLES, scoreInTurn, type SpeechDetector, type SpeechDetectorFactory } from './speech-detector.ts';

/** Samples of the previous frame prepended to each frame (Silero v5's context window at 16 kHz). */
const CONTEXT_SAMPLES = 64;
/** Size of Silero v5's recurrent state [2, 1, 128]. */
const STATE_SIZE = 2 * 128;

/** Absolute path of the Silero v5 model inside the installed vad-web package. */
export function sileroModelPath(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@ricky0123/vad-web'); // …/dist/index.js
  return path.join(path.dirname(main), 'silero_vad_v5.onnx');
}

class SileroDetector implements SpeechDetector {
  private state: Float32Array = new Float32Array(STATE_SIZE);
  private context: Float32Array = new Float32Array(CONTEXT_SAMPLES);

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly sampleRate: ort.Tensor,
  ) {}

  async probability(frame: Float32Array): Promise<number> {
    const input = new Float32Array(CONTEXT_SAMPLES + FRAME_SAMPLES);
    input.set(this.context, 0);
    input.set(frame.subarray(0, FRAME_SAMPLES), CONTEXT_SAMPLES);
    this.context = input.slice(-CONTEXT_SAMPLES);
    const out = await this.session.run({
      input: new ort.Tensor('float32', input, [1, input.length]),
      state: new ort.Tensor('float32', this.state, [2, 1, 128]),
      sr: this.sampleRate,
    });
    const next = out['stateN']?.data;
    const prob = out['output']?.data;
    if (!(next instanceof Float32Array) || !(prob instanceof Float32Array)) {
      throw new Error('Silero VAD returned unexpected outputs');
    }
    this.state = next;
    return prob[0] ?? 0;
  }

  probabilities(frames: readonly Float32Array[]): Promise<number[]> {
    return scoreInTurn(this, frames);
  }

  reset(): void {
    this.state = new Float32Array(STATE_SIZE);
    this.context = new Float32Array(CONTEXT_SAMPLES);
  }

  close(): void {}
}

/** A stream's detector over a loaded session (the VAD worker keeps one per stream). */
export function createSileroDetector(session: ort.InferenceSession, sampleRate: ort.Tensor): SpeechDetector {
  return new SileroDetector(session, sampleRate);
}

/** Load the Silero session (and the sample-rate input every run takes). */
export async function loadSileroSession(modelPath = sileroModelPath()): Promise<{ session: ort.InferenceSession; sampleRate: ort.Tensor }> {
  // One intra-op thread: a 32 ms frame is tiny and the Whisper worker needs the other core.
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  return { session, sampleRate: new ort.Tensor('int64', BigInt64Array.from([16_000n]), []) };
}

/**
 * Load the Silero session once, on this thread; detectors (one per stream) share it. The server
 * runs it in a worker instead (silero-worker.ts); this is its fallback and the tests' reference.
 */
export async function loadSileroDetectorFactory(modelPath = sileroModelPath()): Promise<SpeechDetectorFactory> {
  const { session, sampleRate } = await loadSileroSession(modelPath);
  return {
    kind: 'silero',
    create: () => new SileroDetector(session, sampleRate),
    close: () => session.release(),
  };
}
