/**
 * Several server nodes behind one address: socket.io's Redis Streams adapter carries every room
 * broadcast (`io.to(room).emit`) and cross-node query (`fetchSockets`) to the other nodes, so a
 * venue connected to node B sees an event node A committed. Chosen over the Postgres adapter
 * because it keeps a message stream nodes read from their last offset (a node that blocks briefly
 * catches up instead of missing broadcasts), and over pub/sub Redis for the same reason.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';
import type { LuoshiServer } from './types.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** Longest one blocking XREAD waits, ms: also how long a closed node's reader lingers. */
const BLOCK_MS = 1000;
/** Messages kept in the stream (about 10 s of a busy province meeting's broadcasts). */
const STREAM_MAX_LEN = 50_000;

/** A connected client; a lost connection is logged and retried by the client itself. */
export async function connectRedis(url: string, log: FastifyBaseLogger, name: string): Promise<RedisClient> {
  let down = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5000,
      // Retried forever (the node is useless without it), at most every 2 s.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  client.on('error', (err: unknown) => {
    if (!down) log.error({ err, client: name }, 'redis connection lost');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ client: name }, 'redis connection back');
    down = false;
  });
  await client.connect();
  return client;
}

/** The adapter's options for streams named after `prefix` (bench:fanout's raw baseline uses them too). */
export function redisAdapterOptions(prefix: string) {
  return {
    streamName: `${prefix}:sio`,
    channelPrefix: `${prefix}:sio`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    maxLen: STREAM_MAX_LEN,
    blockTimeInMs: BLOCK_MS,
    // Broadcasts are JSON except audio, which is never broadcast.
    onlyPlaintext: true,
  };
}

/** Route `io`'s broadcasts through Redis streams named after `prefix`. */
export function useRedisAdapter(io: LuoshiServer, client: RedisClient, prefix: string): void {
  io.adapter(createAdapter(client, redisAdapterOptions(prefix)));
}
