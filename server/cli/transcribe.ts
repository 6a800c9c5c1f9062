/**
 * Transcribe a WAV file: one JSON line per final segment on stdout,
 * {"id","start","end","text","final":true} with times in seconds. Diagnostics go to stderr.
 *
 *   npm run --silent transcribe -- FILE.wav [--model ID] [--dtype q8] [--vad silero|energy]
 */
import { parseArgs } from 'node:util';
import { defaultModelsDir, loadManifest, parseModelDtype } from '../../models/registry.ts';
import { transcribeChunk } from '../transcription/feed.ts';
import { createTranscriptionService, readWavFile, TranscriptionError } from '../transcription/index.ts';

/** Chunk length fed to the stream, seconds (what a live client sends). */
const FEED_CHUNK_S = 0.2;

const USAGE = 'usage: npm run --silent transcribe -- FILE.wav [--model ID] [--dtype q8] [--vad silero|energy]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      dtype: { type: 'string' },
      vad: { type: 'string' },
      'models-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const vad = values.vad ?? 'silero';
  if (vad !== 'silero' && vad !== 'energy') throw new Error(`--vad must be silero or energy (got ${vad})`);
  const service = createTranscriptionService({
    modelId: values.model ?? loadManifest().defaultModel,
    modelsDir: values['models-dir'] ?? defaultModelsDir(),
    dtype: parseModelDtype(values.dtype),
    vad,
  });
  try {
    await service.ready();
    const audio = await readWavFile(file);
    await transcribeChunk(service, 'cli', audio, {
      interimIntervalMs: 0,
      pieceSeconds: FEED_CHUNK_S,
      onSegment: (s) => {
        if (!s.isFinal || s.text === '') return;
        const line = { id: s.id, start: round3(s.startMs / 1000), end: round3(s.endMs / 1000), text: s.text, final: true };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      },
      onError: (e) => process.stderr.write(`transcribe: ${e.code}: ${e.message}\n`),
    });
    return 0;
  } finally {
    await service.close();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof TranscriptionError ? `${err.code}\n${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`transcribe: ${message}\n`);
    process.exitCode = 1;
  },
);
