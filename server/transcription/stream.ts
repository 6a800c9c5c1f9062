/**
 * One live transcription stream: audio chunks → 16 kHz → VAD frames → segments → recogniser
 * queue → normalised interim/final TranscriptSegments. This adapter is the only place that
 * knows about streams; the recogniser only ever sees one segment.
 */
import { normaliseTranscript } from '../../shared/transcript/normalise.ts';
import { AudioInput, MODEL_SAMPLE_RATE } from './audio/audio-input.ts';
import { TranscriptionError, type TranscriptionErrorInfo } from './errors.ts';
import type { DecodeOutcome } from './recogniser/recognition-queue.ts';
import { FrameChunker } from './vad/frames.ts';
import { Segmenter, type SegmenterEvent } from './vad/segmenter.ts';
import type { SpeechDetector } from './vad/speech-detector.ts';
import type { AudioChunk, InterimTrigger, RecognitionPrompt, TranscriptionStream, TranscriptionStreamOptions } from './types.ts';
import {
  ArrivalRate, DEFAULT_INTERIM_INTERVAL_MS, INPUT_HARD_LIMIT_SAMPLES, INPUT_HIGH_WATER_SAMPLES, INTERIM_MAX_BACKLOG_SAMPLES,
  PAUSE_INTERIM_MAX_BACKLOG_SAMPLES, PERIODIC_INTERIM_DECODE_FACTOR, VAD_BATCH_FRAMES, type StreamDeps,
} from './stream-tuning.ts';

export * from './stream-tuning.ts';

