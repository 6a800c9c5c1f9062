/**
 * Starts the real Luoshi server as a child process (the one launcher,
 * server/cli/lib/server-process.ts: `server/main.ts` under tsx, as `npm start` does) on a free
 * 127.0.0.1 port with a temporary SQLite file, serving the built client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess } from '../../../server/cli/lib/server-process.ts';
import { testModelsDir } from '../../env.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** The first organiser of the e2e server (LUOSHI_ADMIN_USER / LUOSHI_ADMIN_PASSWORD). */
export const E2E_ORGANISER = { username: 'bgs', password: 'e2e-organiser-password', displayName: '市公安局办公室' } as const;

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  log: () => string;
  /** Graceful stop; removes the data directory. */
  stop: () => Promise<void>;
  /** SIGKILL (a crash): the data directory stays for a restart. */
  kill: () => Promise<void>;
  /** SIGTERM (a graceful restart): waits for the exit; the data directory stays. */
  terminate: () => Promise<void>;
}

export interface StartOptions {
  model?: string;
  /** Reuse a data directory (restart after a crash); default a new temp directory. */
  dataDir?: string;
  /** Listen on this port (restart on the same URL); default a free one. */
  port?: number;
  /** Extra environment (e.g. a short LUOSHI_TOKEN_TTL_S). */
  env?: Record<string, string>;
}

/** Keep the server's log beside the screenshots (appended across restarts) for diagnosis. */
function saveLog(output: string): void {
  const dir = path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'e2e-server.log'), output);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const child = await startServerProcess({
    port: options.port ?? (await freePort()),
    dataFile: path.join(dataDir, 'luoshi.db'),
    env: {
      LUOSHI_MODEL: options.model ?? 'test/whisper-lookup-zh',
      LUOSHI_MODELS_DIR: testModelsDir(),
      LUOSHI_CLIENT: 'serve',
      LUOSHI_SECRET: 'e2e-secret-0123456789abcdef',
      LUOSHI_JOIN_BURST: '1000',
      LUOSHI_ADMIN_USER: E2E_ORGANISER.username,
      LUOSHI_ADMIN_PASSWORD: E2E_ORGANISER.password,
      LUOSHI_ADMIN_NAME: E2E_ORGANISER.displayName,
      LOG_LEVEL: 'info',
      ...options.env,
    },
  }).catch((err: unknown) => {
    saveLog(String(err));
    throw err;
  });
  return {
    url: child.url,
    dataDir,
    log: () => child.output(),
    kill: async () => {
      saveLog(child.output());
      await child.kill();
    },
    terminate: async () => {
      saveLog(child.output());
      await child.terminate();
    },
    stop: async () => {
      saveLog(child.output());
      // A graceful stop, and a crash if it takes too long (the data directory goes either way).
      const timer = setTimeout(() => void child.kill(), 8_000);
      await child.terminate();
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
