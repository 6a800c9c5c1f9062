/**
 * `npm start` serves the Solid client from dist/client, building it first with `vite build`
 * when it is missing or older than its inputs (client/, shared/, vite.config.ts). No client → API only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Returns the directory to serve, or null for API only. */
export function prepareClient(mode: 'auto' | 'serve' | 'off', projectRoot: string, log: FastifyBaseLogger): string | null {
  if (mode === 'off') return null;
  const sources = path.join(projectRoot, 'client');
  const dist = path.join(projectRoot, 'dist', 'client');
  const index = path.join(dist, 'index.html');
  const hasSources = fs.existsSync(path.join(sources, 'index.html'));
  if (mode === 'auto' && hasSources) {
    const builtMs = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
    // The client also compiles shared/ (protocol, extraction) and is configured by vite.config.ts.
    const inputs = [sources, path.join(projectRoot, 'shared')].filter((d) => fs.existsSync(d));
    const config = path.join(projectRoot, 'vite.config.ts');
    const newestMs = Math.max(...inputs.map(newestMtimeMs), fs.existsSync(config) ? fs.statSync(config).mtimeMs : 0);
    if (builtMs < newestMs) {
      log.info('building client (vite build)');
      const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
      const r = spawnSync(process.execPath, [vite, 'build'], { cwd: projectRoot, stdio: 'inherit' });
      if (r.status !== 0) log.error({ status: r.status }, 'client build failed; serving what exists');
    }
  }
  if (!fs.existsSync(index)) {
    log.warn({ dist }, 'no built client: serving the API only');
    return null;
  }
  return dist;
}
