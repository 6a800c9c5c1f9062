/**
 * npm run --silent export:demo -- DIR [--audio FILE.wav] [--model ID] [--models-dir DIR] [--speed X]
 *
 * Runs a whole meeting in-process (embedded server, the speech WAV streamed by the host, venues
 * that join on time, late or never and acknowledge) and writes every export into DIR under its
 * Chinese file name. Prints JSON: requirements, venues, files with sizes and sha256.
 * Defaults: the seven-points fixture from $LUOSHI_FIXTURES, test/whisper-lookup-zh from
 * $LUOSHI_MODELS_DIR (else the project's models folder), speed 8.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultModelsDir } from '../../models/registry.ts';
import { runExportDemo } from './lib/export-demo.ts';

const USAGE = 'usage: export:demo -- DIR [--audio FILE.wav] [--model ID] [--models-dir DIR] [--speed X]\n';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    audio: { type: 'string' },
    model: { type: 'string', default: 'test/whisper-lookup-zh' },
    'models-dir': { type: 'string' },
    speed: { type: 'string', default: '8' },
  },
});

const outDir = positionals[0];
const fixtures = process.env.LUOSHI_FIXTURES;
const audioFile = values.audio ?? (fixtures ? path.join(fixtures, 'audio', 'speech-seven-points.wav') : undefined);
const speed = Number(values.speed);
if (!outDir || positionals.length !== 1 || !(speed > 0 && speed <= 100)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
if (!audioFile || !fs.existsSync(audioFile)) {
  process.stderr.write(`export:demo: no speech WAV (${audioFile ?? 'set LUOSHI_FIXTURES or pass --audio'})\n${USAGE}`);
  process.exit(2);
}

const result = await runExportDemo({
  outDir: path.resolve(outDir),
  audioFile,
  model: values.model ?? 'test/whisper-lookup-zh',
  modelsDir: values['models-dir'] ?? process.env.LUOSHI_MODELS_DIR ?? defaultModelsDir(),
  speed,
});
process.stdout.write(JSON.stringify({ tool: 'export:demo', outDir: path.resolve(outDir), ...result }, null, 2) + '\n');
