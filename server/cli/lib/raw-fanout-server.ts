/**
 * Child process of `bench:fanout -- --nodes N`: the raw baseline node. A plain socket.io Server
 * (no Luoshi code on the path: no auth, no database) joined to the other baseline nodes by the
 * same Redis Streams adapter with the same options as Luoshi's nodes (its own key prefix). Venue
 * sockets (`auth.role: 'venue'`) join one room; a driver socket's `broadcast` stamps `at` and
 * emits the payload to that room on every node, then acks — the shape of Luoshi's real path
 * minus validation, the database write and the event log.
 *
 * argv: REDIS_URL PREFIX. Reports `{ type: 'listening', port }` over IPC.
 */
import http from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { redisAdapterOptions } from '../../realtime/redis-adapter.ts';

export type RawServerMessage = { type: 'listening'; port: number } | { type: 'error'; message: string };

const [redisUrl, prefix] = process.argv.slice(2);
const ROOM = 'venues';
// The bench may be gone already (stopped while this one was starting).
const send = (m: RawServerMessage) => {
  if (process.connected) process.send?.(m);
};

async function main(): Promise<void> {
  if (!redisUrl || !prefix) throw new Error('usage: raw-fanout-server.ts REDIS_URL PREFIX');
  const redis = createClient({ url: redisUrl });
  redis.on('error', () => {});
  await redis.connect();
  const httpServer = http.createServer();
  // The transport settings Luoshi's socket server uses (server/realtime/socket-server.ts).
  const io = new Server(httpServer, { serveClient: false, pingInterval: 10_000, pingTimeout: 10_000, adapter: createAdapter(redis, redisAdapterOptions(prefix)) });
  io.on('connection', (socket) => {
    const auth = socket.handshake.auth as { role?: unknown };
    if (auth.role === 'venue') void socket.join(ROOM);
    else if (auth.role === 'driver') {
      socket.on('broadcast', (payload: Record<string, unknown>, ack: unknown) => {
        io.to(ROOM).emit('meeting:event', { ...payload, at: new Date().toISOString() });
        if (typeof ack === 'function') (ack as (r: { ok: true }) => void)({ ok: true });
      });
    }
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const addr = httpServer.address();
  send({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
  const stop = () => {
    void io.close();
    redis.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The bench went away: go too.
  process.on('disconnect', stop);
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
