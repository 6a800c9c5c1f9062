/**
 * Several Luoshi nodes in this process sharing one PostgreSQL database and one Redis (a fresh
 * database and key prefix per cluster), each with its own data folder: what a deployment behind a
 * load balancer is, minus the balancer. Only when both test servers are given (CI gives both).
 */
import { afterAll } from 'vitest';
import type { AppOptions } from '../../server/app.ts';
import { POSTGRES_URL, dropDatabases, freshDatabaseUrl } from './databases.ts';
import { REDIS_URL, dropRedisPrefixes, freshRedisPrefix } from './redis.ts';
import { connectClient, connected, startServer, type ClientSocket, type TestServer } from './server.ts';

export const CLUSTER_AVAILABLE = Boolean(POSTGRES_URL && REDIS_URL);

export interface Cluster {
  nodes: TestServer[];
  databaseUrl: string;
  redisPrefix: string;
  /** The environment every node of this cluster shares (start another node with it). */
  env: Record<string, string>;
  /** Start one more node of the cluster. */
  add(options?: Partial<AppOptions>): Promise<TestServer>;
  close(): Promise<void>;
}

export async function startCluster(count: number, options: Partial<AppOptions> = {}): Promise<Cluster> {
  const databaseUrl = await freshDatabaseUrl();
  const redisPrefix = freshRedisPrefix();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, LUOSHI_REDIS_PREFIX: redisPrefix };
  const nodes: TestServer[] = [];
  const add = async (extra: Partial<AppOptions> = {}) => {
    const node = await startServer({ ...options, ...extra, env: { ...env, LUOSHI_NODE_ID: `node-${nodes.length}` } });
    nodes.push(node);
    return node;
  };
  // One after the other: the first migrates, the others find the schema current.
  for (let i = 0; i < count; i++) await add();
  return {
    nodes, databaseUrl, redisPrefix, env, add,
    async close() {
      await Promise.allSettled(nodes.map((n) => n.close()));
    },
  };
}

/**
 * The clusters and client sockets of one test file, all closed after it (registers `afterAll`),
 * with their databases and Redis prefixes dropped.
 */
export function useClusters() {
  const clusters: Cluster[] = [];
  const sockets: ClientSocket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const c of clusters) await c.close();
    await dropDatabases();
    await dropRedisPrefixes();
  });
  return {
    async start(count: number, options: Partial<AppOptions> = {}): Promise<Cluster> {
      const cluster = await startCluster(count, options);
      clusters.push(cluster);
      return cluster;
    },
    /** A connected client socket of `token` on the node at `url`. */
    async client(url: string, token: string): Promise<ClientSocket> {
      const s = connectClient(url, token);
      sockets.push(s);
      await connected(s);
      return s;
    },
  };
}
