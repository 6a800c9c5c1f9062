/**
 * Public surface of the transcription pipeline. The meeting server creates one service per
 * process and opens one stream per meeting.
 */
export type {
  AudioChunk,
  GlossaryEntry,
  ModelStatus,
  RecognitionPrompt,
  SegmentTiming,
  TranscriptSegment,
  TranscriptionService,
  TranscriptionStream,
  TranscriptionStreamOptions,
} from './types.ts';
export { createTranscriptionService, DEFAULT_DECODE_OPTIONS, type TranscriptionServiceOptions } from './service.ts';
export { readWavFile, decodeWav, splitChunk } from './audio/wav.ts';
export { AudioInput, MODEL_SAMPLE_RATE } from './audio/audio-input.ts';
export { Resampler } from './audio/resampler.ts';
export { TranscriptionError, type TranscriptionErrorCode, type TranscriptionErrorInfo } from './errors.ts';
export { defaultModelsDir, loadManifest, resolveModel, type ModelDtype } from '../../models/registry.ts';
