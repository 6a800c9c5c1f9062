/**
 * Segmenter: per-frame speech probabilities → utterance segments with start/end in stream
 * time. Pure state machine (no I/O, no clock): frames in, typed events out.
 */
import { concat } from '../audio/audio-input.ts';
import { FRAME_MS, frameDbfs } from './speech-detector.ts';
import { SEGMENTER_DEFAULTS, type SegmenterEvent, type SegmenterOptions, type UtteranceSnapshot } from './segmenter-types.ts';

export * from './segmenter-types.ts';

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
