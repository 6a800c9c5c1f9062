/**
 * Contract of the transcription pipeline as the rest of the server sees it:
 * PCM chunks in → transcript segments (interim and final) out. Everything inside
 * (resampling, VAD, the Whisper worker, normalisation) is hidden behind it.
 */
import type { ModelStatusMessage } from '../../shared/protocol/socket.ts';
import type { RecognitionPrompt } from '../../shared/transcript/prompt.ts';

export type { RecognitionPrompt };

/** A chunk of PCM audio as it arrives from a browser, LiveKit or a file. */
export interface AudioChunk {
  /** Int16 PCM or Float32 in [-1, 1]; interleaved when channels = 2. */
  samples: Int16Array | Float32Array;
  /** Sample rate in Hz (e.g. 48000 or 16000). */
  sampleRate: number;
  /** 1 = mono, 2 = interleaved stereo (mixed to mono inside). */
  channels: 1 | 2;
}

/** One utterance's transcript. Interim versions are replaced by later ones with the same id. */
export interface TranscriptSegment {
  /** Stable per utterance within a stream, e.g. "s0007". */
  id: string;
  /** Start of the utterance in stream time, milliseconds since the first pushed sample. */
  startMs: number;
  /** End of the utterance (or of the audio heard so far, for interims), milliseconds. */
  endMs: number;
  /** Normalised simplified-Chinese text (hallucinations removed, glossary applied). */
  text: string;
  /**
   * False for interim hypotheses of a still-running utterance, true once the segment closed.
   * A final with empty text retracts earlier interims of the same id (nothing was recognised).
   */
  isFinal: boolean;
}

/** Glossary entry: the correct hot word and, optionally, misrecognitions known to stand for it. */
export interface GlossaryEntry {
  /** The correct term, e.g. 两为整治. */
  term: string;
  /**
   * Known misrecognitions, e.g. 两位整治. Beyond these, same-length near-homophones are also
   * replaced: every syllable sounds alike (toneless pinyin) and at least half the characters agree.
   */
  variants?: string[];
}

export interface TranscriptionStreamOptions {
  /** Called for every interim and final segment, in order. Finals of one stream are delivered in time order. */
  onSegment: (segment: TranscriptSegment) => void;
  /** Per-meeting hot words. */
  glossary?: GlossaryEntry[];
  /**
   * Whisper's prompt, asked each time a decode (final or interim) is queued, so it holds the
   * transcript's latest text: e.g. `meetingPrompt(meeting, lastFinalTexts)`. Null or absent: no
   * prompt. If it throws, that segment is decoded without a prompt.
   */
  prompt?: () => RecognitionPrompt | null;
  /** Offset added to every segment time, ms (e.g. when a meeting resumes after a restart). Default 0. */
  startOffsetMs?: number;
  /** Emit interim hypotheses about this often while an utterance is running, ms; 0 disables. Default 1000. */
  interimIntervalMs?: number;
  /**
   * Called when a segment could not be transcribed (model missing, queue full, decode failed)
   * or a chunk was refused. Never throws into the caller. Message is Chinese + English.
   */
  onError?: (error: { code: string; message: string }) => void;
  /** Per-decode timings, for the bench and the host console's health view. */
  onTiming?: (timing: SegmentTiming) => void;
}

/**
 * Why an interim was asked for: `pause` at a sentence pause (the clause just heard is complete,
 * so its text is worth having at once), `periodic` on the clock while the speaker talks.
 */
export type InterimTrigger = 'pause' | 'periodic';

/** Timing of one delivered (or empty) decode. Wall-clock values in ms of `performance.now()`. */
export interface SegmentTiming {
  segmentId: string;
  kind: 'interim' | 'final';
  /** Interims only: what asked for it. */
  trigger?: InterimTrigger;
  /** When the segment closed (final) or the interim was requested, ms. */
  requestedAtMs: number;
  /** When the text was handed to onSegment (or dropped as empty), ms. */
  deliveredAtMs: number;
  /** Time inside the Whisper call, ms. */
  decodeMs: number;
  /** Time waiting behind other decodes, ms. */
  queuedMs: number;
  /** Duration of the decoded audio, ms. */
  audioMs: number;
  /** Normalised text was empty (hallucination, unrecognised speech). */
  empty: boolean;
  /** Prompt tokens the decoder received (0 = none or not decoded). */
  promptTokens: number;
}

/** One live audio stream (one meeting's current speaker). */
export interface TranscriptionStream {
  /**
   * Push audio. Returns false when the caller should slow down (a final of this stream is still
   * decoding, or > 2 s of audio waits for the VAD); a file feeder awaits drain(), a live feeder may
   * ignore it (audio is buffered up to 60 s).
   * Throws TranscriptionError('AUDIO_INVALID') for a malformed chunk, ('CLOSED') after end(), and
   * ('AUDIO_BACKLOG_FULL', retryable) when 60 s already wait: the chunk was not taken, send it again later.
   */
  push(chunk: AudioChunk): boolean;
  /** End of audio: close the running utterance and resolve when every final segment was delivered. */
  end(): Promise<void>;
  /** Resolves when push() would return true again (for feeders that can wait, e.g. files). */
  drain(): Promise<void>;
  /**
   * Stream time (ms since the first pushed sample, without startOffsetMs) before which every
   * sample is fully handled: its segments' finals were delivered or it was found to be silence.
   * Audio before this point is no longer needed to recover from a crash.
   */
  settledMs(): number;
}

/** Model load progress, for the host console: exactly what `model:status` sends. */
export type ModelStatus = ModelStatusMessage;

/** The shared recogniser service (one Whisper worker per process). */
export interface TranscriptionService {
  /** Resolves when the model is loaded and warmed up; rejects with a clear error if it is missing. */
  ready(): Promise<void>;
  status(): ModelStatus;
  onStatus(listener: (status: ModelStatus) => void): () => void;
  /** Open a stream; `key` (e.g. the meeting id) keeps each meeting's segments in order. */
  openStream(key: string, options: TranscriptionStreamOptions): TranscriptionStream;
  close(): Promise<void>;
}
