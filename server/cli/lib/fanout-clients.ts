/**
 * Child process of bench:fanout: holds N venue sockets, measures each delivery of
 * `meeting:event` (receive time − event `at`) and reports per seq once all N received it.
 * Runs apart from the server so client-side decoding does not share the server's event loop.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.ts';

type ParentMessage = { type: 'connect'; url: string; tokens: string[] } | { type: 'exit' };
export type ChildMessage =
  | { type: 'connected'; count: number; ms: number }
  | { type: 'round'; seq: number; latenciesMs: number[] }
  | { type: 'error'; message: string };

const send = (m: ChildMessage) => process.send?.(m);
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
const rounds = new Map<number, number[]>();
let expected = 0;

function onEvent(seq: number, at: string): void {
  const latency = Date.now() - Date.parse(at);
  let list = rounds.get(seq);
  if (!list) rounds.set(seq, (list = []));
  list.push(latency);
  if (list.length === expected) {
    rounds.delete(seq);
    send({ type: 'round', seq, latenciesMs: list });
  }
}

async function connectAll(url: string, tokens: string[]): Promise<void> {
  const t0 = Date.now();
  expected = tokens.length;
  for (let i = 0; i < tokens.length; i += 100) {
    await Promise.all(
      tokens.slice(i, i + 100).map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
            s.on('meeting:event', (e) => onEvent(e.seq, e.at));
            s.once('connect', () => resolve());
            s.once('connect_error', (err) => reject(err));
            sockets.push(s);
          }),
      ),
    );
  }
  send({ type: 'connected', count: sockets.length, ms: Date.now() - t0 });
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'connect') connectAll(m.url, m.tokens).catch((err: unknown) => send({ type: 'error', message: String(err) }));
  else if (m.type === 'exit') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
