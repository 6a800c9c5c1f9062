/**
 * bench:fanout's side of a venue-client child (fanout-clients.ts): fork it, connect its sockets,
 * and wait for one broadcast's deliveries at every socket (or as many as arrived in time).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildMessage, ParentMessage } from './fanout-clients.ts';

export interface RoundResult {
  /** Latency of every delivery, ms, by url index. */
  byUrl: number[][];
  /** Every latency, ms. */
  latencies: number[];
  /** Sockets that received it. */
  received: number;
  missing: number;
  duplicates: number;
}

export interface FanoutClients {
  child: ChildProcess;
  count: number;
  /** Sockets connected to each url. */
  perUrl: number[];
  connectMs: number;
  /**
   * Deliveries of `seq`: resolves once every socket has it, or after `timeoutMs` with those that
   * arrived. Rounds reported before anyone waited for them are kept until asked for.
   */
  round(seq: number, timeoutMs: number): Promise<RoundResult>;
  /** Forget rounds reported but never waited for (other events than the measured ones). */
  forget(): void;
  /** Resident set size of the child, bytes (0 when unreadable). */
  rssBytes(): number;
  close(): Promise<void>;
}

/** Resident set size of process `pid` from /proc, bytes; 0 when unreadable. */
export function rssOf(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The soft limit on open files of this process (children inherit it); null when unknown. */
export function openFileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return null;
    return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
  } catch {
    return null;
  }
}

/** Peak resident set size of `pid` (VmHWM), MB; 0 when unreadable. */
export function peakMb(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** `startFanoutClients`, with a hint in the error when the failure looks like the open-file limit; `what` names the servers. */
export async function startFanoutClientsOrHint(urls: string[], tokens: string[], auth: Record<string, string>, what: string): Promise<FanoutClients> {
  try {
    return await startFanoutClients(urls, tokens, auth);
  } catch (err) {
    const limit = openFileLimit();
    const msg = err instanceof Error ? err.message : String(err);
    const fd = /EMFILE|ENFILE|too many open files/i.test(msg) ? 'the open-file limit was reached. ' : '';
    throw new Error(
      `${what}: connecting ${tokens.length} venue sockets failed: ${msg}\n` +
        `${fd}Each venue-client process holds ${tokens.length} sockets and each node about ${Math.ceil(tokens.length / urls.length)}; ` +
        `the open-file limit (ulimit -n) here is ${limit ?? 'unknown'}.`,
    );
  }
}

/** Fork a client child and connect `tokens.length` sockets, socket i to `urls[i % urls.length]`. */
export async function startFanoutClients(urls: string[], tokens: string[], auth: Record<string, string> = {}): Promise<FanoutClients> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'fanout-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (m: ParentMessage) => child.send(m);
  const reported = new Map<number, { latenciesMs: number[][]; duplicates: number }>();
  const waiters = new Map<number, (r: { latenciesMs: number[][]; duplicates: number }) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connected = await new Promise<Extract<ChildMessage, { type: 'connected' }>>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'connected') resolve(m);
      else if (m.type === 'error') reject(new Error(m.message));
      else if (m.type === 'round') {
        const waiter = waiters.get(m.seq);
        if (waiter) waiter(m);
        else reported.set(m.seq, m);
      }
    });
    void exited.then(() => reject(new Error(`venue client process exited (code ${child.exitCode}, signal ${child.signalCode})`)));
    send({ type: 'connect', urls, tokens, auth });
  });
  const n = tokens.length;
  const result = (r: { latenciesMs: number[][]; duplicates: number }): RoundResult => {
    const latencies = r.latenciesMs.flat();
    return { byUrl: r.latenciesMs, latencies, received: latencies.length, missing: n - latencies.length, duplicates: r.duplicates };
  };
  return {
    child,
    count: connected.count,
    perUrl: connected.perUrl,
    connectMs: connected.ms,
    round(seq, timeoutMs) {
      const early = reported.get(seq);
      if (early) {
        reported.delete(seq);
        return Promise.resolve(result(early));
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => send({ type: 'collect', seq }), timeoutMs);
        waiters.set(seq, (r) => {
          clearTimeout(timer);
          waiters.delete(seq);
          resolve(result(r));
        });
      });
    },
    forget: () => reported.clear(),
    rssBytes: () => rssOf(child.pid),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) send({ type: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
