/**
 * Several real Luoshi nodes as child processes sharing one PostgreSQL database and one Redis — a
 * deployment on one machine, for the rehearsal and the fan-out bench. Each run gets a new database
 * (created on the given server, dropped at the end) and its own Redis key prefix, so runs never
 * see each other's state. Node 0 starts first (it migrates the new database), then the others.
 */
import { randomBytes } from 'node:crypto';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import type { OrganiserCredentials } from './embedded.ts';
import { createScratchDatabase, deleteRedisKeys } from './scratch.ts';

export interface NodeClusterOptions {
  nodes: number;
  /** A PostgreSQL server whose user may create databases (any database on it). */
  databaseUrl: string;
  redisUrl: string;
  /** More environment for every node (model, limits). */
  env?: Record<string, string>;
}

export interface NodeCluster {
  nodes: ServerProcess[];
  /** This run's database. */
  databaseUrl: string;
  redisPrefix: string;
  /** The first organiser every node was started with. */
  organiser: OrganiserCredentials;
  /** Stop every node still running, drop the database and the Redis keys. */
  close(): Promise<void>;
}

export async function startNodeCluster(options: NodeClusterOptions): Promise<NodeCluster> {
  const id = randomBytes(5).toString('hex');
  const database = await createScratchDatabase(options.databaseUrl, 'luoshi_run');
  const databaseUrl = database.url;
  const redisPrefix = `run-${id}`;
  const secret = randomBytes(32).toString('base64url');
  const organiser = { username: `luoshi-run-${id}`, password: randomBytes(18).toString('base64url') };
  const env = (i: number) => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl,
    LUOSHI_REDIS_PREFIX: redisPrefix,
    LUOSHI_NODE_ID: `node-${i}`,
    // Every node signs and checks sessions with the same secret.
    LUOSHI_SECRET: secret,
    LUOSHI_ADMIN_USER: organiser.username,
    LUOSHI_ADMIN_PASSWORD: organiser.password,
    // Every simulated venue connects from 127.0.0.1.
    LUOSHI_MAX_SOCKETS_PER_IP: '100000',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const nodes: ServerProcess[] = [];
  // A tool that dies on an error must not leave its nodes running.
  const killAll = () => {
    for (const n of nodes) n.process.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const close = async () => {
    process.off('exit', killAll);
    await Promise.allSettled(nodes.map((n) => n.terminate()));
    await database.drop().catch(() => {});
    await deleteRedisKeys(options.redisUrl, `${redisPrefix}:`).catch(() => {});
  };
  try {
    nodes.push(await startServerProcess({ env: env(0) }));
    nodes.push(...(await Promise.all(Array.from({ length: options.nodes - 1 }, (_, i) => startServerProcess({ env: env(i + 1) })))));
  } catch (err) {
    await close();
    throw err;
  }
  return { nodes, databaseUrl, redisPrefix, organiser, close };
}
