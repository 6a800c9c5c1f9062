import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTrustedProxies } from '../http/client-ip.ts';
import { createConnectionGuard, MAX_QUEUED_PACKETS, SEND_BUFFER_SWEEP_MS, type ConnectionGuard } from './connection-guard.ts';

const quiet = () => undefined;
// The guard only logs; a silent stand-in of Fastify's logger.
const log = { warn: quiet, info: quiet, error: quiet, debug: quiet } as unknown as FastifyBaseLogger;

const request = (ip: string, forwardedFor?: string) => ({ socket: { remoteAddress: ip }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

/** An engine.io connection as the guard reads it (private fields included). */
class FakeConnection extends EventEmitter {
  id = 'e1';
  readyState = 'open';
  writeBuffer: { data?: unknown }[] = [];
  transport = { socket: { bufferedAmount: 0, terminate: vi.fn() } };
  close = vi.fn(() => {
    this.readyState = 'closed';
  });
  constructor(readonly request: IncomingMessage) {
    super();
  }
}

const allowed = (guard: ConnectionGuard, req: IncomingMessage) => {
  let result: boolean | null = null;
  guard.allowRequest(req, (_err, ok) => (result = ok));
  return result;
};

let guard: ConnectionGuard | null = null;
afterEach(() => {
  guard?.close();
  vi.useRealTimers();
});

describe('connection guard', () => {
  it('caps connections per client IP (behind a trusted proxy: the forwarded one) and frees them on close', () => {
    guard = createConnectionGuard({ trusted: parseTrustedProxies('127.0.0.1'), maxPerIp: 2, log });
    const a = new FakeConnection(request('127.0.0.1', '10.0.0.1'));
    guard.watch(a);
    guard.watch(new FakeConnection(request('127.0.0.1', '10.0.0.1')));
    expect(allowed(guard, request('127.0.0.1', '10.0.0.1'))).toBe(false);
    expect(allowed(guard, request('127.0.0.1', '10.0.0.2'))).toBe(true);
    a.emit('close');
    expect(allowed(guard, request('127.0.0.1', '10.0.0.1'))).toBe(true);
  });

  it('answers pongs only after its pings; an unsolicited pong drops the connection', () => {
    guard = createConnectionGuard({ trusted: parseTrustedProxies(''), maxPerIp: 10, log });
    const polite = new FakeConnection(request('10.0.0.1'));
    const rude = new FakeConnection(request('10.0.0.2'));
    guard.watch(polite);
    guard.watch(rude);
    polite.emit('packetCreate', { type: 'ping' });
    polite.emit('packet', { type: 'pong' });
    expect(polite.close).not.toHaveBeenCalled();
    rude.emit('packet', { type: 'pong' });
    expect(rude.close).toHaveBeenCalledWith(true);
    expect(rude.transport.socket.terminate).toHaveBeenCalled();
    expect(guard.drops).toEqual({ slow_consumer: 0, unsolicited_pong: 1 });
  });

  it('drops a connection whose queue passes the packet cap at once, or the byte cap at the next sweep', () => {
    vi.useFakeTimers();
    guard = createConnectionGuard({ trusted: parseTrustedProxies(''), maxPerIp: 10, log, maxSendBufferBytes: 1024 });
    const keeping = new FakeConnection(request('10.0.0.1'));
    const packets = new FakeConnection(request('10.0.0.2'));
    const bytes = new FakeConnection(request('10.0.0.3'));
    for (const c of [keeping, packets, bytes]) guard.watch(c);
    keeping.writeBuffer = [{ data: 'x'.repeat(500) }];
    keeping.emit('packetCreate', { type: 'message' });
    packets.writeBuffer = Array.from({ length: MAX_QUEUED_PACKETS + 1 }, () => ({ data: 'x' }));
    packets.emit('packetCreate', { type: 'message' });
    expect(packets.close).toHaveBeenCalled();
    bytes.transport.socket.bufferedAmount = 1000;
    bytes.writeBuffer = [{ data: 'x'.repeat(100) }];
    expect(bytes.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SEND_BUFFER_SWEEP_MS);
    expect(bytes.close).toHaveBeenCalled();
    expect(keeping.close).not.toHaveBeenCalled();
    expect(guard.drops.slow_consumer).toBe(2);
  });
});
