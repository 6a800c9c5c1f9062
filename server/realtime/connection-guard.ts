/**
 * Protections below socket.io, on each engine.io connection:
 * - a client that stops reading cannot make the server buffer without bound: when what waits to
 *   be sent to it passes MAX_SEND_BUFFER_BYTES (or MAX_QUEUED_PACKETS), the connection is dropped;
 * - heartbeats go one way: the server pings, the client answers. A pong the server did not ask
 *   for (which would keep a non-reading client alive forever) drops the connection;
 * - each client IP holds at most `maxPerIp` connections, authenticated or not.
 * Every drop is logged with its reason (never a token or payload).
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { TrustedProxies } from '../http/client-ip.ts';
import { clientIp } from '../http/client-ip.ts';

/** Bytes waiting to be sent to one connection above which it is dropped (a full snapshot is ~120 KB). */
export const MAX_SEND_BUFFER_BYTES = 8 * 1024 * 1024;
/** Packets waiting in engine.io's own queue above which the connection is dropped. */
export const MAX_QUEUED_PACKETS = 4096;
/** How often every connection's buffered bytes are measured, ms (packet counts are checked on every packet). */
export const SEND_BUFFER_SWEEP_MS = 250;

/** The parts of an engine.io connection the guard reads (several are private in engine.io's types). */
interface EngineConnection {
  id: string;
  request: IncomingMessage;
  readyState: string;
  on(event: 'packetCreate' | 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  close(discard?: boolean): void;
}

interface ConnectionState {
  ip: string;
  pingOutstanding: boolean;
}

export interface ConnectionGuardOptions {
  trusted: TrustedProxies;
  maxPerIp: number;
  log: FastifyBaseLogger;
  /** Default MAX_SEND_BUFFER_BYTES (LUOSHI_MAX_SEND_BUFFER_KB). */
  maxSendBufferBytes?: number;
}

export interface ConnectionGuard {
  /** engine.io `allowRequest`: refuses a new connection beyond the per-IP cap. */
  allowRequest(req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void): void;
  /** Watch a new engine.io connection (call from `io.engine.on('connection')`). */
  watch(conn: unknown): void;
  /** The client IP of a request, behind trusted proxies. */
  ipOf(req: IncomingMessage): string;
  /** Drops so far, by reason (tests and the abuse bench read them). */
  readonly drops: Readonly<Record<'slow_consumer' | 'unsolicited_pong', number>>;
  close(): void;
}

/** Bytes queued for a connection: engine.io's own queue plus what the WebSocket has not flushed. */
function bufferedBytes(conn: EngineConnection): { bytes: number; packets: number } {
  // engine.io keeps `writeBuffer` and `transport.socket` private; they are read, never written.
  const raw = conn as unknown as { writeBuffer?: { data?: unknown }[]; transport?: { socket?: { bufferedAmount?: number } } };
  const queue = raw.writeBuffer ?? [];
  let bytes = raw.transport?.socket?.bufferedAmount ?? 0;
  for (const p of queue) {
    const d = p.data;
    bytes += typeof d === 'string' ? d.length : d instanceof Uint8Array ? d.byteLength : 16;
  }
  return { bytes, packets: queue.length };
}

/**
 * Close an engine.io connection at once: discard what was queued and tear the WebSocket down
 * (a polite close would wait for a client that does not read).
 */
export function dropConnection(conn: unknown): void {
  // engine.io's transport and its WebSocket are private in its types; only close/terminate are called.
  const raw = conn as { close?: (discard?: boolean) => void; transport?: { socket?: { terminate?: () => void } } };
  raw.close?.(true);
  raw.transport?.socket?.terminate?.();
}

export function createConnectionGuard(options: ConnectionGuardOptions): ConnectionGuard {
  const maxBytes = options.maxSendBufferBytes ?? MAX_SEND_BUFFER_BYTES;
  const perIp = new Map<string, number>();
  const live = new Map<EngineConnection, ConnectionState>();
  const drops = { slow_consumer: 0, unsolicited_pong: 0 };
  const ipOf = (req: IncomingMessage) => clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], options.trusted);

  function drop(conn: EngineConnection, reason: keyof typeof drops, fields: Record<string, unknown> = {}): void {
    if (conn.readyState === 'closed') return;
    drops[reason] += 1;
    options.log.warn({ reason, ip: live.get(conn)?.ip, engineId: conn.id, ...fields }, 'socket connection dropped');
    dropConnection(conn);
  }

  function check(conn: EngineConnection): void {
    const { bytes, packets } = bufferedBytes(conn);
    if (bytes > maxBytes || packets > MAX_QUEUED_PACKETS) drop(conn, 'slow_consumer', { bufferedBytes: bytes, queuedPackets: packets });
  }

  const sweep = setInterval(() => {
    for (const conn of live.keys()) check(conn);
  }, SEND_BUFFER_SWEEP_MS);
  sweep.unref();

  return {
    drops,
    ipOf,
    allowRequest(req, fn) {
      const ip = ipOf(req);
      if ((perIp.get(ip) ?? 0) >= options.maxPerIp) {
        options.log.warn({ ip, limit: options.maxPerIp }, 'socket connection refused: too many from this address');
        fn('too many connections', false);
        return;
      }
      fn(null, true);
    },
    watch(raw) {
      const conn = raw as EngineConnection; // engine.io's Socket, typed by the fields used here
      const state: ConnectionState = { ip: ipOf(conn.request), pingOutstanding: false };
      live.set(conn, state);
      perIp.set(state.ip, (perIp.get(state.ip) ?? 0) + 1);
      conn.on('packetCreate', (packet) => {
        if (packet.type === 'ping') state.pingOutstanding = true;
        // Counting is O(1); the byte total is left to the sweep.
        const queued = (conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0; // private in engine.io's types
        if (queued > MAX_QUEUED_PACKETS) drop(conn, 'slow_consumer', { queuedPackets: queued });
      });
      conn.on('packet', (packet) => {
        if (packet.type !== 'pong') return;
        if (!state.pingOutstanding) drop(conn, 'unsolicited_pong');
        state.pingOutstanding = false;
      });
      conn.on('close', () => {
        live.delete(conn);
        const n = (perIp.get(state.ip) ?? 1) - 1;
        if (n <= 0) perIp.delete(state.ip);
        else perIp.set(state.ip, n);
      });
    },
    close() {
      clearInterval(sweep);
    },
  };
}
