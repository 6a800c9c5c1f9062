/**
 * Renders exports in one worker thread (render-worker.ts), spawned on first use and respawned
 * after a crash. The snapshot is plain data, so it crosses the thread boundary as is. At most
 * MAX_PENDING renders wait at a time; beyond that callers get `overloaded` (503) instead of
 * queueing without bound.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** Renders waiting or running at once, across all clients. */
export const MAX_PENDING = 8;

/** Main thread → worker. */
export interface RenderRequest {
  id: number;
  /** ExportKind.name, e.g. minutes.docx. */
  kind: string;
  snapshot: ExportSnapshot;
}

/** Worker → main thread. */
export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

/** Renders one export of a snapshot to bytes. */
export interface ExportRenderer {
  render(kind: string, snapshot: ExportSnapshot): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * ES-module URL of tsx's register API. The worker is TypeScript: it registers tsx itself because
 * Node 20 does not apply `--import` hooks to a worker's entry module (as the Whisper worker does).
 */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports: Record<string, { import?: { default?: string } } | string> }; // tsx's own package.json
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(pkgPath), rel)).href;
}

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
}

/** A renderer backed by one lazily started worker thread. */
export function createThreadRenderer(): ExportRenderer {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string) => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };

  const spawn = (): Worker => {
    const entry = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'render-worker.ts')).href;
    const bootstrap = `const { register } = await import(${JSON.stringify(tsxApiUrl())}); register(); await import(${JSON.stringify(entry)});`;
    const w = new Worker(bootstrap, { eval: true, name: 'luoshi-exports' });
    w.on('message', (reply: RenderReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      // An idle render thread must not keep a finished process (tests, tools) alive.
      if (pending.size === 0) w.unref();
      if (reply.ok) p.resolve(reply.bytes);
      else p.reject(new Error(`export render failed: ${reply.message}`));
    });
    w.on('error', (err) => failAll(`export worker error: ${err.message}`));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(`export worker exited (code ${code})`);
    });
    return w;
  };

  return {
    render(kind, snapshot) {
      if (pending.size >= MAX_PENDING) return Promise.reject(new DomainError('overloaded', ['too many exports rendering'], true));
      worker ??= spawn();
      const w = worker;
      w.ref();
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: RenderRequest = { id, kind, snapshot };
        w.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      failAll('export renderer closed');
    },
  };
}
