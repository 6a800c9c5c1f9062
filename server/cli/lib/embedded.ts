/**
 * Helpers shared by the rehearsal and fan-out tools: an embedded server on 127.0.0.1:0 with a
 * temp SQLite database (or DATABASE_URL's PostgreSQL when set), and a meeting with N branch
 * venues whose sessions have joined over REST.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyOptions } from '../../http/server-options.ts';
import luoshiApp, { type AppOptions } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { JoinCodeEntry, JoinReply, MeetingCreated } from '../../../shared/protocol/rest.ts';
import type { LoginReply } from '../../../shared/protocol/organiser.ts';

/** An organiser login (username and password). */
export interface OrganiserCredentials {
  username: string;
  password: string;
}

export interface Embedded {
  app: FastifyInstance;
  url: string;
  /** The embedded server's first organiser (created for this run): tools log in with it. */
  organiser: OrganiserCredentials;
  close(): Promise<void>;
}

export async function startEmbedded(env: Record<string, string>, options: Partial<AppOptions> = {}): Promise<Embedded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-tool-'));
  // A new account each run: on a PostgreSQL database kept between runs an old one has another password.
  const organiser = { username: `luoshi-tool-${randomBytes(4).toString('hex')}`, password: randomBytes(18).toString('base64url') };
  const config = loadConfig({
    ...process.env,
    LUOSHI_DATA: path.join(dir, 'luoshi.db'),
    LUOSHI_CLIENT: 'off',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    LUOSHI_ADMIN_USER: organiser.username,
    LUOSHI_ADMIN_PASSWORD: organiser.password,
    // Every simulated venue connects from 127.0.0.1.
    LUOSHI_MAX_SOCKETS_PER_IP: '100000',
    ...env,
  });
  const app = Fastify(fastifyOptions(config));
  await app.register(luoshiApp, { config, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return {
    app,
    url: `http://127.0.0.1:${addr.port}`,
    organiser,
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function call<T>(url: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T; // our own server's reply for this route (docs/protocol.md)
}

export interface RehearsalMeeting {
  created: MeetingCreated;
  host: JoinReply;
  secretary: JoinReply;
  venues: JoinReply[];
}

/** Log in as an organiser; returns the organiser session token. */
export async function organiserLogin(url: string, credentials: OrganiserCredentials): Promise<string> {
  return (await call<LoginReply>(url, 'POST', '/api/auth/login', credentials)).token;
}

/**
 * Organiser credentials for a server a tool did not start (`--url`): the given ones, else
 * LUOSHI_ADMIN_USER / LUOSHI_ADMIN_PASSWORD from the environment; null when neither is set.
 */
export function credentialsFrom(user: string | undefined, password: string | undefined, env: NodeJS.ProcessEnv = process.env): OrganiserCredentials | null {
  const username = user ?? env.LUOSHI_ADMIN_USER;
  const pw = password ?? env.LUOSHI_ADMIN_PASSWORD;
  return username && pw ? { username, password: pw } : null;
}

/** Log in as `organiser`, create a meeting with `n` county venues under a few prefectures, and join every venue. */
export async function createMeetingWithVenues(url: string, organiser: OrganiserCredentials, n: number, publishMode: 'auto' | 'review' = 'auto'): Promise<RehearsalMeeting> {
  const organiserToken = await organiserLogin(url, organiser);
  const created = await call<MeetingCreated>(url, 'POST', '/api/meetings', {
    title: '会前演练',
    organiser: '省公安厅',
    scheduledAt: new Date().toISOString(),
    publishMode,
    speakers: [{ name: '王国强', role: '副厅长' }],
  }, organiserToken);
  const host = await call<JoinReply>(url, 'POST', '/api/join', { code: created.hostCode });
  const secretary = await call<JoinReply>(url, 'POST', '/api/join', { code: created.secretaryCode });
  const prefectures = Math.max(1, Math.ceil(n / 20));
  const rows = [
    ...Array.from({ length: prefectures }, (_, i) => ({ name: `第${i + 1}市公安局`, level: '市' })),
    ...Array.from({ length: n }, (_, i) => ({ name: `第${i + 1}县公安局`, level: '县', parent: `第${(i % prefectures) + 1}市公安局` })),
  ];
  await call(url, 'POST', `/api/meetings/${created.meeting.id}/venues`, { venues: rows }, host.token);
  const { entries } = await call<{ entries: JoinCodeEntry[] }>(url, 'GET', `/api/meetings/${created.meeting.id}/join-codes`, undefined, host.token);
  const counties = entries.filter((e) => e.role === 'venue' && e.level === 'county');
  const venues: JoinReply[] = [];
  // Joins in small parallel batches: quick, and within the join rate limit (only failures count).
  for (let i = 0; i < counties.length; i += 50) {
    venues.push(...(await Promise.all(counties.slice(i, i + 50).map((e) => call<JoinReply>(url, 'POST', '/api/join', { code: e.code })))));
  }
  return { created, host, secretary, venues };
}
