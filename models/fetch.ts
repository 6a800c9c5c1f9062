/**
 * Download a model folder from a Hugging Face–compatible hub and verify every file:
 * against the sha256 pinned in models/manifest.json when there is one, otherwise against the
 * hash the hub publishes (X-Linked-Etag = sha256 for LFS files, ETag = git blob sha1 for small
 * files). Files are written to `<name>.part` and renamed only after they verified.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { PinnedFile } from './registry.ts';

/** Result of one downloaded file. */
export interface FetchedFile {
  file: string;
  bytes: number;
  sha256: string;
  /** What the hash was checked against. */
  verifiedBy: 'manifest' | 'hub-sha256' | 'hub-git-sha1';
}

/** Options of {@link fetchModelFiles}. */
export interface FetchModelOptions {
  /** Hub base URL, e.g. https://huggingface.co (HF_ENDPOINT). */
  endpoint: string;
  repo: string;
  revision: string;
  /** Paths inside the repo that must be downloaded. */
  files: readonly string[];
  /** Paths downloaded when present (404 is skipped). */
  optionalFiles?: readonly string[];
  /** Pinned hashes from the manifest, if any. */
  pinned?: Readonly<Record<string, PinnedFile>> | null;
  /** Destination model folder. */
  destDir: string;
  /** Injectable fetch (tests). Default global fetch. */
  fetchImpl?: typeof fetch;
  /** Progress lines (file name, bytes). */
  onFile?: (file: string, bytes: number) => void;
}

/** Raised when a download fails verification; the partial file is removed. */
export class ModelVerifyError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`校验失败 / checksum mismatch for ${file}: expected ${expected}, got ${actual}`);
    this.name = 'ModelVerifyError';
  }
}

function stripQuotes(value: string | null): string | null {
  if (!value) return null;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Download and verify one file; returns null for an optional file the hub does not have. */
async function fetchOne(options: FetchModelOptions, file: string, optional: boolean): Promise<FetchedFile | null> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const url = `${options.endpoint.replace(/\/$/, '')}/${options.repo}/resolve/${encodeURIComponent(options.revision)}/${file}`;
  const response = await fetchImpl(url, { redirect: 'follow' });
  if (response.status === 404 && optional) return null;
  if (!response.ok || !response.body) throw new Error(`下载失败 / download failed: ${url} → HTTP ${response.status}`);
  const target = path.join(options.destDir, ...file.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.part`;
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  const declared = Number(response.headers.get('content-length') ?? NaN);
  // A git blob hash covers a "blob <size>\0" header; the size must be known up front.
  const gitSha1Possible = Number.isFinite(declared);
  if (gitSha1Possible) sha1.update(`blob ${declared}\0`);
  let bytes = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>); // undici's web stream type differs only nominally
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    sha256.update(chunk);
    if (gitSha1Possible) sha1.update(chunk);
  });
  await streamPipeline(body, createWriteStream(partial));
  const actual = sha256.digest('hex');
  const pin = options.pinned?.[file];
  const hubSha256 = stripQuotes(response.headers.get('x-linked-etag'));
  const hubEtag = stripQuotes(response.headers.get('etag'));
  let verifiedBy: FetchedFile['verifiedBy'];
  let expected: string;
  let got: string = actual;
  if (pin) {
    verifiedBy = 'manifest';
    expected = pin.sha256;
  } else if (hubSha256 && /^[0-9a-f]{64}$/.test(hubSha256)) {
    verifiedBy = 'hub-sha256';
    expected = hubSha256;
  } else if (hubEtag && /^[0-9a-f]{40}$/.test(hubEtag) && gitSha1Possible && bytes === declared) {
    verifiedBy = 'hub-git-sha1';
    expected = hubEtag;
    got = sha1.digest('hex');
  } else {
    await rm(partial, { force: true });
    throw new Error(`无法校验 ${file}：清单和服务器都没有提供哈希 / cannot verify ${file}: no pinned or published hash`);
  }
  if (expected !== got || (pin && pin.bytes !== bytes)) {
    await rm(partial, { force: true });
    throw new ModelVerifyError(file, expected, got);
  }
  await rename(partial, target);
  options.onFile?.(file, bytes);
  return { file, bytes, sha256: actual, verifiedBy };
}

/** Download every file of a model into `destDir`, verifying each; stops at the first failure. */
export async function fetchModelFiles(options: FetchModelOptions): Promise<FetchedFile[]> {
  const results: FetchedFile[] = [];
  for (const file of options.files) {
    const r = await fetchOne(options, file, false);
    if (r) results.push(r);
  }
  for (const file of options.optionalFiles ?? []) {
    const r = await fetchOne(options, file, true);
    if (r) results.push(r);
  }
  return results;
}
