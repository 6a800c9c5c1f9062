/**
 * The transcribe CLI as a subprocess, exactly as the acceptance criteria run it:
 *   npm run --silent transcribe -- FILE.wav --model test/whisper-lookup-zh
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { normaliseTranscript } from '../shared/transcript/normalise.ts';
import { fixturePath, testModelsDir } from './env.ts';

const run = promisify(execFile);
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

interface CliSegment {
  id: string;
  start: number;
  end: number;
  text: string;
  final: boolean;
}

async function transcribe(file: string, extraEnv: Record<string, string> = {}, args = ['--model', 'test/whisper-lookup-zh']) {
  return run('npm', ['run', '--silent', 'transcribe', '--', file, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LUOSHI_MODELS_DIR: testModelsDir(), ...extraEnv },
    maxBuffer: 1024 * 1024,
  });
}

async function truth(file: string): Promise<Array<{ start_s: number; end_s: number; text: string }>> {
  const all = JSON.parse(await readFile(fixturePath('audio', 'transcripts.json'), 'utf8')) as Record<
    string,
    { segments: Array<{ start_s: number; end_s: number; text: string }> }
  >; // team fixture, shape documented in its README
  return all[file]?.segments ?? [];
}

describe.each(['speech-seven-points.wav', 'speech-seven-points-48k.wav'])('npm run transcribe -- %s', (file) => {
  it('prints exactly ten JSON lines matching the fixture, and nothing else on stdout', async () => {
    const { stdout } = await transcribe(fixturePath('audio', file));
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    const segments = lines.map((l) => JSON.parse(l) as CliSegment); // keys asserted below
    const expected = await truth(file);
    segments.forEach((s, i) => {
      expect(Object.keys(s)).toEqual(['id', 'start', 'end', 'text', 'final']);
      expect(s.final).toBe(true);
      expect(s.text).toBe(normaliseTranscript(expected[i]!.text));
      expect(Math.abs(s.start - expected[i]!.start_s)).toBeLessThanOrEqual(0.3);
      expect(Math.abs(s.end - expected[i]!.end_s)).toBeLessThanOrEqual(0.3);
    });
    expect(segments[4]?.text).toBe('第三，要真抓实改问题。');
    expect(stdout).not.toMatch(/明镜|Amara|字幕/);
  }, 120_000);
});

describe('npm run transcribe errors', () => {
  it('prints nothing for silence-3s.wav', async () => {
    const { stdout } = await transcribe(fixturePath('audio', 'silence-3s.wav'));
    expect(stdout).toBe('');
  }, 60_000);

  it('exits 1 with the bilingual provisioning message when the model is missing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'luoshi-cli-'));
    const failed = await transcribe(fixturePath('audio', 'u01.wav'), { LUOSHI_MODELS_DIR: empty }, ['--model', 'whisper-small']).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toContain('MODEL_MISSING');
    expect(failed?.stderr).toContain('语音识别模型缺失');
    expect(failed?.stderr).toContain('Offline intranet');
  }, 60_000);
});
