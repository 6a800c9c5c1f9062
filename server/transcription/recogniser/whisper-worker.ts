/**
 * Main-thread side of the Whisper worker: spawns the thread, keeps a map of pending requests
 * that replies resolve, and turns worker errors into TranscriptionErrors.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { boundPrompt, isEmptyPrompt, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { TranscriptionError } from '../errors.ts';
import { spawnTsWorker } from '../worker-thread.ts';
import { type DecodeOptions, type WorkerInit, type WorkerRequest, type WorkerResponse, workerResponseSchema } from './protocol.ts';
import type { DecodeResult, SegmentDecoder } from './segment-decoder.ts';

/** How long close() waits for the worker's done before terminating it, ms. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

/** Options of {@link WhisperWorker.spawn}: the init settings plus start-up callbacks. */
export interface WhisperWorkerOptions extends WorkerInit {
  /** Load progress 0..1. */
  onProgress?: (progress: number) => void;
  /** Called when the model is loaded and the warm-up decode starts. */
  onWarming?: () => void;
}

/** Timing of the model start-up. */
export interface WorkerReady {
  loadMs: number;
  warmupMs: number;
}

interface Pending {
  resolve: (response: WorkerResponse) => void;
  reject: (error: TranscriptionError) => void;
}

/** Handle on one Whisper worker thread. */
export class WhisperWorker implements SegmentDecoder {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;
  private readonly readyPromise: Promise<WorkerReady>;

  private constructor(private readonly options: WhisperWorkerOptions) {
    this.worker = spawnTsWorker(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts'), 'luoshi-whisper');
    this.worker.on('message', (raw: unknown) => this.onMessage(raw));
    this.worker.on('error', (err) => this.failAll(`Whisper 工作线程出错 / worker error: ${err.message}`));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.failAll(`Whisper 工作线程已退出 / worker exited (code ${code})`);
    });
    this.readyPromise = this.request({
      type: 'init',
      id: 0, // replaced by request()
      modelId: options.modelId,
      modelsDir: options.modelsDir,
      dtype: options.dtype,
      allowRemoteModels: options.allowRemoteModels,
      warmup: options.warmup,
      threads: options.threads,
      fastFeatures: options.fastFeatures,
    }).then((reply) => {
      if (reply.type !== 'ready') throw new TranscriptionError('MODEL_LOAD_FAILED', `unexpected reply ${reply.type}`);
      return { loadMs: reply.loadMs, warmupMs: reply.warmupMs };
    });
    // ready() callers see the rejection; this keeps an unobserved failure from crashing the process.
    this.readyPromise.catch(() => undefined);
  }

  /** Start a worker and begin loading the model. */
  static spawn(options: WhisperWorkerOptions): WhisperWorker {
    return new WhisperWorker(options);
  }

  /** Resolves once the model is loaded and warmed up. */
  ready(): Promise<WorkerReady> {
    return this.readyPromise;
  }

  async decode(audio: Float32Array, options: DecodeOptions, prompt: RecognitionPrompt | null = null): Promise<DecodeResult> {
    await this.readyPromise;
    const copy = audio.slice(); // transferred to the worker, so never the caller's buffer
    // Bounded here, at the edge, so that a long prompt is shortened rather than refused by the schema.
    const bounded = prompt && !isEmptyPrompt(prompt) ? boundPrompt(prompt) : null;
    const reply = await this.request({ type: 'transcribe', id: 0, audio: copy, options, prompt: bounded }, [copy.buffer]);
    if (reply.type !== 'result') throw new TranscriptionError('DECODE_FAILED', `unexpected reply ${reply.type}`);
    return { text: reply.text, decodeMs: reply.decodeMs, promptTokens: reply.promptTokens };
  }

  /** shutdown → done, then the thread ends; terminates it if it does not answer in time. */
  async close(): Promise<void> {
    if (this.exited) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
    await Promise.race([this.request({ type: 'shutdown', id: 0 }).catch(() => undefined), timeout]);
    if (!this.exited) await this.worker.terminate();
  }

  private request(message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    if (this.exited) {
      return Promise.reject(new TranscriptionError('WORKER_EXITED', 'Whisper 工作线程已退出 / worker has exited', true));
    }
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  private onMessage(raw: unknown): void {
    const parsed = workerResponseSchema.safeParse(raw);
    if (!parsed.success) return; // a malformed reply cannot be matched to a request; the request times out with the worker
    const msg: WorkerResponse = parsed.data;
    switch (msg.type) {
      case 'progress':
        this.options.onProgress?.(msg.progress);
        return;
      case 'warming':
        this.options.onWarming?.();
        return;
      case 'error': {
        const entry = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        entry?.reject(TranscriptionError.from(msg.error));
        return;
      }
      case 'ready':
      case 'result':
      case 'done': {
        const entry = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        entry?.resolve(msg);
        return;
      }
      default: {
        const unreachable: never = msg;
        throw new Error(`unhandled reply ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private failAll(message: string): void {
    for (const entry of this.pending.values()) entry.reject(new TranscriptionError('WORKER_EXITED', message, true));
    this.pending.clear();
  }
}
