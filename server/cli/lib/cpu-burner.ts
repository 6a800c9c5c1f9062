/**
 * A busy machine on demand (`rehearse --burn-cpu`, the capture-under-load e2e): a child process
 * whose worker threads spin on arithmetic, one per core by default, at normal priority (like
 * another engineer's test run or a CI neighbour).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

export interface CpuBurner {
  /** Threads spinning. */
  readonly threads: number;
  /** The child's process id (for a synchronous kill when the caller exits abruptly). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const WORKER = 'let x = 0; for (;;) x = (x + Math.sqrt(x + 1)) % 1e9;';

/** Start spinning `threads` threads (default: every core) in a child process. */
export function startCpuBurner(threads = os.cpus().length): CpuBurner {
  const code = `const { Worker } = require('node:worker_threads'); for (let i = 0; i < ${threads}; i++) new Worker(${JSON.stringify(WORKER)}, { eval: true }); setInterval(() => {}, 1 << 30);`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  return {
    threads,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
