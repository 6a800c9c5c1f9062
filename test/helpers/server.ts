/**
 * Integration-test harness: the real app on 127.0.0.1:0 with a real SQLite file in a temp dir —
 * or, with LUOSHI_TEST_DIALECT=postgres (and LUOSHI_TEST_POSTGRES_URL), a fresh PostgreSQL
 * database per data file, its folder still holding the local files — plus helpers for REST calls
 * and real socket.io clients.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import luoshiApp, { type AppOptions } from '../../server/app.ts';
import { fastifyOptions } from '../../server/http/server-options.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { openDatabase, type Dialect } from '../../server/db/database.ts';
import { createStore, type Store } from '../../server/db/store.ts';
import { dropDatabases, freshDatabaseUrl, POSTGRES_URL } from './databases.ts';
import type { Result } from '../../shared/protocol/errors.ts';
import type { JoinReply, MeetingCreated, MeetingCreateBody } from '../../shared/protocol/rest.ts';
import type { LoginReply } from '../../shared/protocol/organiser.ts';
import type { ClientToServerEvents, MeetingSnapshot, ServerToClientEvents } from '../../shared/protocol/socket.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_SECRET = 'test-secret-0123456789abcdef';
/** The first organiser of every test server (LUOSHI_ADMIN_USER / LUOSHI_ADMIN_PASSWORD). */
export const TEST_ADMIN = { username: 'test-admin', password: 'test-admin-password' } as const;

/** The database every test server of this run uses (SQLite unless LUOSHI_TEST_DIALECT=postgres). */
export const SERVER_DIALECT: Dialect = process.env.LUOSHI_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
if (SERVER_DIALECT === 'postgres' && !POSTGRES_URL) throw new Error('LUOSHI_TEST_DIALECT=postgres needs LUOSHI_TEST_POSTGRES_URL');

/** Each data file's PostgreSQL database: a server restarted on the same data file finds its data again. */
const databases = new Map<string, Promise<string>>();
// Dropped once the file's tests are done (not per server: a restart reuses the database).
if (SERVER_DIALECT === 'postgres') afterAll(dropDatabases);

/** DATABASE_URL for a server on `dataFile` when the run is on PostgreSQL; nothing on SQLite. */
export async function databaseEnv(dataFile: string): Promise<Record<string, string>> {
  if (SERVER_DIALECT !== 'postgres') return {};
  let url = databases.get(dataFile);
  if (!url) databases.set(dataFile, (url = freshDatabaseUrl()));
  return { DATABASE_URL: await url };
}

/**
 * The store a stopped test server left on `dataFile` (its SQLite file, or its PostgreSQL database
 * on a PostgreSQL run), opened on its own: what was stored before a restart, read without one.
 */
export async function openStoreOf(dataFile: string): Promise<Store> {
  const { DATABASE_URL: url } = await databaseEnv(dataFile);
  return createStore(await openDatabase(url ?? dataFile));
}

export function tempDataFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
  return path.join(dir, 'luoshi.db');
}

export function testConfig(dataFile: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    LUOSHI_DATA: dataFile,
    LUOSHI_SECRET: TEST_SECRET,
    LUOSHI_CLIENT: 'off',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    LUOSHI_PRELOAD_MODEL: 'false',
    LUOSHI_ADMIN_USER: TEST_ADMIN.username,
    LUOSHI_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...env,
  });
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  dataFile: string;
  close(): Promise<void>;
}

