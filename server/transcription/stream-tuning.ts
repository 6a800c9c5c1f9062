/** The live stream's tunables (backpressure, interim pacing, catch-up detection) and what it needs from its service. */
import { MODEL_SAMPLE_RATE } from './audio/audio-input.ts';
import type { RecognitionQueue } from './recogniser/recognition-queue.ts';
import type { SegmenterOptions } from './vad/segmenter.ts';
import type { SpeechDetector } from './vad/speech-detector.ts';

/** Audio waiting for the VAD above which push() asks the feeder to wait, samples at 16 kHz (2 s). */
export const INPUT_HIGH_WATER_SAMPLES = 2 * MODEL_SAMPLE_RATE;
/** Audio waiting for the VAD above which chunks are refused, samples at 16 kHz (60 s). */
export const INPUT_HARD_LIMIT_SAMPLES = 60 * MODEL_SAMPLE_RATE;
/** Default interim period, ms of audio and of wall time. */
export const DEFAULT_INTERIM_INTERVAL_MS = 1000;
/**
 * Audio waiting for the VAD above which no periodic interim is asked for, samples at 16 kHz
 * (0.5 s): the stream is catching up (a file, audio re-sent after a reconnect, a crash-recovery
 * replay), so the final follows at once and an interim would only delay it.
 */
export const INTERIM_MAX_BACKLOG_SAMPLES = MODEL_SAMPLE_RATE / 2;
/**
 * The same bound for an interim at a sentence pause of live audio, samples at 16 kHz (2 s). On a
 * loaded machine live audio arrives in bursts and the VAD runs 0.5–2 s behind (measured:
 * rehearse with both cores busy), while the clause just heard is still seconds from its final.
 * Audio arriving faster than real time (see CATCH_UP_RATE) is a catch-up: no interims at all.
 */
export const PAUSE_INTERIM_MAX_BACKLOG_SAMPLES = 2 * MODEL_SAMPLE_RATE;
/** Wall time over which the arrival rate of audio is measured, ms. */
export const ARRIVAL_WINDOW_MS = 2000;
/**
 * Audio arriving faster than this many times real time (plus CATCH_UP_SLACK_MS) over the last
 * ARRIVAL_WINDOW_MS is a catch-up (a file, a resend after a reconnect, a crash replay), not a
 * live speaker whose audio comes in bursts.
 */
export const CATCH_UP_RATE = 2;
/** Audio allowed above CATCH_UP_RATE × the window before it counts as a catch-up, ms (a live burst after a stall of up to ~3 s). */
export const CATCH_UP_SLACK_MS = 1000;
/**
 * Periodic interims come no more often than this many average decode times, so a slow model
 * (whisper-small: seconds per decode) spends most of its time on finals and pause interims.
 */
export const PERIODIC_INTERIM_DECODE_FACTOR = 3;

/**
 * Frames scored by the VAD in one call, at most (2 s of audio): a stream that fell behind scores its
 * backlog at once (one event-loop turn per batch, not per 32 ms frame) and still finds its pauses
 * and utterance ends progressively.
 */
export const VAD_BATCH_FRAMES = 64;

/** What a stream needs from its service. */
export interface StreamDeps {
  /** Queue key: segments of one key are decoded in order. */
  key: string;
  queue: RecognitionQueue;
  /** This stream's own (stateful) speech detector. */
  detector: Promise<SpeechDetector>;
  segmenter?: Partial<SegmenterOptions>;
  /** Finals of this stream queued or decoding at which push() returns false. Default 1. */
  finalsHighWater?: number;
  /** Wall clock, ms (injectable for tests). Default performance.now. */
  now?: () => number;
}

/** How fast audio arrives compared with how fast it is spoken, over the last ARRIVAL_WINDOW_MS. */
export class ArrivalRate {
  /** Recent pushes (wall time, audio ms), oldest first, within ARRIVAL_WINDOW_MS. */
  private readonly arrivals: Array<{ wallMs: number; audioMs: number }> = [];
  private arrivedMs = 0;
  /** Wall time of the stream's first push, ms. */
  private firstArrivalMs: number | null = null;

  constructor(private readonly now: () => number) {}

  note(audioMs: number): void {
    const wallMs = this.now();
    this.firstArrivalMs ??= wallMs;
    this.arrivals.push({ wallMs, audioMs });
    this.arrivedMs += audioMs;
    while (this.arrivals.length > 0 && this.arrivals[0]!.wallMs < wallMs - ARRIVAL_WINDOW_MS) this.arrivedMs -= this.arrivals.shift()!.audioMs;
  }

  /**
   * Audio is arriving much faster than it is spoken: a file, a resend or a replay. Measured over
   * the whole window (or the stream's life, when shorter), not from the window's first push: a
   * live burst after the event loop stalled for 2 s is 2 s of audio in 2 s, not in 0.
   */
  catchingUp(): boolean {
    const spanMs = Math.min(ARRIVAL_WINDOW_MS, this.now() - (this.firstArrivalMs ?? this.now()));
    return this.arrivedMs > CATCH_UP_RATE * spanMs + CATCH_UP_SLACK_MS;
  }
}
