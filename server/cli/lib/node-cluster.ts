/**
 * Several real Luoshi nodes as child processes sharing one PostgreSQL database and one Redis — a
 * deployment on one machine. Used by `rehearse --nodes N` and `bench:fanout --nodes N`
 * (fanout-cluster.ts), and through those CLIs by test/cluster/rehearse.test.ts and
 * test/cluster/bench-fanout.test.ts. Each run gets a new database (created on the given server,
 * dropped at the end) and its own Redis key prefix, so runs never see each other's state. Node 0
 * starts first (it migrates the new database), then the others together.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from 'redis';
import { Cleanup } from './cleanup.ts';
import type { OrganiserCredentials } from './embedded.ts';
import { createScratchDatabase, deleteRedisKeys, type ScratchDatabase } from './scratch.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/** A node that has not exited this long after SIGTERM is killed, ms. */
const STOP_GRACE_MS = 15_000;

export interface NodeClusterOptions {
  nodes: number;
  /** A PostgreSQL server whose user may create databases (any database on it). */
  databaseUrl: string;
  redisUrl: string;
  /** More environment for every node (model, limits). */
  env?: Record<string, string>;
  /** Names the run's scratch state: database `luoshi_<label>_<random>`, Redis prefix `<label>-<random>`. Default `run`. */
  label?: string;
  /**
   * Called before anything is created, with the cluster's `close`, which undoes whatever exists by
   * then: a tool stopped by SIGINT while its nodes are still starting can still drop the database.
   */
  onStarting?: (close: () => Promise<void>) => void;
}

export interface NodeCluster {
  nodes: ServerProcess[];
  /** `LUOSHI_NODE_ID` of each node (`node-0`, `node-1`, …). */
  nodeIds: string[];
  /** This run's database. */
  databaseUrl: string;
  /** Its name on the server. */
  databaseName: string;
  /** Every node's `LUOSHI_REDIS_PREFIX`; its keys are deleted by `close`. */
  redisPrefix: string;
  /** The secret every node signs and checks session tokens with. */
  secret: string;
  /** The first organiser every node was started with. */
  organiser: OrganiserCredentials;
  /** Stop every node still running (their data folders removed), drop the database and the Redis keys. */
  close(): Promise<void>;
}

const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function checkRedis(redisUrl: string): Promise<void> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`cannot reach Redis at ${redactUrl(redisUrl)}: ${messageOf(err)}`);
  } finally {
    client.destroy();
  }
}

async function createDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  try {
    return await createScratchDatabase(serverUrl, prefix);
  } catch (err) {
    throw new Error(
      `cannot create a database on ${redactUrl(serverUrl)}: ${messageOf(err)}\n` +
        'Several nodes run on a fresh database created and dropped by the run; give a server and a role that may CREATE DATABASE.',
    );
  }
}

export async function startNodeCluster(options: NodeClusterOptions): Promise<NodeCluster> {
  const cleanup = new Cleanup('node cluster');
  const close = () => cleanup.run();
  options.onStarting?.(close);
  const label = options.label ?? 'run';
  const redisPrefix = `${label}-${randomBytes(5).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const organiser = { username: `luoshi-${redisPrefix}`, password: randomBytes(18).toString('base64url') };
  const nodeIds = Array.from({ length: options.nodes }, (_, i) => `node-${i}`);
  const started: ServerProcess[] = [];
  // A tool that dies on an error must not leave its nodes running.
  const killAll = () => {
    for (const n of started) n.process.kill('SIGKILL');
  };
  process.once('exit', killAll);
  cleanup.add('forget the exit handler', () => void process.off('exit', killAll));
  try {
    await checkRedis(options.redisUrl);
    cleanup.add(`delete redis keys ${redisPrefix}:*`, () => deleteRedisKeys(options.redisUrl, `${redisPrefix}:`));
    const database = await createDatabase(options.databaseUrl, `luoshi_${label}`);
    cleanup.add(`drop database ${database.name}`, () => database.drop());
    const env = (i: number) => ({
      DATABASE_URL: database.url,
      REDIS_URL: options.redisUrl,
      LUOSHI_REDIS_PREFIX: redisPrefix,
      LUOSHI_NODE_ID: nodeIds[i]!,
      // Every node signs and checks sessions with the same secret.
      LUOSHI_SECRET: secret,
      LUOSHI_ADMIN_USER: organiser.username,
      LUOSHI_ADMIN_PASSWORD: organiser.password,
      // Every simulated venue connects from 127.0.0.1.
      LUOSHI_MAX_SOCKETS_PER_IP: '100000',
      LOG_LEVEL: 'warn',
      ...options.env,
    });
    const start = async (i: number): Promise<ServerProcess> => {
      const node = await startServerProcess({ env: env(i) });
      started.push(node);
      cleanup.add(`stop ${nodeIds[i]}`, async () => {
        const timer = setTimeout(() => void node.kill(), STOP_GRACE_MS);
        await node.terminate();
        clearTimeout(timer);
        fs.rmSync(path.dirname(node.dataFile), { recursive: true, force: true });
      });
      return node;
    };
    const first = await start(0);
    const nodes = [first, ...(await Promise.all(nodeIds.slice(1).map((_, i) => start(i + 1))))];
    return { nodes, nodeIds, databaseUrl: database.url, databaseName: database.name, redisPrefix, secret, organiser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
