/**
 * When was each clause of a fixture speech spoken? For the spoken → venue and clause → text
 * measures of `rehearse` and `bench:asr`. transcripts.json (beside the audio file) gives every
 * utterance's start and end; a two-sentence utterance's first sentence ends at its sentence
 * pause, which is found in the audio itself: the first stretch of at least SENTENCE_PAUSE_MIN_MS
 * inside the utterance where 10 ms frames stay PAUSE_BELOW_PEAK_DB below the utterance's loudest
 * frame. (In the fixtures the 。 pauses measure 310–330 ms that way, comma pauses 140–160 ms.)
 * The clause's end is the start of that stretch; a last sentence ends with its utterance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normaliseTranscript } from '../../../shared/transcript/normalise.ts';
import { AudioInput, concat } from '../../transcription/audio/audio-input.ts';
import { readWavFile, splitChunk } from '../../transcription/audio/wav.ts';

/** Shortest silence that separates two sentences, ms. */
export const SENTENCE_PAUSE_MIN_MS = 250;
/** A frame this far below the utterance's loudest frame counts as silence, dB. */
export const PAUSE_BELOW_PEAK_DB = 40;
const FRAME_MS = 10;

/** One sentence of the speech with the moment it ended. */
export interface TimedClause {
  /** Normalised (simplified) sentence text, with its final 。. */
  text: string;
  /** Index of its utterance in transcripts.json's segments. */
  utterance: number;
  /** End of the sentence in the audio, ms. */
  endMs: number;
}

interface FixtureSegment {
  start_s: number;
  end_s: number;
  text: string;
}

/** Split a transcript into sentences, each keeping its 。！？. */
export function sentences(text: string): string[] {
  return text.match(/[^。！？]+[。！？]?/g)?.map((s) => s.trim()).filter((s) => s.length > 0) ?? [];
}

/** Starts (ms from `fromMs`) of silent stretches ≥ SENTENCE_PAUSE_MIN_MS inside [fromMs, toMs) of 16 kHz audio. */
export function sentencePausesMs(audio: Float32Array, fromMs: number, toMs: number): number[] {
  const frame = (16_000 * FRAME_MS) / 1000;
  const levels: number[] = [];
  for (let t = fromMs; t + FRAME_MS <= toMs; t += FRAME_MS) {
    const start = Math.round((t * 16_000) / 1000);
    let sum = 0;
    for (let i = start; i < start + frame; i++) sum += (audio[i] ?? 0) ** 2;
    levels.push(10 * Math.log10(sum / frame + 1e-12));
  }
  const peak = Math.max(...levels);
  const pauses: number[] = [];
  let run = -1;
  levels.forEach((db, i) => {
    if (db < peak - PAUSE_BELOW_PEAK_DB) {
      if (run < 0) run = i;
    } else {
      if (run >= 0 && (i - run) * FRAME_MS >= SENTENCE_PAUSE_MIN_MS) pauses.push(run * FRAME_MS);
      run = -1;
    }
  });
  return pauses;
}

/** Every sentence of the speech with its end time, from the utterance timings and the audio. */
export function timedClauses(audio16k: Float32Array, segments: readonly FixtureSegment[]): TimedClause[] {
  const out: TimedClause[] = [];
  segments.forEach((seg, utterance) => {
    const startMs = seg.start_s * 1000;
    const endMs = seg.end_s * 1000;
    const parts = sentences(normaliseTranscript(seg.text));
    const pauses = sentencePausesMs(audio16k, startMs, endMs);
    parts.forEach((text, i) => {
      const pause = pauses[i];
      out.push({ text, utterance, endMs: i < parts.length - 1 && pause !== undefined ? startMs + pause : endMs });
    });
  });
  return out;
}

/** The fixture segments of `audioFile` from transcripts.json beside it, or null when it has none. */
export function fixtureSegments(audioFile: string): FixtureSegment[] | null {
  const index = path.join(path.dirname(audioFile), 'transcripts.json');
  if (!fs.existsSync(index)) return null;
  const all = JSON.parse(fs.readFileSync(index, 'utf8')) as Record<string, { segments?: FixtureSegment[] }>; // the team fixture's documented shape
  return all[path.basename(audioFile)]?.segments ?? null;
}

/** The timed clauses of a fixture recording, or null when transcripts.json does not describe it. */
export async function loadTimedClauses(audioFile: string): Promise<TimedClause[] | null> {
  const segments = fixtureSegments(audioFile);
  if (!segments) return null;
  const audio = await readWavFile(audioFile);
  const input = new AudioInput();
  const audio16k = concat([...splitChunk(audio, audio.sampleRate).map((c) => input.push(c)), input.flush()]);
  return timedClauses(audio16k, segments);
}

/** Text without punctuation or spaces, for matching a headline or an interim against a clause. */
export function bare(text: string): string {
  return normaliseTranscript(text).replace(/[\s，。！？、；：,.!?;:]/g, '');
}

/** The clause a requirement's headline was spoken in: the first whose text contains it (or starts with its marker). */
export function clauseOfHeadline(clauses: readonly TimedClause[], headline: string, marker: string): TimedClause | null {
  const h = bare(headline);
  return (h && clauses.find((c) => bare(c.text).includes(h))) || clauses.find((c) => marker !== '' && bare(c.text).startsWith(bare(marker))) || null;
}
