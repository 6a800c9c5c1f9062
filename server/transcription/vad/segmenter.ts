/**
 * Segmenter: per-frame speech probabilities → utterance segments with start/end in stream
 * time. Pure state machine (no I/O, no clock): frames in, typed events out.
 */
import { concat } from '../audio/audio-input.ts';
import { FRAME_MS, frameDbfs } from './speech-detector.ts';

/** Tunables of the segmenter. Every duration in milliseconds. */
export interface SegmenterOptions {
  /** Probability at or above which a frame starts (or continues) speech. */
  speechThreshold: number;
  /** While in speech, frames at or above this still count as speech (hysteresis). */
  continueThreshold: number;
  /** Utterances with less speech than this are discarded (clicks, coughs), ms. */
  minSpeechMs: number;
  /** Silence that closes an utterance, ms. Longer than sentence pauses (~0.35 s), shorter than turn gaps. */
  hangoverMs: number;
  /**
   * Non-speech inside a running utterance after which a `pause-detected` event is emitted, ms
   * (a sentence pause: the moment to decode the utterance so far). 0 disables. Below hangoverMs.
   */
  sentencePauseMs: number;
  /** Audio kept before the first speech frame and given to the recogniser, ms. */
  prePadMs: number;
  /** Audio kept after the last speech frame and given to the recogniser, ms (≤ hangoverMs). */
  postPadMs: number;
  /** Longest segment; a longer utterance is cut at its quietest point, ms (Whisper's window is 30 s). */
  maxSegmentMs: number;
  /** How far back from the maximum length the quietest point is searched for, ms. */
  cutSearchMs: number;
  /** A segment whose loudest frame is below this is near-silence and never reaches Whisper, dBFS. */
  minPeakDbfs: number;
}

/**
 * Non-speech that marks a sentence pause, ms (7 Silero frames). Measured on the fixtures with
 * Silero v5: the 。 pauses of the two-sentence utterances give 256–320 ms below the continue
 * threshold, comma pauses at most 160 ms; 224 ms keeps a frame of margin above the commas and
 * fires within one frame of the shortest sentence pause.
 */
export const SENTENCE_PAUSE_MS = 224;

export const SEGMENTER_DEFAULTS: SegmenterOptions = {
  speechThreshold: 0.5,
  continueThreshold: 0.35,
  minSpeechMs: 250,
  hangoverMs: 640,
  sentencePauseMs: SENTENCE_PAUSE_MS,
  prePadMs: 192,
  postPadMs: 192,
  maxSegmentMs: 20_000,
  cutSearchMs: 8_000,
  minPeakDbfs: -45,
};

/** Events emitted by the segmenter, in stream order. */
export type SegmenterEvent =
  | {
      type: 'speech-started';
      segmentId: string;
      /** First speech frame, ms since stream start. */
      startMs: number;
      /** First sample the segment's audio will include (startMs minus the pre-padding), ms. */
      audioStartMs: number;
    }
  | {
      /**
       * A sentence pause (sentencePauseMs of non-speech) inside the running utterance, which
       * goes on: the utterance so far is worth an early (interim) decode. Once per pause; the
       * end of an utterance gives one too, before the hangover closes it.
       */
      type: 'pause-detected';
      segmentId: string;
      /** End of the last speech frame before the pause, ms since stream start. */
      speechEndMs: number;
      /** End of the frame at which the pause reached sentencePauseMs, ms since stream start. */
      atMs: number;
    }
  | {
      type: 'segment-ended';
      segmentId: string;
      /** First speech frame, ms since stream start. */
      startMs: number;
      /** End of the last speech frame (or the cut point), ms since stream start. */
      endMs: number;
      /** 16 kHz mono audio including the pre/post padding. */
      audio: Float32Array;
      reason: 'silence' | 'max-length' | 'end-of-stream';
    }
  | {
      type: 'speech-discarded';
      segmentId: string;
      reason: 'too-short' | 'too-quiet';
    };

