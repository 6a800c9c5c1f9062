import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelsDir } from '../test/env.ts';
import { fetchModelFiles, ModelVerifyError } from './fetch.ts';
import { loadManifest, requiredFiles } from './registry.ts';
import { verifyModelFolder } from './verify.ts';

const REPO = 'test/whisper-lookup-zh';
const pinned = loadManifest().models[REPO]!.files!;

/** A loopback stand-in for the hub serving the test model; `tamper` corrupts config.json. */
let server: Server;
let endpoint: string;
let tamper = false;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'luoshi-fetch-'));
  server = createServer((req, res) => {
    void (async () => {
      const match = /^\/test\/whisper-lookup-zh\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match?.[1];
      if (!file || file.includes('..')) {
        res.writeHead(404).end();
        return;
      }
      const body = await readFile(path.join(testModelsDir(), REPO, file)).catch(() => null);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const served = tamper && file === 'config.json' ? Buffer.concat([body.subarray(0, -2), Buffer.from('} ')]) : body;
      const headers: Record<string, string> = { 'content-length': String(served.length) };
      if (file.endsWith('.onnx')) headers['x-linked-etag'] = `"${createHash('sha256').update(body).digest('hex')}"`;
      else headers['etag'] = `"${createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex')}"`;
      res.writeHead(200, headers).end(served);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; // listening on TCP, so an AddressInfo
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

describe('fetchModelFiles against a loopback hub', () => {
  it('downloads a model and verifies every file against the manifest pins', async () => {
    const dest = path.join(tmp, 'pinned');
    const files = requiredFiles('q8');
    const got = await fetchModelFiles({ endpoint, repo: REPO, revision: 'main', files, optionalFiles: ['vocab.json', 'nope.json'], pinned, destDir: dest });
    expect(got.map((f) => f.file)).toEqual([...files, 'vocab.json']);
    expect(got.every((f) => f.verifiedBy === 'manifest')).toBe(true);
    const subset = Object.fromEntries(Object.entries(pinned).filter(([f]) => got.some((g) => g.file === f)));
    expect((await verifyModelFolder(dest, subset)).ok).toBe(true);
  });

  it('falls back to the hashes the hub publishes when nothing is pinned', async () => {
    const got = await fetchModelFiles({ endpoint, repo: REPO, revision: 'main', files: ['config.json', 'onnx/encoder_model.onnx'], destDir: path.join(tmp, 'hub') });
    expect(got.map((f) => f.verifiedBy)).toEqual(['hub-git-sha1', 'hub-sha256']);
    expect(got[1]?.sha256).toBe(pinned['onnx/encoder_model.onnx']?.sha256);
  });

  it('rejects a tampered file and leaves nothing behind', async () => {
    tamper = true;
    const dest = path.join(tmp, 'tampered');
    try {
      await expect(fetchModelFiles({ endpoint, repo: REPO, revision: 'main', files: ['config.json'], pinned, destDir: dest })).rejects.toBeInstanceOf(ModelVerifyError);
    } finally {
      tamper = false;
    }
    expect(existsSync(path.join(dest, 'config.json'))).toBe(false);
    expect(existsSync(path.join(dest, 'config.json.part'))).toBe(false);
  });

  it('fails on a missing required file', async () => {
    await expect(fetchModelFiles({ endpoint, repo: REPO, revision: 'main', files: ['missing.json'], destDir: path.join(tmp, 'x') })).rejects.toThrow(/HTTP 404/);
  });
});
