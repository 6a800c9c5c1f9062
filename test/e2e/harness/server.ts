/**
 * Starts the real Luoshi server as a child process (`server/main.ts` under tsx, as `npm start`
 * does) on 127.0.0.1 port 0 with a temporary SQLite file, and reads its URL from the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  /** Listen on this port (restart on the same URL); default 0. */
  port?: number;
  /** Extra environment (e.g. a short LUOSHI_TOKEN_TTL_S). */
  env?: Record<string, string>;
}

/** How long the server may take to listen, ms (tsx compiles on the fly). */
const START_TIMEOUT_MS = 60_000;

/** Keep the server's log beside the screenshots (appended across restarts) for diagnosis. */
function saveLog(output: string): void {
  const dir = path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'e2e-server.log'), output);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      LUOSHI_DATA: path.join(dataDir, 'luoshi.db'),
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${START_TIMEOUT_MS} ms:\n${output.slice(-4000)}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output.slice(-4000)}`));
    });
  });
  // Keep collecting output after start (bounded) for diagnostics.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    url,
    dataDir,
    log: () => output,
    kill: async () => {
      saveLog(output);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    terminate: async () => {
      saveLog(output);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
    stop: async () => {
      saveLog(output);
      if (child.exitCode !== null || child.signalCode !== null) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
