/**
 * Redis for the multi-node suites: LUOSHI_TEST_REDIS_URL names a server (CI starts one). Tests
 * sharing it never share state: each cluster of nodes gets its own key prefix, removed afterwards.
 */
import crypto from 'node:crypto';
import { createClient } from 'redis';

export const REDIS_URL = process.env.LUOSHI_TEST_REDIS_URL ?? '';

if (process.env.CI === 'true' && !REDIS_URL) throw new Error('CI must set LUOSHI_TEST_REDIS_URL (.ci/run starts redis-server)');

const prefixes = new Set<string>();

/** A key prefix no other test uses (pass as LUOSHI_REDIS_PREFIX to every node of one cluster). */
export function freshRedisPrefix(): string {
  const prefix = `t${crypto.randomBytes(5).toString('hex')}`;
  prefixes.add(prefix);
  return prefix;
}

/** Delete every key of the prefixes this process handed out. */
export async function dropRedisPrefixes(): Promise<void> {
  if (!REDIS_URL || prefixes.size === 0) return;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for (const prefix of [...prefixes]) {
      prefixes.delete(prefix);
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await client.del(keys);
      }
    }
  } finally {
    client.destroy();
  }
}
