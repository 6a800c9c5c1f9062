/**
 * The real server as a child process (`node --import tsx server/main.ts`, as `npm start` runs it),
 * the one launcher behind the abuse suite and bench:abuse (abuse/server-process.ts) and the crash
 * tests (test/helpers/child-server.ts): its own process, so it can be SIGKILLed, its resident
 * memory read from /proc, and a hostile client cannot share its event loop with the measuring side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');

const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  /** The child itself (node running server/main.ts). */
  process: ChildProcess;
  url: string;
  port: number;
  dataFile: string;
  pid: number;
  /** Resident set size now, bytes (from /proc/<pid>/status). */
  rssBytes(): number;
  /** Everything it printed (bounded). */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (graceful) and wait; the data stays. */
  terminate(): Promise<void>;
  /** SIGKILL and wait; the data stays. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-process-')), 'luoshi.db');
}

export interface StartOptions {
  /** Over the base (PORT, HOST, LUOSHI_DATA, LUOSHI_CLIENT=off) and the caller's own environment. */
  env?: Record<string, string>;
  dataFile?: string;
  port?: number;
  /** Project to run (default this one; bench:abuse -- --root DIR measures another checkout). */
  root?: string;
  /**
   * Run without the capability to override file permissions (CAP_DAC_OVERRIDE, via util-linux
   * `setpriv`), so that root, too, is refused a read-only file. Changing the uid instead would also
   * need every directory above the project to be readable by that user, which a CI clone in a
   * mktemp directory (mode 700) is not.
   */
  withoutFileOverride?: boolean;
}

/** Drops the permission-override capabilities for the command that follows (root included). */
const WITHOUT_FILE_OVERRIDE = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search'];

/** Spawn the server; resolves once it listens (rejects with its output if it exits first). */
export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const dataFile = options.dataFile ?? tempDataFile();
  const port = options.port ?? (await freePort());
  const node = [process.execPath, '--import', 'tsx', 'server/main.ts'];
  const [command, ...args] = options.withoutFileOverride ? ['setpriv', ...WITHOUT_FILE_OVERRIDE, ...node] : node;
  const child: ChildProcess = spawn(command as string, args, {
    // LUOSHI_ABUSE_ROOT runs another checkout of the server (before/after comparisons).
    cwd: options.root ?? process.env.LUOSHI_ABUSE_ROOT ?? PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUOSHI_DATA: dataFile,
      LUOSHI_CLIENT: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-500_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${START_TIMEOUT_MS} ms:\n${out.slice(-3000)}`)), START_TIMEOUT_MS);
    const check = () => {
      if (out.includes(`Luoshi is running at http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out.slice(-3000)}`));
    });
  });
  const pid = child.pid ?? 0;
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    port,
    dataFile,
    pid,
    rssBytes: () => {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    },
    output: () => out,
    exited,
    terminate: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}
