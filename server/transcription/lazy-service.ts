/**
 * One recogniser per process, created at boot (LUOSHI_PRELOAD_MODEL) or on first use, so a
 * server that never hears audio never loads a model. Its status goes to `onStatus` (staff screens).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { createTranscriptionService } from './service.ts';
import type { ModelStatus, TranscriptionService } from './types.ts';

/** The process's recogniser, created when first asked for. */
export interface LazyTranscription {
  /** The recogniser, created now if it was not yet. */
  get(): TranscriptionService;
  /** The recogniser if it exists already (health, status on connect), else null. */
  current(): TranscriptionService | null;
  /** Create and load it in the background; failures are logged (the host gets ready meanwhile). */
  warmUp(): void;
}

export function lazyTranscription(options: {
  config: Pick<Config, 'LUOSHI_MODEL' | 'LUOSHI_MODELS_DIR'>;
  /** Use this recogniser instead of creating one from config (tests, tools). */
  given?: TranscriptionService | undefined;
  log: FastifyBaseLogger;
  onStatus: (status: ModelStatus) => void;
}): LazyTranscription {
  const { config, log } = options;
  let transcription: TranscriptionService | null = options.given ?? null;
  options.given?.onStatus(options.onStatus);
  const get = (): TranscriptionService => {
    if (!transcription) {
      transcription = createTranscriptionService({
        modelId: config.LUOSHI_MODEL,
        modelsDir: config.LUOSHI_MODELS_DIR,
        log: (event, fields) => log.info({ ...fields, module: 'transcription' }, event),
      });
      transcription.onStatus(options.onStatus);
    }
    return transcription;
  };
  return {
    get,
    current: () => transcription,
    warmUp() {
      try {
        void get().ready().catch((err: unknown) => log.error({ err }, 'model failed to load'));
      } catch (err) {
        log.warn({ err }, 'transcription unavailable');
      }
    },
  };
}
