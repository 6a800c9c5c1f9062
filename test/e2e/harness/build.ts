/**
 * Builds the client with Vite when dist/client is missing or older than any client source,
 * so the e2e suite always runs the code under test. Several e2e files run in parallel workers:
 * a lock file makes them build one at a time (a second `vite build` would empty dist/client
 * under a server that is already serving it); whoever gets the lock second finds it fresh.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './server.ts';

/** A lock older than this is left over from a killed run, ms. */
const STALE_LOCK_MS = 5 * 60_000;
/** Longest wait for another worker's build, ms. */
const LOCK_WAIT_MS = 5 * 60_000;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const built = path.join(REPO_ROOT, 'dist/client/index.html');
  const sources = Math.max(
    newestMtimeMs(path.join(REPO_ROOT, 'client')),
    // The client bundles shared code too (protocol, requirement rules, the numerals they read).
    newestMtimeMs(path.join(REPO_ROOT, 'shared')),
    fs.statSync(path.join(REPO_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return !fs.existsSync(built) || fs.statSync(built).mtimeMs < sources;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(lockFile: string, fn: () => void): void {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lockFile, 'wx'));
      break;
    } catch (error) {
      // fs errors carry an errno code; anything but "already exists" is a real failure.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`client build lock ${lockFile} held for too long`);
      else sleepMs(200);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

export function ensureClientBuilt(): void {
  if (!isStale()) return;
  withLock(path.join(REPO_ROOT, 'dist', '.client-build.lock'), () => {
    if (!isStale()) return;
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
  });
}
