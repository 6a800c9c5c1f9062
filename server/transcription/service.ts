/**
 * The transcription service: one Whisper worker and one VAD model per process, shared by
 * every meeting's stream. Comes up even when the model is missing (status 'error' with the
 * provisioning instructions) so the meeting server keeps running without transcripts.
 */
import os from 'node:os';
import path from 'node:path';
import { missingModelFiles, modelDir, type ModelDtype, resolveModel } from '../../models/registry.ts';
import { modelMissingMessage, TranscriptionError } from './errors.ts';
import type { DecodeOptions } from './recogniser/protocol.ts';
import { RecognitionQueue } from './recogniser/recognition-queue.ts';
import { RestartingDecoder } from './recogniser/restarting-decoder.ts';
import type { SegmentDecoder } from './recogniser/segment-decoder.ts';
import { WhisperWorker } from './recogniser/whisper-worker.ts';
import { LiveTranscriptionStream } from './stream.ts';
import type { ModelStatus, TranscriptionService, TranscriptionStream, TranscriptionStreamOptions } from './types.ts';
import { createEnergyDetectorFactory } from './vad/energy.ts';
import type { SegmenterOptions } from './vad/segmenter.ts';
import { loadSileroDetectorFactory } from './vad/silero.ts';
import { loadSileroWorkerFactory } from './vad/silero-worker.ts';
import type { SpeechDetectorFactory } from './vad/speech-detector.ts';

/** Decoding defaults: Chinese transcription with loop guards. */
export const DEFAULT_DECODE_OPTIONS: DecodeOptions = {
  language: 'chinese',
  task: 'transcribe',
  // 6 tokens: long enough that legitimate Chinese repeats (宣传…宣传) survive, short enough to stop loops.
  noRepeatNgramSize: 6,
  repetitionPenalty: 1.1,
  maxNewTokens: 224,
};

