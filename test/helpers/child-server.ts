/**
 * The server as a child process for fault tests that SIGKILL it: the one launcher
 * (server/cli/lib/server-process.ts) with the test organiser and info logs (tests read them).
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/server-process.ts';
import { databaseEnv, TEST_ADMIN } from './server.ts';

export { freePort } from '../../server/cli/lib/server-process.ts';

export type ChildServer = ServerProcess;

/**
 * Spawn the server on `port` and resolve once it listens (or reject with its output). On a
 * PostgreSQL run its database is the one of its LUOSHI_DATA (the same after a restart).
 */
export async function spawnServer(env: Record<string, string>, port: number): Promise<ChildServer> {
  const database = env.LUOSHI_DATA ? await databaseEnv(env.LUOSHI_DATA) : {};
  return startServerProcess({
    port,
    ...(env.LUOSHI_DATA ? { dataFile: env.LUOSHI_DATA } : {}),
    // The test admin (as in-process test servers have) unless the caller configures another.
    env: { LUOSHI_ADMIN_USER: TEST_ADMIN.username, LUOSHI_ADMIN_PASSWORD: TEST_ADMIN.password, ...database, ...env, LOG_LEVEL: 'info' },
  });
}

/** Signal the server process and wait until its port is free. */
export async function kill(child: ChildProcess, port: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
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