/** Live stream implementation (see TranscriptionStream). */
export class LiveTranscriptionStream implements TranscriptionStream {
  private readonly input = new AudioInput();
  private readonly chunker = new FrameChunker();
  private readonly segmenter: Segmenter;
  private readonly now: () => number;
  private readonly interimMs: number;
  private readonly offsetMs: number;
  private readonly finalsHighWater: number;
  private readonly backlog: Float32Array[] = [];
  private backlogSamples = 0;
  private pumping: Promise<void> | null = null;
  private delivery: Promise<void> = Promise.resolve();
  private ended = false;
  /**
   * Segments whose final was delivered (or that were discarded as noise): interims of them that
   * come back later are dropped. An interim decoded while its segment's final waits in the queue
   * is still shown: it is older than the final, which replaces it.
   */
  private readonly settledIds = new Set<string>();
  /** Segments that showed an interim: an empty final must retract it. */
  private readonly shownIds = new Set<string>();
  private readonly lastInterimText = new Map<string, string>();
  /** Start of each running segment, ms, for retractions. */
  private readonly startsMs = new Map<string, number>();
  /** Audio start of every segment not yet settled (running, or final not yet delivered), ms. */
  private readonly openSpansMs = new Map<string, number>();
  private interimMark = { segmentId: '', audioMs: 0, wallMs: 0 };
  private readonly arrival: ArrivalRate;
  private readonly drainWaiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: StreamDeps,
    private readonly options: TranscriptionStreamOptions,
  ) {
    this.segmenter = new Segmenter(deps.segmenter);
    this.now = deps.now ?? (() => performance.now());
    this.arrival = new ArrivalRate(this.now);
    this.interimMs = options.interimIntervalMs ?? DEFAULT_INTERIM_INTERVAL_MS;
    this.offsetMs = options.startOffsetMs ?? 0;
    this.finalsHighWater = deps.finalsHighWater ?? 1;
    this.unsubscribe = deps.queue.onChange(() => this.checkDrain());
  }

  push(chunk: AudioChunk): boolean {
    if (this.ended) throw new TranscriptionError('CLOSED', '音频流已结束 / stream already ended');
    if (this.backlogSamples > INPUT_HARD_LIMIT_SAMPLES) {
      // Thrown, not swallowed: the sender keeps the chunk and tries again later.
      throw new TranscriptionError('AUDIO_BACKLOG_FULL', '待处理音频过多，请稍后重发 / audio backlog full, send the chunk again later', true);
    }
    const samples = this.input.push(chunk); // throws AUDIO_INVALID on malformed chunks
    this.arrival.note((samples.length / MODEL_SAMPLE_RATE) * 1000);
    this.enqueueSamples(samples);
    return this.writable();
  }

  settledMs(): number {
    // Frames in the pre-roll may still become the padding of the next utterance.
    let settled = Math.max(0, this.segmenter.positionMs - this.segmenter.prePadMs);
    for (const startMs of this.openSpansMs.values()) settled = Math.min(settled, startMs);
    return settled;
  }

  drain(): Promise<void> {
    if (this.writable()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  async end(): Promise<void> {
    if (this.ended) return this.delivery;
    this.ended = true;
    this.enqueueSamples(this.input.flush());
    const last = this.chunker.flush();
    if (last) {
      this.backlog.push(last);
      this.backlogSamples += last.length;
    }
    while (this.pumping || this.backlog.length > 0) await this.pump();
    for (const event of this.segmenter.flush()) this.handle(event);
    await this.delivery;
    this.unsubscribe();
    void this.deps.detector.then((d) => d.close(), () => undefined);
    this.checkDrain();
  }

  private enqueueSamples(samples: Float32Array): void {
    for (const frame of this.chunker.push(samples)) {
      this.backlog.push(frame);
      this.backlogSamples += frame.length;
    }
    void this.pump();
  }

  private writable(): boolean {
    return this.backlogSamples < INPUT_HIGH_WATER_SAMPLES && this.deps.queue.pendingFinals(this.deps.key) < this.finalsHighWater;
  }

  private checkDrain(): void {
    if (this.drainWaiters.length === 0 || !(this.writable() || this.ended)) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** Run VAD over the backlog; one loop at a time. */
  private pump(): Promise<void> {
    this.pumping ??= this.runPump().finally(() => {
      this.pumping = null;
      // Frames that arrived while the loop was finishing get their own run.
      if (this.backlog.length > 0) void this.pump();
    });
    return this.pumping;
  }

  private async runPump(): Promise<void> {
    let detector: SpeechDetector;
    try {
      detector = await this.deps.detector;
    } catch (err) {
      this.reportError({ code: 'AUDIO_INVALID', message: `语音检测不可用 / VAD unavailable: ${String(err)}` });
      this.backlog.length = 0;
      this.backlogSamples = 0;
      return;
    }
    while (this.backlog.length > 0) {
      // Still counted as waiting while they are scored; each leaves the backlog as it is handled.
      const batch = this.backlog.slice(0, VAD_BATCH_FRAMES);
      let probabilities: number[];
      try {
        probabilities = await detector.probabilities(batch);
      } catch (err) {
        this.reportError({ code: 'AUDIO_INVALID', message: `语音检测失败 / VAD failed: ${String(err)}` });
        probabilities = batch.map(() => 0);
      }
      for (const [i, frame] of batch.entries()) {
        this.backlog.shift();
        this.backlogSamples -= frame.length;
        for (const event of this.segmenter.push(frame, probabilities[i] ?? 0)) this.handle(event);
        this.maybePeriodicInterim();
        this.checkDrain();
      }
    }
  }

  private handle(event: SegmenterEvent): void {
    switch (event.type) {
      case 'speech-started':
        this.startsMs.set(event.segmentId, event.startMs);
        this.openSpansMs.set(event.segmentId, event.audioStartMs);
        this.interimMark = { segmentId: event.segmentId, audioMs: event.startMs, wallMs: this.now() };
        return;
      case 'pause-detected':
        this.requestInterim('pause');
        return;
      case 'segment-ended': {
        const closedAt = this.now();
        this.startsMs.delete(event.segmentId);
        const outcome = this.deps.queue.enqueueFinal(this.deps.key, event.segmentId, event.audio, this.prompt());
        const audioMs = (event.audio.length / MODEL_SAMPLE_RATE) * 1000;
        this.delivery = this.delivery.then(async () => {
          this.deliverFinal(event.segmentId, event.startMs, event.endMs, await outcome, closedAt, audioMs);
          this.openSpansMs.delete(event.segmentId);
        });
        this.checkDrain();
        return;
      }
      case 'speech-discarded':
        this.settledIds.add(event.segmentId);
        if (this.shownIds.has(event.segmentId)) {
          this.delivery = this.delivery.then(() => {
            this.retract(event.segmentId);
            this.openSpansMs.delete(event.segmentId);
          });
        } else {
          this.startsMs.delete(event.segmentId);
          this.openSpansMs.delete(event.segmentId);
        }
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`unhandled segmenter event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private deliverFinal(segmentId: string, startMs: number, endMs: number, outcome: DecodeOutcome, closedAt: number, audioMs: number): void {
    let text = '';
    if (outcome.status === 'failed') this.reportError(outcome.error);
    if (outcome.status === 'ok') text = normaliseTranscript(outcome.text, { glossary: this.options.glossary ?? [] });
    this.lastInterimText.delete(segmentId);
    this.settledIds.add(segmentId);
    // An empty final is only sent to retract interims already shown; otherwise silence stays silent.
    if (text !== '' || this.shownIds.has(segmentId)) {
      this.emit({ id: segmentId, startMs: startMs + this.offsetMs, endMs: endMs + this.offsetMs, text, isFinal: true });
    }
    this.shownIds.delete(segmentId);
    this.options.onTiming?.({
      segmentId,
      kind: 'final',
      requestedAtMs: closedAt,
      deliveredAtMs: this.now(),
      decodeMs: outcome.status === 'ok' ? outcome.decodeMs : 0,
      queuedMs: outcome.status === 'ok' ? outcome.queuedMs : 0,
      audioMs,
      empty: text === '',
      promptTokens: outcome.status === 'ok' ? outcome.promptTokens : 0,
    });
  }

  /** The stream's prompt for a decode queued now; a failing provider only costs the prompt. */
  private prompt(): RecognitionPrompt | null {
    try {
      return this.options.prompt?.() ?? null;
    } catch {
      return null;
    }
  }

  private retract(segmentId: string): void {
    this.shownIds.delete(segmentId);
    const startMs = (this.startsMs.get(segmentId) ?? 0) + this.offsetMs;
    this.startsMs.delete(segmentId);
    this.emit({ id: segmentId, startMs, endMs: startMs, text: '', isFinal: true });
  }

  /**
   * Periodic interims run only while the speaker is talking (not during the hangover, so they
   * finish before the final is queued), at most once per interval of both audio and wall time
   * (a file fed faster than real time gets none; a slow model gets fewer, see
   * PERIODIC_INTERIM_DECODE_FACTOR), and only when no final waits in the queue.
   */
  private maybePeriodicInterim(): void {
    if (this.interimMs <= 0 || this.ended) return;
    const running = this.segmenter.current();
    if (!running?.speaking || running.segmentId !== this.interimMark.segmentId) return;
    const intervalMs = Math.max(this.interimMs, PERIODIC_INTERIM_DECODE_FACTOR * (this.deps.queue.averageDecodeMs ?? 0));
    if (running.endMs - this.interimMark.audioMs < intervalMs || this.now() - this.interimMark.wallMs < intervalMs) return;
    this.requestInterim('periodic');
  }

  /**
   * Decode the running utterance so far. At a sentence pause this is the moment its last clause
   * is complete (the recogniser knows whole sentences, not half words), so it is asked for at
   * once, with priority over periodic interims, even while finals wait (it runs right after them
   * and is dropped if its own final is queued first) or the VAD of live audio runs up to 2 s
   * behind: it carries the clause, often a new numbered point, that venues wait for. A periodic
   * one is skipped in both cases, and every interim while audio is being caught up (the final
   * follows at once).
   */
  private requestInterim(trigger: InterimTrigger): void {
    if (this.interimMs <= 0 || this.ended) return;
    const pause = trigger === 'pause';
    if (!pause && this.deps.queue.queuedFinals > 0) return;
    if (this.arrival.catchingUp()) return;
    if (this.backlogSamples > (pause ? PAUSE_INTERIM_MAX_BACKLOG_SAMPLES : INTERIM_MAX_BACKLOG_SAMPLES)) return;
    const snap = this.segmenter.snapshot();
    if (!snap) return;
    const wall = this.now();
    this.interimMark = { segmentId: snap.segmentId, audioMs: snap.endMs, wallMs: wall };
    const { segmentId, startMs, endMs } = snap;
    void this.deps.queue.enqueueInterim(this.deps.key, segmentId, snap.audio, trigger, this.prompt()).then((outcome) => {
      if (outcome.status !== 'ok' || this.settledIds.has(segmentId)) return;
      const text = normaliseTranscript(outcome.text, { glossary: this.options.glossary ?? [] });
      const empty = text === '' || text === this.lastInterimText.get(segmentId);
      if (!empty) {
        this.lastInterimText.set(segmentId, text);
        this.shownIds.add(segmentId);
        this.emit({ id: segmentId, startMs: startMs + this.offsetMs, endMs: endMs + this.offsetMs, text, isFinal: false });
      }
      this.options.onTiming?.({
        segmentId,
        kind: 'interim',
        trigger,
        requestedAtMs: wall,
        deliveredAtMs: this.now(),
        decodeMs: outcome.decodeMs,
        queuedMs: outcome.queuedMs,
        audioMs: (snap.audio.length / MODEL_SAMPLE_RATE) * 1000,
        empty,
        promptTokens: outcome.promptTokens,
      });
    });
  }

  private emit(segment: Parameters<TranscriptionStreamOptions['onSegment']>[0]): void {
    try {
      this.options.onSegment(segment);
    } catch (err) {
      // A consumer bug must not stop transcription of the rest of the meeting.
      this.reportError({ code: 'DECODE_FAILED', message: `onSegment threw: ${String(err)}` });
    }
  }

  private reportError(error: TranscriptionErrorInfo): void {
    try {
      this.options.onError?.(error);
    } catch {
      // The error callback itself failed; there is nowhere left to report it.
    }
  }
}
