/**
 * Starting a TypeScript worker thread (the Whisper worker, the VAD worker): the worker registers
 * tsx itself, because Node 20 does not apply `--import` hooks to a worker's entry module.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** ES-module URL of tsx's register API. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports: Record<string, { import?: { default?: string } } | string> }; // tsx's own package.json
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(pkgPath), rel)).href;
}

/** Spawn a worker thread running the TypeScript module at `entryPath` (absolute). */
export function spawnTsWorker(entryPath: string, name: string): Worker {
  const entryUrl = pathToFileURL(entryPath).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsxApiUrl())}); register(); await import(${JSON.stringify(entryUrl)});`;
  return new Worker(bootstrap, { eval: true, name });
}
