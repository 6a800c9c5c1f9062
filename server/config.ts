/**
 * Configuration from environment variables, validated once at start against one zod schema;
 * the `Config` type is derived from it. The session secret is generated and persisted beside
 * the database when `LUOSHI_SECRET` is absent, so tokens survive a restart.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { parseTrustedProxies, type TrustedProxies } from './http/client-ip.ts';
import { z } from 'zod';
import { defaultModelsDir } from '../models/registry.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../shared/protocol/organiser.ts';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const intFrom = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

export const configSchema = z
  .object({
    PORT: intFrom(3000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    /**
     * SQLite file, the database unless DATABASE_URL is set; its folder holds the other local files
     * either way (the generated secret, the audio spool, attachments).
     */
    LUOSHI_DATA: z.string().min(1).default('./data/luoshi.db'),
    /** PostgreSQL instead of the SQLite file (`postgres://user:password@host:5432/luoshi`); several server nodes may share it. */
    DATABASE_URL: optionalText.pipe(
      z.string().regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// or postgresql:// URL').optional(),
    ),
    /**
     * Redis for running several server nodes (`redis://host:6379`): socket.io broadcasts cross nodes
     * through its Redis Streams adapter and venue presence is kept there. Unset: one node, all in memory.
     */
    REDIS_URL: optionalText.pipe(
      z.string().regex(/^rediss?:\/\/\S+$/i, 'must be a redis:// or rediss:// URL').optional(),
    ),
    /** Prefix of every Redis key and stream of this deployment (several deployments may share a Redis). */
    LUOSHI_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 letters, digits, _ . : -').default('luoshi'),
    /** This node's name in leases and presence; default host name and process id (unique per running process). */
    LUOSHI_NODE_ID: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, '1–100 letters, digits, _ . : -').optional()),
    /** Transformers.js model id of the recogniser. */
    LUOSHI_MODEL: z.string().min(1).default('whisper-small'),
    /** Model folders; default `models/cache` in the project, wherever the server is started from. */
    LUOSHI_MODELS_DIR: z.string().min(1).default(defaultModelsDir({})),
    /** Load and warm the recogniser at start-up, so it is ready before the meeting begins. */
    LUOSHI_PRELOAD_MODEL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    /** HMAC secret for session tokens (≥ 16 chars); generated into `<data dir>/secret` when absent. */
    LUOSHI_SECRET: optionalText.pipe(z.string().min(16).optional()),
    /** Client delivery: `auto` builds dist/client when stale then serves it; `serve` only serves; `off` is API only. */
    LUOSHI_CLIENT: z.enum(['auto', 'serve', 'off']).default('auto'),
    /** Session token lifetime, seconds (default 24 h). */
    LUOSHI_TOKEN_TTL_S: intFrom(86_400, 60, 30 * 86_400),
    /** Wrong join codes allowed per client IP in a burst, then one more per `LUOSHI_JOIN_REFILL_S` (valid codes are never refused). */
    LUOSHI_JOIN_BURST: intFrom(10, 1, 10_000),
    LUOSHI_JOIN_REFILL_S: intFrom(6, 1, 3600),
    /**
     * Reverse proxies whose `X-Forwarded-For` is believed, comma-separated IPs or CIDRs
     * (`127.0.0.1,10.0.0.0/8`); empty: the TCP peer is the client.
     */
    LUOSHI_TRUSTED_PROXIES: z.string().default('').transform((v, ctx) => {
      try {
        return parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'invalid proxy list' });
        return z.NEVER;
      }
    }),
    /**
     * Where venues reach the product (`https://luoshi.example.gov.cn`), for the links in the
     * join-code CSV; never taken from a request's Host header. Empty: the CSV carries paths only.
     */
    LUOSHI_PUBLIC_URL: optionalText.pipe(
      z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
    ),
    /** Close a TCP connection that sends nothing for this long while no request is in progress, seconds. */
    LUOSHI_IDLE_TIMEOUT_S: intFrom(30, 1, 3600),
    /** Socket.io connections one client IP may hold (a county NAT carries many venues). */
    LUOSHI_MAX_SOCKETS_PER_IP: intFrom(1000, 1, 100_000),
    /** Socket.io connections one session (venue, host or secretary of one meeting) may hold. */
    LUOSHI_MAX_SOCKETS_PER_SESSION: intFrom(8, 1, 1000),
    /** Data waiting to be sent to one connection above which it is dropped (a client that stopped reading), KB. */
    LUOSHI_MAX_SEND_BUFFER_KB: intFrom(8192, 64, 1_048_576),
    /** First organiser's username (with LUOSHI_ADMIN_PASSWORD); absent: `admin` with a generated password printed once. */
    LUOSHI_ADMIN_USER: optionalText.pipe(z.string().regex(USERNAME_PATTERN, '2–32 letters, digits, . _ -').optional()),
    /** First organiser's password (≥ 10 characters). Only used to create the account; change it later in the client. */
    LUOSHI_ADMIN_PASSWORD: optionalText.pipe(z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).optional()),
    /** First organiser's display name (the department), e.g. 市公安局办公室. */
    LUOSHI_ADMIN_NAME: optionalText.pipe(z.string().max(100).optional()),
    /** Organiser login session lifetime, seconds (default 12 h). */
    LUOSHI_LOGIN_TTL_S: intFrom(43_200, 60, 30 * 86_400),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LIVEKIT_URL: optionalText,
    LIVEKIT_API_KEY: optionalText,
    LIVEKIT_API_SECRET: optionalText,
  })
  .refine((c) => Boolean(c.LUOSHI_ADMIN_USER) === Boolean(c.LUOSHI_ADMIN_PASSWORD), {
    message: 'LUOSHI_ADMIN_USER and LUOSHI_ADMIN_PASSWORD must be set together or not at all',
  })
  .refine((c) => !c.REDIS_URL || Boolean(c.DATABASE_URL), {
    message: 'REDIS_URL needs DATABASE_URL: the nodes of a cluster share one PostgreSQL database (a SQLite file is one node\'s own)',
  })
  .refine((c) => !c.REDIS_URL || Boolean(c.LUOSHI_SECRET), {
    message: 'LUOSHI_SECRET must be set when REDIS_URL is set: every node must sign sessions with the same secret',
  })
  .refine(
    (c) => [c.LIVEKIT_URL, c.LIVEKIT_API_KEY, c.LIVEKIT_API_SECRET].filter(Boolean).length % 3 === 0,
    { message: 'LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together or not at all' },
  );

