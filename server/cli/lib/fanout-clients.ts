/**
 * Child process of bench:fanout: holds N venue sockets, measures each delivery of
 * `meeting:event` (receive time − event `at`) and reports per seq once all N received it, or
 * whatever arrived when the parent gives up on a seq (`collect`).
 * Runs apart from the servers so client-side decoding does not share their event loops. Socket i
 * connects to `urls[i % urls.length]` (venues spread round-robin over the nodes of a cluster).
 * Lean on purpose (thousands of sockets on a small machine): websocket transport only, no
 * reconnection, one handler.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.ts';

export type ParentMessage =
  /** `auth` is sent as each socket's handshake auth: `{ token, ...auth }`. */
  | { type: 'connect'; urls: string[]; tokens: string[]; auth?: Record<string, string> }
  /** Report seq now, complete or not. */
  | { type: 'collect'; seq: number }
  | { type: 'exit' };
export type ChildMessage =
  /** `perUrl[k]`: sockets connected to `urls[k]`. */
  | { type: 'connected'; count: number; perUrl: number[]; ms: number }
  /** Latencies of one seq's deliveries, by url index; `duplicates`: deliveries beyond one per socket. */
  | { type: 'round'; seq: number; latenciesMs: number[][]; duplicates: number }
  | { type: 'error'; message: string };

interface Pending {
  seen: Uint8Array;
  received: number;
  duplicates: number;
  latencies: number[][];
}

const send = (m: ChildMessage) => {
  if (process.connected) process.send?.(m);
};
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
const rounds = new Map<number, Pending>();
let expected = 0;
let urlCount = 1;

function report(seq: number, p: Pending): void {
  rounds.delete(seq);
  send({ type: 'round', seq, latenciesMs: p.latencies, duplicates: p.duplicates });
}

function onEvent(index: number, seq: number, at: string): void {
  const latency = Date.now() - Date.parse(at);
  let p = rounds.get(seq);
  if (!p) rounds.set(seq, (p = { seen: new Uint8Array(expected), received: 0, duplicates: 0, latencies: Array.from({ length: urlCount }, () => []) }));
  if (p.seen[index]) {
    p.duplicates++;
    return;
  }
  p.seen[index] = 1;
  p.received++;
  p.latencies[index % urlCount]!.push(latency);
  if (p.received === expected) report(seq, p);
}

async function connectAll(urls: string[], tokens: string[], auth: Record<string, string>): Promise<void> {
  const t0 = Date.now();
  expected = tokens.length;
  urlCount = urls.length;
  const perUrl = urls.map(() => 0);
  for (let i = 0; i < tokens.length; i += 100) {
    await Promise.all(
      tokens.slice(i, i + 100).map(
        (token, j) =>
          new Promise<void>((resolve, reject) => {
            const index = i + j;
            const s = io(urls[index % urls.length]!, { auth: { token, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
            s.on('meeting:event', (e) => onEvent(index, e.seq, e.at));
            s.once('connect', () => {
              perUrl[index % urls.length]!++;
              resolve();
            });
            s.once('connect_error', (err) => reject(new Error(`venue socket ${index} → ${urls[index % urls.length]}: ${err.message}`)));
            sockets.push(s);
          }),
      ),
    );
  }
  send({ type: 'connected', count: sockets.length, perUrl, ms: Date.now() - t0 });
}

// The parent went away (killed, crashed): do not linger holding thousands of sockets.
process.on('disconnect', () => process.exit(0));
process.on('message', (m: ParentMessage) => {
  if (m.type === 'connect') connectAll(m.urls, m.tokens, m.auth ?? {}).catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
  else if (m.type === 'collect') {
    const p = rounds.get(m.seq);
    if (p) report(m.seq, p);
    else send({ type: 'round', seq: m.seq, latenciesMs: Array.from({ length: urlCount }, () => []), duplicates: 0 });
  } else if (m.type === 'exit') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
