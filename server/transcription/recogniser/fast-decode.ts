/**
 * Whisper decode of one short segment without the pipeline's 30-second log-mel cost.
 *
 * The pipeline pads every input to 30 s and computes all 3000 log-mel frames in JavaScript
 * (~140 ms on our CPUs, more than the test model's whole decode). Frames of the zero padding
 * are all the same value, so we compute the spectrogram of the segment plus a short zero tail
 * with the model's own feature extractor and fill the rest with that value. The result is
 * identical to the pipeline's features (tested in fast-decode.test.ts); generation and
 * text decoding are in whisper-decode.ts.
 */
import { Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import type { DecodeOptions } from './protocol.ts';

/** Whisper's fixed input length, frames (30 s at a 10 ms hop). */
const WHISPER_FRAMES = 3000;
/** Zero samples appended so every frame touching the audio sees the same data as in the 30 s pad. */
const TAIL_PAD_SAMPLES = 800;

/** The part of the feature extractor this module relies on (checked at run time). */
interface FeatureExtractorLike {
  config: { hop_length: number; n_samples: number; feature_size: number; chunk_length: number };
  _extract_fbank_features(waveform: Float32Array): Promise<Tensor>;
}

function featureExtractorOf(asr: AutomaticSpeechRecognitionPipeline): FeatureExtractorLike | null {
  // Transformers.js components are callables (functions with methods), hence the 'function' case.
  const fe: unknown = asr.processor?.feature_extractor;
  if ((typeof fe !== 'object' && typeof fe !== 'function') || fe === null) return null;
  if (!('_extract_fbank_features' in fe) || !('config' in fe)) return null;
  return fe as FeatureExtractorLike; // shape checked above; the library types do not expose it
}

/** True when this library version exposes what the fast features need. */
export function supportsFastDecode(asr: AutomaticSpeechRecognitionPipeline): boolean {
  return featureExtractorOf(asr) !== null;
}

/** Log-mel features [1, 80, 3000] equal to the pipeline's, computed over the audio only. */
export async function whisperFeatures(asr: AutomaticSpeechRecognitionPipeline, audio: Float32Array): Promise<Tensor> {
  const fe = featureExtractorOf(asr);
  if (!fe) throw new Error('feature extractor has no _extract_fbank_features');
  const { n_samples: maxSamples, feature_size: mels } = fe.config;
  const clipped = audio.length > maxSamples ? audio.subarray(0, maxSamples) : audio;
  const padded = new Float32Array(Math.min(maxSamples, clipped.length + TAIL_PAD_SAMPLES));
  padded.set(clipped);
  if (padded.length >= maxSamples) return (await fe._extract_fbank_features(padded)).unsqueeze_(0);
  const short = await fe._extract_fbank_features(padded); // [mels, frames]
  const frames = short.dims[1] ?? 0;
  const data = short.data;
  if (!(data instanceof Float32Array)) throw new Error('unexpected feature type');
  let maxNorm = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) if ((data[i] ?? 0) > maxNorm) maxNorm = data[i] ?? 0;
  // Inverse of the extractor's (max(x, logMax − 8) + 4) / 4: the value of a silent frame.
  const logMax = 4 * maxNorm - 4;
  const silent = (Math.max(-10, logMax - 8) + 4) / 4;
  const out = new Float32Array(mels * WHISPER_FRAMES).fill(silent);
  for (let m = 0; m < mels; m++) out.set(data.subarray(m * frames, (m + 1) * frames), m * WHISPER_FRAMES);
  return new Tensor('float32', out, [1, mels, WHISPER_FRAMES]);
}

/**
 * Our decode settings as Transformers.js generation options, for the pipeline call and
 * whisper-decode.ts alike. A fresh object per call: Whisper generation writes into it.
 */
export function generationOptions(options: DecodeOptions) {
  return {
    language: options.language,
    task: options.task,
    return_timestamps: false,
    no_repeat_ngram_size: options.noRepeatNgramSize,
    repetition_penalty: options.repetitionPenalty,
    max_new_tokens: options.maxNewTokens,
  };
}
