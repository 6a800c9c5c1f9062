/** The server as a child process (`npx tsx server/main.ts`), for fault tests that SIGKILL it. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_ADMIN } from './server.ts';

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

export interface ChildServer {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Spawn the server and resolve once it listens (or reject with its output). */
export function spawnServer(env: Record<string, string>, port: number, timeoutMs = 60_000): Promise<ChildServer> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: root,
    // The test admin (as in-process test servers have) unless the caller configures another.
    env: { ...process.env, LUOSHI_ADMIN_USER: TEST_ADMIN.username, LUOSHI_ADMIN_PASSWORD: TEST_ADMIN.password, ...env, PORT: String(port), HOST: '127.0.0.1', LUOSHI_CLIENT: 'off', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: npx → tsx → node is a tree, and a SIGKILL must reach the real server.
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out.slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (out.includes('Server listening at')) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve({ process: child, url: `http://127.0.0.1:${port}`, output: () => out });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
}

/** Signal the child's whole process group (npx → tsx → node) and wait until the port is free. */
export async function kill(child: ChildProcess, port: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 100; i++) {
    const inUse = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (!inUse) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} still in use after ${signal}`);
}