export async function startServer(options: Partial<AppOptions> & { dataFile?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataFile = options.dataFile ?? tempDataFile();
  const { dataFile: _d, env, ...rest } = options;
  // A test may choose its database itself (DATABASE_URL '' keeps one on its SQLite file).
  const database = env && 'DATABASE_URL' in env ? {} : await databaseEnv(dataFile);
  const config = testConfig(dataFile, { ...database, ...env });
  const app = Fastify(fastifyOptions(config, { logger: false }));
  await app.register(luoshiApp, { config, ...rest });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}`, dataFile, close: () => app.close() };
}

export async function api<T = unknown>(url: string, method: string, route: string, body?: unknown, token?: string, contentType = 'application/json'): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = contentType;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url + route, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV download)
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

export const SAMPLE_MEETING: MeetingCreateBody = {
  title: '全省两为整治工作推进会',
  organiser: '省公安厅',
  scheduledAt: '2026-11-22T09:00:00+08:00',
  speakers: [{ name: '王国强', role: '副厅长' }],
  glossary: [{ term: '两为整治', variants: ['两位整治'] }],
};

export interface MeetingFixture {
  created: MeetingCreated;
  host: JoinReply;
  secretary: JoinReply;
  /** Venue sessions in import order. */
  venues: JoinReply[];
}

/** Log in as an organiser (the test admin by default); throws unless it succeeds. */
export async function login(url: string, credentials: { username: string; password: string } = TEST_ADMIN): Promise<LoginReply> {
  const r = await api<LoginReply>(url, 'POST', '/api/auth/login', credentials);
  if (r.status !== 200) throw new Error(`login failed ${r.status} ${r.text}`);
  return r.body;
}

/** One organiser session per server (login is scrypt-bound: not worth repeating per meeting). */
const organiserTokens = new Map<string, Promise<string>>();

/** The test admin's organiser token for the server at `url`. */
export function organiserToken(url: string): Promise<string> {
  let token = organiserTokens.get(url);
  if (!token) {
    token = login(url).then((r) => r.token);
    token.catch(() => organiserTokens.delete(url));
    organiserTokens.set(url, token);
  }
  return token;
}

/**
 * Create a meeting with `n` county venues under one prefecture, and join everyone. The meeting
 * is created by the test admin (or the organiser of `organiser`, a token).
 */
export async function setupMeeting(url: string, n: number, body: Partial<MeetingCreateBody> = {}, organiser?: string): Promise<MeetingFixture> {
  const create = async () => api<MeetingCreated>(url, 'POST', '/api/meetings', { ...SAMPLE_MEETING, ...body }, organiser ?? (await organiserToken(url)));
  let c = await create();
  if (c.status === 401 && !organiser) {
    // A new server on a recycled port: the cached session belongs to the old one's database.
    organiserTokens.delete(url);
    c = await create();
  }
  if (c.status !== 201) throw new Error(`create failed ${c.status} ${c.text}`);
  const created = c.body;
  const host = await join(url, created.hostCode);
  const secretary = await join(url, created.secretaryCode);
  const rows = [{ name: '某市公安局', level: '市', parent: '' }, ...Array.from({ length: n }, (_, i) => ({ name: `第${i + 1}县公安局`, level: '县', parent: '某市公安局' }))];
  const imp = await api(url, 'POST', `/api/meetings/${created.meeting.id}/venues`, { venues: rows }, host.token);
  if (imp.status !== 200) throw new Error(`import failed ${imp.status} ${imp.text}`);
  const codes = await api<{ entries: { role: string; venueName: string; code: string }[] }>(url, 'GET', `/api/meetings/${created.meeting.id}/join-codes`, undefined, host.token);
  const venueCodes = codes.body.entries.filter((e) => e.role === 'venue' && e.venueName.startsWith('第'));
  const venues: JoinReply[] = [];
  for (const e of venueCodes) venues.push(await join(url, e.code));
  return { created, host, secretary, venues };
}

export async function join(url: string, code: string): Promise<JoinReply> {
  const r = await api<JoinReply>(url, 'POST', '/api/join', { code });
  if (r.status !== 200) throw new Error(`join failed ${r.status} ${r.text}`);
  return r.body;
}

/** `query` goes on the handshake URL (the cluster balancer's `luoshi_node=<index>` pins a node). */
export function connectClient(url: string, token: string, opts: { reconnection?: boolean; query?: Record<string, string> } = {}): ClientSocket {
  return connect(url, {
    auth: { token },
    ...(opts.query ? { query: opts.query } : {}),
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
}

export async function connected(socket: ClientSocket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Emit a command and await its callback (with a timeout, so a missing callback fails the test). */
export function command<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 10_000,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  type R = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
  return new Promise<R>((resolve, reject) => {
    // The typed emit cannot express "any E" generically; the payload type is checked by the signature above.
    (socket.timeout(timeoutMs) as unknown as { emit(e: string, p: unknown, cb: (err: Error | null, r: R) => void): void }).emit(
      event,
      payload,
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
}

/**
 * A command once the socket's budget allows it: refused `overloaded` (right after a snapshot the
 * bucket may be empty for a few milliseconds) it is retried, as a real client does.
 */
export async function commandWhenAllowed<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 10_000,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await command(socket, event, payload);
    const result = r as Result<unknown>;
    if (result.ok || result.error.code !== 'overloaded' || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A full snapshot (`sync` with `lastSeq: null`) once the socket's command budget allows it: a
 * snapshot costs SNAPSHOT_COST of a 300-unit bucket, so a second one right after the socket's
 * first is refused `overloaded` until the bucket refilled (≤ 2.5 s) — as a real client retries.
 */
export async function snapshotWhenAllowed(socket: ClientSocket, timeoutMs = 10_000): Promise<MeetingSnapshot> {
  const r = await commandWhenAllowed(socket, 'sync', { lastSeq: null }, timeoutMs);
  if (r.ok && r.data.kind === 'snapshot') return r.data.snapshot;
  throw new Error(`no snapshot: ${JSON.stringify(r).slice(0, 300)}`);
}

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`command failed: ${r.error.code} ${r.error.message} ${(r.error.details ?? []).join('; ')}`);
  return r.data;
}

/** A per-test server and its client sockets, all closed after each test (registers `afterEach`). */
export function useTestServer() {
  let current: TestServer | null = null;
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await current?.close();
    current = null;
  });
  return {
    /** Start a server (replacing the previous one of this test, which the caller closed). */
    async start(options?: Parameters<typeof startServer>[0]): Promise<TestServer> {
      current = await startServer(options);
      return current;
    },
    /** Disconnect this socket after the test. */
    track(socket: ClientSocket): ClientSocket {
      sockets.push(socket);
      return socket;
    },
    /** A connected client of the current server, disconnected after the test. */
    async client(token: string, opts: { reconnection?: boolean } = {}): Promise<ClientSocket> {
      if (!current) throw new Error('start the server first');
      const socket = connectClient(current.url, token, opts);
      sockets.push(socket);
      await connected(socket);
      return socket;
    },
  };
}
