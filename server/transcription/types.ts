/**
 * Contract of the transcription pipeline as the rest of the server sees it:
 * PCM chunks in → transcript segments (interim and final) out. Everything inside
 * (resampling, VAD, the Whisper worker, normalisation) is hidden behind it.
 */

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
  /** False for interim hypotheses of a still-running utterance, true once the segment closed. */
  isFinal: boolean;
}

/** Glossary entry: the correct hot word and, optionally, misrecognitions known to stand for it. */
export interface GlossaryEntry {
  /** The correct term, e.g. 两为整治. */
  term: string;
  /** Known misrecognitions, e.g. 两位整治; near-homophones are also matched by pinyin-free character similarity. */
  variants?: string[];
}

export interface TranscriptionStreamOptions {
  /** Called for every interim and final segment, in order. Finals of one stream are delivered in time order. */
  onSegment: (segment: TranscriptSegment) => void;
  /** Per-meeting hot words. */
  glossary?: GlossaryEntry[];
  /** Offset added to every segment time, ms (e.g. when a meeting resumes after a restart). Default 0. */
  startOffsetMs?: number;
  /** Emit interim hypotheses about this often while an utterance is running, ms; 0 disables. Default 1000. */
  interimIntervalMs?: number;
}

/** One live audio stream (one meeting's current speaker). */
export interface TranscriptionStream {
  /** Push audio. Returns false when the recogniser queue is full and the caller should slow down. */
  push(chunk: AudioChunk): boolean;
  /** End of audio: close the running utterance and resolve when every final segment was delivered. */
  end(): Promise<void>;
}

/** Model load progress, for the host console. */
export interface ModelStatus {
  state: 'loading' | 'warming' | 'ready' | 'error';
  modelId: string;
  /** 0..1 while loading. */
  progress: number;
  /** Chinese + English message when state = error. */
  error?: { code: string; message: string };
}

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
