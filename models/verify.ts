/**
 * sha256 verification of model folders against pinned hashes (models/manifest.json).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PinnedFile } from './registry.ts';

/** sha256 of a file, hex, streamed (model files are hundreds of MB). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Verification result of one file. */
export interface FileCheck {
  /** Path inside the model folder. */
  file: string;
  status: 'ok' | 'missing' | 'size-mismatch' | 'hash-mismatch';
  expectedSha256: string;
  actualSha256?: string;
}

/** Result of {@link verifyModelFolder}. */
export interface FolderCheck {
  ok: boolean;
  files: FileCheck[];
}

/**
 * Check every pinned file of a model folder: present, right size, right sha256.
 * Files not listed in `pinned` are ignored.
 */
export async function verifyModelFolder(dir: string, pinned: Readonly<Record<string, PinnedFile>>): Promise<FolderCheck> {
  const files: FileCheck[] = [];
  for (const [file, expected] of Object.entries(pinned)) {
    const full = path.join(dir, ...file.split('/'));
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) {
      files.push({ file, status: 'missing', expectedSha256: expected.sha256 });
      continue;
    }
    if (info.size !== expected.bytes) {
      files.push({ file, status: 'size-mismatch', expectedSha256: expected.sha256 });
      continue;
    }
    const actual = await sha256File(full);
    files.push({ file, status: actual === expected.sha256 ? 'ok' : 'hash-mismatch', expectedSha256: expected.sha256, actualSha256: actual });
  }
  return { ok: files.every((f) => f.status === 'ok'), files };
}