/** Options of {@link createTranscriptionService}. */
export interface TranscriptionServiceOptions {
  /** Manifest name (whisper-small), repo id or folder id below modelsDir (test/whisper-lookup-zh). */
  modelId: string;
  /** Folder holding model folders (LUOSHI_MODELS_DIR). */
  modelsDir: string;
  /** Weight precision; default from the manifest (q8). */
  dtype?: ModelDtype;
  /** Let Transformers.js download missing files from the hub. Default false (offline). */
  allowRemoteModels?: boolean;
  /** Decode a short clip before reporting ready. Default true. */
  warmup?: boolean;
  /**
   * ONNX Runtime intra-op threads in the Whisper worker (0 = library default: all cores).
   * Default cores − 1 (at least 1): the main thread keeps a core for VAD, resampling and sockets;
   * on a busy 2-core machine a 2-thread pool spinning against other work was 2× slower (bench).
   */
  threads?: number;
  /** Compute log-mel over the segment only instead of 30 s (identical features, 2–4× faster). Default true. */
  fastFeatures?: boolean;
  /** Overrides of the decoding settings. */
  decode?: Partial<DecodeOptions>;
  /**
   * Voice-activity detector: Silero (default: in a worker thread; on the main thread if the worker
   * cannot start, energy if Silero cannot load at all) or energy only.
   */
  vad?: 'silero' | 'energy';
  /** Segmenter tunables. */
  segmenter?: Partial<SegmenterOptions>;
  /** Bound of the shared decode queue, segments. Default 64. */
  maxQueuedFinals?: number;
  /** Replace the Whisper worker (tests use testing/fake-decoder.ts). */
  decoder?: SegmentDecoder;
  /** Wall clock for interim pacing, ms (tests inject a simulated clock). Default performance.now. */
  now?: () => number;
  /** Log sink for load events (no transcript text is ever passed). */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

/** Create the service and start loading the model in the background. */
export function createTranscriptionService(options: TranscriptionServiceOptions): TranscriptionService {
  const listeners = new Set<(status: ModelStatus) => void>();
  let current: ModelStatus = { state: 'loading', modelId: options.modelId, progress: 0 };
  const setStatus = (next: ModelStatus): void => {
    current = next;
    for (const listener of listeners) listener(next);
  };
  const log = options.log ?? (() => undefined);

  const decoderPromise: Promise<SegmentDecoder> = (async () => {
    if (options.decoder) return options.decoder;
    const model = resolveModel(options.modelId, options.dtype);
    const modelsDir = path.resolve(options.modelsDir);
    const missing = options.allowRemoteModels ? [] : missingModelFiles(modelsDir, model);
    if (missing.length > 0) {
      throw new TranscriptionError('MODEL_MISSING', modelMissingMessage(options.modelId, modelDir(modelsDir, model), missing));
    }
    const startWorker = async (): Promise<SegmentDecoder> => {
      const worker = WhisperWorker.spawn({
        modelId: model.localId,
        modelsDir,
        dtype: model.dtype,
        allowRemoteModels: options.allowRemoteModels ?? false,
        warmup: options.warmup ?? true,
        threads: options.threads ?? Math.max(1, os.cpus().length - 1),
        fastFeatures: options.fastFeatures ?? true,
        onProgress: (progress) => setStatus({ state: 'loading', modelId: options.modelId, progress }),
        onWarming: () => setStatus({ state: 'warming', modelId: options.modelId, progress: 1 }),
      });
      try {
        const timing = await worker.ready();
        log('transcription.model_ready', { modelId: options.modelId, dtype: model.dtype, ...timing });
      } catch (err) {
        await worker.close();
        throw err;
      }
      return worker;
    };
    const first = startWorker();
    await first;
    const restart = (): Promise<SegmentDecoder> =>
      startWorker().then(
        (worker) => {
          setStatus({ state: 'ready', modelId: options.modelId, progress: 1 });
          return worker;
        },
        (err: unknown) => {
          setStatus({ state: 'error', modelId: options.modelId, progress: 0, error: toTranscriptionError(err).toInfo() });
          throw err;
        },
      );
    return new RestartingDecoder(restart, first, (attempt) => log('transcription.worker_restart', { modelId: options.modelId, attempt }));
  })();

  const readyPromise = decoderPromise.then(
    () => setStatus({ state: 'ready', modelId: options.modelId, progress: 1 }),
    (err: unknown) => {
      const error = toTranscriptionError(err);
      setStatus({ state: 'error', modelId: options.modelId, progress: 0, error: error.toInfo() });
      log('transcription.model_error', { modelId: options.modelId, code: error.code });
      throw error;
    },
  );
  // Callers of ready() see the rejection; the service itself must not crash the process.
  readyPromise.catch(() => undefined);

  const fallback = (to: string) => (err: unknown) => {
    log('transcription.vad_fallback', { to, reason: err instanceof Error ? err.message : String(err) });
  };
  // Silero in its own thread (a busy event loop must not slow the VAD), else on this one, else energy.
  const detectorFactory: Promise<SpeechDetectorFactory> =
    options.vad === 'energy'
      ? Promise.resolve(createEnergyDetectorFactory())
      : loadSileroWorkerFactory()
          .catch((err: unknown) => {
            fallback('silero')(err);
            return loadSileroDetectorFactory();
          })
          .catch((err: unknown) => {
            fallback('energy')(err);
            return createEnergyDetectorFactory();
          });

  const queue = new RecognitionQueue(
    decoderPromise,
    { ...DEFAULT_DECODE_OPTIONS, ...options.decode },
    { maxQueuedFinals: options.maxQueuedFinals ?? 64 },
  );
  let closed = false;
  let streamSerial = 0;

  return {
    ready: () => readyPromise,
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openStream(key: string, streamOptions: TranscriptionStreamOptions): TranscriptionStream {
      if (closed) throw new TranscriptionError('CLOSED', '语音识别服务已关闭 / transcription service closed');
      return new LiveTranscriptionStream(
        {
          // Unique per stream: two streams of one meeting (socket + LiveKit) must not replace each
          // other's interims. Finals are FIFO across all streams, so each meeting stays in order.
          key: `${key}#${++streamSerial}`,
          queue,
          detector: detectorFactory.then((f) => f.create()),
          segmenter: options.segmenter,
          ...(options.now ? { now: options.now } : {}),
        },
        streamOptions,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      queue.close();
      const decoder = await decoderPromise.catch(() => null);
      await decoder?.close();
      await (await detectorFactory).close();
    },
  };
}

function toTranscriptionError(err: unknown): TranscriptionError {
  if (err instanceof TranscriptionError) return err;
  const why = err instanceof Error ? err.message : String(err);
  return new TranscriptionError('MODEL_LOAD_FAILED', `语音识别模型加载失败 / model failed to load: ${why}`);
}
