/** The segmenter's contract: its tunables and defaults, the events it emits, the running utterance. */
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