/** The running utterance, for interim decoding. */
export interface UtteranceSnapshot {
  segmentId: string;
  startMs: number;
  /** End of the audio heard so far, ms. */
  endMs: number;
  /** Speech heard so far (with pre-padding). */
  audio: Float32Array;
  /** True when the latest frame was speech (false during the hangover). */
  speaking: boolean;
}

interface Utterance {
  segmentId: string;
  /** Global index of frames[0]. */
  firstFrame: number;
  /** Global index of the first speech frame. */
  startFrame: number;
  lastSpeechFrame: number;
  frames: Float32Array[];
  /** Per frame: level in dBFS. */
  levelsDb: number[];
  /** Per frame: counted as speech. */
  speech: boolean[];
}

const msToFrames = (ms: number): number => Math.max(0, Math.round(ms / FRAME_MS));

/** Turns per-frame speech probabilities into segments. One instance per stream. */
export class Segmenter {
  private readonly opts: SegmenterOptions;
  private frameIndex = 0;
  private nextId = 1;
  private preRoll: Float32Array[] = [];
  private utterance: Utterance | null = null;
  private lastFrameSpeech = false;

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.opts = { ...SEGMENTER_DEFAULTS, ...options };
  }

  /** Feed the next frame (512 samples at 16 kHz) and its speech probability. */
  push(frame: Float32Array, probability: number): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    const index = this.frameIndex++;
    const u = this.utterance;
    if (!u) {
      if (probability >= this.opts.speechThreshold) {
        const frames = [...this.preRoll, frame];
        this.begin(index, frames, frames.map((_, i) => i === frames.length - 1), index - this.preRoll.length, events);
        this.preRoll = [];
        this.lastFrameSpeech = true;
      } else {
        this.remember(frame);
        this.lastFrameSpeech = false;
      }
      return events;
    }
    u.frames.push(frame);
    u.levelsDb.push(frameDbfs(frame));
    const isSpeech = probability >= this.opts.continueThreshold;
    u.speech.push(isSpeech);
    this.lastFrameSpeech = isSpeech;
    if (isSpeech) u.lastSpeechFrame = index;
    const silentFrames = index - u.lastSpeechFrame;
    if (silentFrames >= msToFrames(this.opts.hangoverMs)) {
      this.close(u, u.lastSpeechFrame + msToFrames(this.opts.postPadMs), u.lastSpeechFrame, 'silence', events);
    } else if ((index - u.startFrame + 1) * FRAME_MS >= this.opts.maxSegmentMs) {
      this.cutAtQuietest(u, events);
    } else if (this.opts.sentencePauseMs > 0 && silentFrames === msToFrames(this.opts.sentencePauseMs) && this.voicedMs(u) >= this.opts.minSpeechMs) {
      events.push({ type: 'pause-detected', segmentId: u.segmentId, speechEndMs: (u.lastSpeechFrame + 1) * FRAME_MS, atMs: (index + 1) * FRAME_MS });
    }
    return events;
  }

  private voicedMs(u: Utterance): number {
    let n = 0;
    for (const speech of u.speech) if (speech) n++;
    return n * FRAME_MS;
  }

  /** End of stream: close the running utterance with the audio available. */
  flush(): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    const u = this.utterance;
    if (u) {
      const lastFrame = u.firstFrame + u.frames.length - 1;
      this.close(u, Math.min(lastFrame, u.lastSpeechFrame + msToFrames(this.opts.postPadMs)), u.lastSpeechFrame, 'end-of-stream', events);
    }
    return events;
  }

  /** The running utterance (timing only, cheap), or null between utterances. */
  current(): Omit<UtteranceSnapshot, 'audio'> | null {
    const u = this.utterance;
    if (!u) return null;
    return {
      segmentId: u.segmentId,
      startMs: u.startFrame * FRAME_MS,
      endMs: (u.firstFrame + u.frames.length) * FRAME_MS,
      speaking: this.lastFrameSpeech,
    };
  }

  /** The running utterance with its audio so far (copies the audio), or null. */
  snapshot(): UtteranceSnapshot | null {
    const info = this.current();
    return info && this.utterance ? { ...info, audio: concat(this.utterance.frames) } : null;
  }

  /** Audio kept before an utterance's first speech frame, ms. */
  get prePadMs(): number {
    return this.opts.prePadMs;
  }

  /** Duration of the audio fed so far, ms. */
  get positionMs(): number {
    return this.frameIndex * FRAME_MS;
  }

  private begin(
    startFrame: number,
    frames: Float32Array[],
    speech: boolean[],
    firstFrame: number,
    events: SegmenterEvent[],
  ): void {
    const segmentId = `s${String(this.nextId++).padStart(4, '0')}`;
    const lastSpeech = speech.lastIndexOf(true);
    this.utterance = {
      segmentId,
      firstFrame,
      startFrame,
      lastSpeechFrame: lastSpeech >= 0 ? firstFrame + lastSpeech : startFrame,
      frames,
      levelsDb: frames.map(frameDbfs),
      speech,
    };
    events.push({ type: 'speech-started', segmentId, startMs: startFrame * FRAME_MS, audioStartMs: firstFrame * FRAME_MS });
  }

  private remember(frame: Float32Array): void {
    this.preRoll.push(frame);
    const keep = msToFrames(this.opts.prePadMs);
    if (this.preRoll.length > keep) this.preRoll.splice(0, this.preRoll.length - keep);
  }

  /**
   * Close `u` with audio up to and including global frame `audioEndFrame` and a reported end
   * at the end of `speechEndFrame`; frames after the audio end go back to the pre-roll.
   */
  private close(
    u: Utterance,
    audioEndFrame: number,
    speechEndFrame: number,
    reason: 'silence' | 'max-length' | 'end-of-stream',
    events: SegmenterEvent[],
  ): void {
    const take = audioEndFrame - u.firstFrame + 1;
    const used = u.frames.slice(0, take);
    const rest = u.frames.slice(take);
    this.utterance = null;
    this.preRoll = [];
    for (const f of rest) this.remember(f);
    const voicedMs = u.speech.slice(0, take).filter(Boolean).length * FRAME_MS;
    const peakDb = Math.max(...u.levelsDb.slice(0, take));
    if (reason !== 'max-length' && voicedMs < this.opts.minSpeechMs) {
      events.push({ type: 'speech-discarded', segmentId: u.segmentId, reason: 'too-short' });
    } else if (peakDb < this.opts.minPeakDbfs) {
      events.push({ type: 'speech-discarded', segmentId: u.segmentId, reason: 'too-quiet' });
    } else {
      events.push({
        type: 'segment-ended',
        segmentId: u.segmentId,
        startMs: u.startFrame * FRAME_MS,
        endMs: (speechEndFrame + 1) * FRAME_MS,
        audio: concat(used),
        reason,
      });
    }
  }

  /**
   * The utterance reached the maximum length: cut at the quietest frame (3-frame average
   * level) in the search window, emit the first part and continue the rest as a new utterance.
   */
  private cutAtQuietest(u: Utterance, events: SegmenterEvent[]): void {
    const lastFrame = u.firstFrame + u.frames.length - 1;
    const searchFrom = Math.max(u.startFrame + 1, lastFrame - msToFrames(this.opts.cutSearchMs));
    let cut = lastFrame;
    let quietest = Number.POSITIVE_INFINITY;
    for (let f = searchFrom; f <= lastFrame - 1; f++) {
      const i = f - u.firstFrame;
      const level = ((u.levelsDb[i - 1] ?? -120) + (u.levelsDb[i] ?? -120) + (u.levelsDb[i + 1] ?? -120)) / 3;
      if (level < quietest) {
        quietest = level;
        cut = f;
      }
    }
    const tail = u.frames.slice(cut + 1 - u.firstFrame);
    const tailSpeech = u.speech.slice(cut + 1 - u.firstFrame);
    this.close(u, cut, cut, 'max-length', events);
    this.preRoll = [];
    if (tailSpeech.includes(true)) {
      // The speech goes on: the rest becomes the next segment, starting right at the cut.
      this.begin(cut + 1, tail, tailSpeech, cut + 1, events);
    } else {
      for (const f of tail) this.remember(f);
    }
  }
}
