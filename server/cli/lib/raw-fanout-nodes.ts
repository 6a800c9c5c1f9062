/**
 * bench:fanout's side of its baseline: start a plain socket.io server (raw-fanout-server.ts) as a
 * child process on the given Redis prefix, and stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RawServerMessage } from './raw-fanout-server.ts';

/** How long a raw server may take to listen, ms. */
const START_TIMEOUT_MS = 30_000;
/** A raw server that has not exited this long after SIGTERM is killed, ms. */
const STOP_GRACE_MS = 10_000;

export interface RawNode {
  child: ChildProcess;
  url: string;
}

export async function startRawNode(redisUrl: string, prefix: string): Promise<RawNode> {
  const child = fork(path.join(import.meta.dirname, 'raw-fanout-server.ts'), [redisUrl, prefix], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`raw socket.io server did not start in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.on('message', (m: RawServerMessage) => {
      clearTimeout(timer);
      if (m.type === 'listening') resolve(m.port);
      else reject(new Error(`raw socket.io server: ${m.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`raw socket.io server exited with ${code}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function stopRawNode(node: RawNode): Promise<void> {
  const { child } = node;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
