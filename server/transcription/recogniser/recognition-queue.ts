/**
 * Recognition queue in front of the single Whisper worker: one decode at a time, finals
 * first and in FIFO order (so each key's segments stay in order), then interims asked for at a
 * sentence pause, then periodic interims; at most one pending interim per key (a newer one
 * replaces it, but a periodic one never replaces a pause one), a bounded number of queued finals.
 * Each job carries the prompt its stream gave when it was queued.
 */
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { TranscriptionError, type TranscriptionErrorInfo } from '../errors.ts';
import type { InterimTrigger } from '../types.ts';
import type { DecodeOptions } from './protocol.ts';
import type { SegmentDecoder } from './segment-decoder.ts';

/** Kind of decode job. */
export type JobKind = 'final' | 'interim';

export type { InterimTrigger };

/** Weight of the newest decode in the running decode-time average (exponential, 0..1). */
const DECODE_AVERAGE_WEIGHT = 0.2;
/** How a queued decode ended. */
export type DecodeOutcome =
  | {
      status: 'ok';
      text: string;
      /** Time in the decoder, ms. */
      decodeMs: number;
      /** Time waiting in the queue, ms. */
      queuedMs: number;
      /** Prompt tokens the decoder received (0 = none). */
      promptTokens: number;
    }
  | { status: 'dropped' }
  | { status: 'failed'; error: TranscriptionErrorInfo };

/** Options of {@link RecognitionQueue}. */
export interface RecognitionQueueOptions {
  /** Finals waiting beyond this are refused with QUEUE_FULL (≈ 20 s of audio each). Default 64. */
  maxQueuedFinals?: number;
  /** Monotonic clock in ms (injectable for tests). Default performance.now. */
  now?: () => number;
}

interface Job {
  kind: JobKind;
  /** Interims only. */
  trigger: InterimTrigger | null;
  key: string;
  segmentId: string;
  audio: Float32Array;
  prompt: RecognitionPrompt | null;
  enqueuedAt: number;
  resolve: (outcome: DecodeOutcome) => void;
}

/** Schedules decode jobs of all streams onto one decoder. */
export class RecognitionQueue {
  private readonly finals: Job[] = [];
  private readonly interims = new Map<string, Job>();
  private inFlight: Job | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly maxQueuedFinals: number;
  private readonly now: () => number;
  private closed = false;
  private decodeAverageMs: number | null = null;

