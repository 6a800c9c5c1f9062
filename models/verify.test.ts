import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelsDir } from '../test/env.ts';
import { loadManifest, missingModelFiles, parseModelDtype, resolveModel } from './registry.ts';
import { sha256File, verifyModelFolder } from './verify.ts';

const manifest = loadManifest();

describe('manifest sha256 verification', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'luoshi-models-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it.each(['test/whisper-lookup-zh', 'test/whisper-fixed-zh'])('verifies the real files of %s', async (id) => {
    const spec = manifest.models[id];
    expect(spec?.files).toBeTruthy();
    const result = await verifyModelFolder(path.join(testModelsDir(), id), spec!.files!);
    expect(result.files.length).toBeGreaterThanOrEqual(10);
    expect(result.files.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('detects a corrupted, a truncated and a missing file in a copy', async () => {
    const id = 'test/whisper-lookup-zh';
    const copy = path.join(tmp, 'copy');
    await cp(path.join(testModelsDir(), id), copy, { recursive: true });
    const files = manifest.models[id]!.files!;
    // Same size, one flipped byte: only the hash can catch it.
    const config = path.join(copy, 'config.json');
    const original = await import('node:fs/promises').then((fs) => fs.readFile(config));
    const flipped = Buffer.from(original);
    flipped[10] = (flipped[10] ?? 0) ^ 0xff;
    await writeFile(config, flipped);
    await writeFile(path.join(copy, 'vocab.json'), '{}');
    await rm(path.join(copy, 'onnx', 'encoder_model_quantized.onnx'));
    const result = await verifyModelFolder(copy, files);
    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f.status]));
    expect(result.ok).toBe(false);
    expect(byFile['config.json']).toBe('hash-mismatch');
    expect(byFile['vocab.json']).toBe('size-mismatch');
    expect(byFile['onnx/encoder_model_quantized.onnx']).toBe('missing');
    expect(byFile['tokenizer.json']).toBe('ok');
  });

  it('hashes a file it wrote', async () => {
    const file = path.join(tmp, 'abc.txt');
    await writeFile(file, 'abc');
    expect(await sha256File(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('registry', () => {
  it('has whisper-small q8 as the default production model', () => {
    expect(manifest.defaultModel).toBe('whisper-small');
    const m = resolveModel('whisper-small');
    expect(m.dtype).toBe('q8');
    expect(m.localId).toBe('Xenova/whisper-small');
  });

  it('resolves repo ids, custom folders and rejects nonsense', () => {
    expect(resolveModel('Xenova/whisper-small').name).toBe('whisper-small');
    expect(resolveModel('acme/whisper-custom').spec).toBeNull();
    expect(() => resolveModel('../etc')).toThrow(/unknown model/);
  });

  it('accepts known --dtype values and names the choices for an unknown one', () => {
    expect(parseModelDtype(undefined)).toBeUndefined();
    expect(parseModelDtype('fp16')).toBe('fp16');
    expect(() => parseModelDtype('q9')).toThrow(/unknown dtype q9 \(known: fp32, fp16, q8/);
  });

  it('lists missing files of an absent model and none for a test model', () => {
    expect(missingModelFiles(testModelsDir(), resolveModel('test/whisper-lookup-zh'))).toEqual([]);
    const missing = missingModelFiles(os.tmpdir(), resolveModel('whisper-small'));
    expect(missing).toContain('onnx/encoder_model_quantized.onnx');
    expect(missing).toContain('config.json');
  });
});
