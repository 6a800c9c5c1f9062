import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError, databaseTarget, loadConfig } from './config.ts';

/** The project's own models/cache, whatever the working directory. */
const PROJECT_MODELS_CACHE = path.resolve(import.meta.dirname, '..', 'models', 'cache');
const dataFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-config-')), 'db.sqlite');

it('applies defaults and persists a generated secret beside the database', () => {
  const file = dataFile();
  const a = loadConfig({ LUOSHI_DATA: file });
  expect(a).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', LUOSHI_MODEL: 'whisper-small', LUOSHI_MODELS_DIR: PROJECT_MODELS_CACHE, livekit: null });
  expect(a.LUOSHI_SECRET.length).toBeGreaterThanOrEqual(32);
  expect(loadConfig({ LUOSHI_DATA: file }).LUOSHI_SECRET).toBe(a.LUOSHI_SECRET);
});

it('rejects bad values and partial LiveKit settings, naming each problem', () => {
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), PORT: 'eighty' })).toThrow(ConfigError);
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), LIVEKIT_URL: 'ws://x' })).toThrow(/LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), LUOSHI_SECRET: 'short' })).toThrow(/LUOSHI_SECRET/);
  const lk = loadConfig({ LUOSHI_DATA: dataFile(), LIVEKIT_URL: 'ws://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
  expect(lk.livekit).toEqual({ url: 'ws://x', apiKey: 'k', apiSecret: 's' });
});

it('takes the first organiser from LUOSHI_ADMIN_USER/PASSWORD, both or neither, and validates them', () => {
  expect(loadConfig({ LUOSHI_DATA: dataFile() }).firstOrganiser).toBeNull();
  const c = loadConfig({ LUOSHI_DATA: dataFile(), LUOSHI_ADMIN_USER: 'bgs', LUOSHI_ADMIN_PASSWORD: 'long-enough-pw', LUOSHI_ADMIN_NAME: '市公安局办公室' });
  expect(c.firstOrganiser).toEqual({ username: 'bgs', password: 'long-enough-pw', displayName: '市公安局办公室' });
  expect(c.LUOSHI_LOGIN_TTL_S).toBe(43_200);
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), LUOSHI_ADMIN_USER: 'bgs' })).toThrow(/LUOSHI_ADMIN_USER and LUOSHI_ADMIN_PASSWORD/);
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), LUOSHI_ADMIN_USER: 'bgs', LUOSHI_ADMIN_PASSWORD: 'short' })).toThrow(/LUOSHI_ADMIN_PASSWORD/);
  expect(() => loadConfig({ LUOSHI_DATA: dataFile(), LUOSHI_ADMIN_USER: 'a b', LUOSHI_ADMIN_PASSWORD: 'long-enough-pw' })).toThrow(/LUOSHI_ADMIN_USER/);
});

it('selects PostgreSQL by DATABASE_URL (postgres:// or postgresql:// only), else the SQLite file', () => {
  const file = dataFile();
  const sqlite = loadConfig({ LUOSHI_DATA: file, DATABASE_URL: '' });
  expect(sqlite.DATABASE_URL).toBeUndefined();
  expect(databaseTarget(sqlite)).toBe(file);
  for (const url of ['postgres://luoshi:pw@db:5432/luoshi', 'postgresql://db/luoshi']) {
    const pg = loadConfig({ LUOSHI_DATA: file, DATABASE_URL: url });
    expect(databaseTarget(pg)).toBe(url);
  }
  expect(() => loadConfig({ LUOSHI_DATA: file, DATABASE_URL: 'mysql://db/luoshi' })).toThrow(/DATABASE_URL: must be a postgres/);
  // The secret stays beside LUOSHI_DATA whichever database is used.
  const withPg = loadConfig({ LUOSHI_DATA: file, DATABASE_URL: 'postgres://db/luoshi' });
  expect(fs.readFileSync(path.join(path.dirname(file), 'secret'), 'utf8').trim()).toBe(withPg.LUOSHI_SECRET);
});

it('turns on the cluster mode by REDIS_URL only with a shared database and secret, and names the node', () => {
  const file = dataFile();
  const base = { LUOSHI_DATA: file, DATABASE_URL: 'postgres://db/luoshi', LUOSHI_SECRET: 'a-shared-secret-of-the-cluster' };
  const cfg = loadConfig({ ...base, REDIS_URL: 'redis://cache:6379', LUOSHI_NODE_ID: 'node-a' });
  expect(cfg).toMatchObject({ REDIS_URL: 'redis://cache:6379', LUOSHI_NODE_ID: 'node-a', LUOSHI_REDIS_PREFIX: 'luoshi' });
  // Default node ids differ per process start, so a restarted process is a new node.
  expect(loadConfig({ ...base }).LUOSHI_NODE_ID).not.toBe(loadConfig({ ...base }).LUOSHI_NODE_ID);
  expect(() => loadConfig({ ...base, REDIS_URL: 'http://cache' })).toThrow(/REDIS_URL: must be a redis/);
  expect(() => loadConfig({ ...base, DATABASE_URL: '', REDIS_URL: 'redis://cache' })).toThrow(/REDIS_URL needs DATABASE_URL/);
  expect(() => loadConfig({ LUOSHI_DATA: file, DATABASE_URL: 'postgres://db/luoshi', REDIS_URL: 'redis://cache' })).toThrow(/LUOSHI_SECRET must be set when REDIS_URL/);
  expect(() => loadConfig({ ...base, LUOSHI_REDIS_PREFIX: 'has space' })).toThrow(/LUOSHI_REDIS_PREFIX/);
});