  constructor(
    private readonly decoder: Promise<SegmentDecoder> | SegmentDecoder,
    private readonly decodeOptions: DecodeOptions,
    options: RecognitionQueueOptions = {},
  ) {
    this.maxQueuedFinals = options.maxQueuedFinals ?? 64;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Queue the closed segment's final decode with its prompt. Never dropped; refused only when
   * the queue is full.
   */
  enqueueFinal(key: string, segmentId: string, audio: Float32Array, prompt: RecognitionPrompt | null = null): Promise<DecodeOutcome> {
    // An interim of the same segment is stale now: the final will replace it anyway.
    const stale = this.interims.get(key);
    if (stale && stale.segmentId === segmentId) {
      this.interims.delete(key);
      stale.resolve({ status: 'dropped' });
    }
    if (this.closed) return Promise.resolve({ status: 'failed', error: closedError() });
    if (this.finals.length >= this.maxQueuedFinals) {
      return Promise.resolve({
        status: 'failed',
        error: { code: 'QUEUE_FULL', message: `识别队列已满，本段未识别 / recogniser queue full (${this.maxQueuedFinals} segments waiting)` },
      });
    }
    return this.add('final', null, key, segmentId, audio, prompt);
  }

  /**
   * Queue an interim decode with its prompt. It replaces the key's pending interim ('dropped'),
   * except that a periodic interim never replaces a pending pause interim of the same segment (it
   * is dropped itself): the pause one carries a complete clause and must not be starved.
   */
  enqueueInterim(
    key: string, segmentId: string, audio: Float32Array, trigger: InterimTrigger = 'periodic', prompt: RecognitionPrompt | null = null,
  ): Promise<DecodeOutcome> {
    if (this.closed) return Promise.resolve({ status: 'dropped' });
    const previous = this.interims.get(key);
    if (previous) {
      if (trigger === 'periodic' && previous.trigger === 'pause' && previous.segmentId === segmentId) {
        return Promise.resolve({ status: 'dropped' });
      }
      this.interims.delete(key);
      previous.resolve({ status: 'dropped' });
    }
    return this.add('interim', trigger, key, segmentId, audio, prompt);
  }

  /** Running average of decode times, ms (null before the first decode). */
  get averageDecodeMs(): number | null {
    return this.decodeAverageMs;
  }

  /** Finals of `key` queued or decoding. */
  pendingFinals(key: string): number {
    let n = this.inFlight?.kind === 'final' && this.inFlight.key === key ? 1 : 0;
    for (const job of this.finals) if (job.key === key) n++;
    return n;
  }

  /** True when nothing is queued or decoding. */
  get idle(): boolean {
    return !this.inFlight && this.finals.length === 0 && this.interims.size === 0;
  }

  /** Finals waiting (not counting the one decoding). */
  get queuedFinals(): number {
    return this.finals.length;
  }

  /** Subscribe to queue changes (a job started or finished). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Refuse new work and drop queued interims; queued finals still run. */
  close(): void {
    this.closed = true;
    for (const job of this.interims.values()) job.resolve({ status: 'dropped' });
    this.interims.clear();
  }

  private add(
    kind: JobKind, trigger: InterimTrigger | null, key: string, segmentId: string, audio: Float32Array, prompt: RecognitionPrompt | null,
  ): Promise<DecodeOutcome> {
    return new Promise<DecodeOutcome>((resolve) => {
      const job: Job = { kind, trigger, key, segmentId, audio, prompt, enqueuedAt: this.now(), resolve };
      if (kind === 'final') this.finals.push(job);
      else this.interims.set(key, job);
      this.pump();
    });
  }

  private next(): Job | null {
    const final = this.finals.shift();
    if (final) return final;
    // Interims only when no final waits: pause interims first, then the oldest pending one.
    let best: Job | null = null;
    for (const job of this.interims.values()) {
      if (!best) best = job;
      else if ((job.trigger === 'pause') !== (best.trigger === 'pause')) best = job.trigger === 'pause' ? job : best;
      else if (job.enqueuedAt < best.enqueuedAt) best = job;
    }
    if (best) this.interims.delete(best.key);
    return best;
  }

  private pump(): void {
    if (this.inFlight) return;
    const job = this.next();
    if (!job) return;
    this.inFlight = job;
    this.emitChange();
    const started = this.now();
    void this.run(job).then((outcome) => {
      this.inFlight = null;
      if (outcome.status === 'ok') {
        const avg = this.decodeAverageMs;
        this.decodeAverageMs = avg === null ? outcome.decodeMs : avg + DECODE_AVERAGE_WEIGHT * (outcome.decodeMs - avg);
      }
      job.resolve(outcome.status === 'ok' ? { ...outcome, queuedMs: started - job.enqueuedAt } : outcome);
      this.emitChange();
      this.pump();
    });
  }

  private async run(job: Job): Promise<DecodeOutcome> {
    try {
      const decoder = await this.decoder;
      const result = await decoder.decode(job.audio, this.decodeOptions, job.prompt);
      return { status: 'ok', text: result.text, decodeMs: result.decodeMs, queuedMs: 0, promptTokens: result.promptTokens };
    } catch (err) {
      const error =
        err instanceof TranscriptionError
          ? err.toInfo()
          : { code: 'DECODE_FAILED' as const, message: `识别失败 / decode failed: ${err instanceof Error ? err.message : String(err)}` };
      return { status: 'failed', error };
    }
  }

  private emitChange(): void {
    for (const listener of this.listeners) listener();
  }
}

function closedError(): TranscriptionErrorInfo {
  return { code: 'CLOSED', message: '语音识别服务已关闭 / transcription service closed' };
}