type RawConfig = z.infer<typeof configSchema>;

/** Where the store lives: DATABASE_URL when set, else the SQLite file LUOSHI_DATA. */
export const databaseTarget = (config: Pick<Config, 'DATABASE_URL' | 'LUOSHI_DATA'>): string => config.DATABASE_URL ?? config.LUOSHI_DATA;

/** Validated configuration; `secret` is always present. */
export type Config = Omit<RawConfig, 'LUOSHI_SECRET' | 'LUOSHI_TRUSTED_PROXIES' | 'LUOSHI_NODE_ID'> & {
  /** LUOSHI_NODE_ID, or `<hostname>-<pid>-<random>` so a restarted process is a new node. */
  LUOSHI_NODE_ID: string;
  /** Parsed LUOSHI_TRUSTED_PROXIES (an empty list trusts nobody). */
  LUOSHI_TRUSTED_PROXIES: TrustedProxies;
  LUOSHI_SECRET: string;
  /** The first organiser from LUOSHI_ADMIN_*, else null (generated at first start). */
  firstOrganiser: { username: string; password: string; displayName: string } | null;
  /** LiveKit settings when all three variables are set, else null. */
  livekit: { url: string; apiKey: string; apiSecret: string } | null;
};

export class ConfigError extends Error {}

/** Parse and validate `env`; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  const secret = raw.LUOSHI_SECRET ?? loadOrCreateSecret(raw.LUOSHI_DATA);
  const livekit =
    raw.LIVEKIT_URL && raw.LIVEKIT_API_KEY && raw.LIVEKIT_API_SECRET
      ? { url: raw.LIVEKIT_URL, apiKey: raw.LIVEKIT_API_KEY, apiSecret: raw.LIVEKIT_API_SECRET }
      : null;
  const firstOrganiser =
    raw.LUOSHI_ADMIN_USER && raw.LUOSHI_ADMIN_PASSWORD
      ? { username: raw.LUOSHI_ADMIN_USER, password: raw.LUOSHI_ADMIN_PASSWORD, displayName: raw.LUOSHI_ADMIN_NAME ?? '管理员' }
      : null;
  const nodeId = raw.LUOSHI_NODE_ID ?? `${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return { ...raw, LUOSHI_SECRET: secret, LUOSHI_NODE_ID: nodeId, firstOrganiser, livekit };
}

function loadOrCreateSecret(dataFile: string): string {
  const file = path.join(path.dirname(path.resolve(dataFile)), 'secret');
  if (fs.existsSync(file)) {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return value;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const value = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}
