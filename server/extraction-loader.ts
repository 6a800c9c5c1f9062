/**
 * Loads the stage modules this server composes but does not own (extractor, transcription).
 * Until those modules exist the server still runs: audio commands answer model_unavailable
 * and requirements are not formed.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ExtractorFactory } from './meeting/transcript-pipeline.ts';
import type { TranscriptionService } from './transcription/types.ts';

export interface TranscriptionOptions {
  modelId: string;
  modelsDir: string;
  dtype?: string;
  allowRemoteModels?: boolean;
}
export type TranscriptionFactory = (options: TranscriptionOptions) => TranscriptionService;

async function importOptional(spec: string, log: FastifyBaseLogger): Promise<Record<string, unknown> | null> {
  try {
    // Variable specifier: the module is another engineer's and may not exist yet (see issue 4).
    return (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), module: spec }, 'optional stage module not loaded');
    return null;
  }
}

export async function loadExtractorFactory(log: FastifyBaseLogger): Promise<ExtractorFactory | null> {
  const mod = await importOptional(new URL('../shared/extraction/index.ts', import.meta.url).href, log);
  const f = mod?.createExtractor;
  return typeof f === 'function' ? (f as ExtractorFactory) : null; // contract: shared/extraction/types.ts
}

export async function loadTranscriptionFactory(log: FastifyBaseLogger): Promise<TranscriptionFactory | null> {
  const mod = await importOptional(new URL('./transcription/index.ts', import.meta.url).href, log);
  const f = mod?.createTranscriptionService;
  return typeof f === 'function' ? (f as TranscriptionFactory) : null; // contract: server/transcription/types.ts
}
