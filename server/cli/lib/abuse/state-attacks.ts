/**
 * The attacks of issue 13 on state rather than capacity (see attacks.ts for #1–#5), for the abuse
 * suite and bench:abuse: sessions that expire or whose code is rotated while their sockets are
 * connected (#6), the database file deleted or made unwritable under the running server (#7), and
 * requests whose keys are prototype names (#8). Each is bounded by count and a deadline and
 * returns counts of what the server did.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/protocol/socket.ts';
import { signSession, verifySession } from '../../../auth/session-token.ts';
import type { AttackResult } from './attacks.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SessionChurnSpec {
  kind: 'session-churn';
  url: string;
  /** The server's session secret (the abuse server's is known): short-lived tokens are signed with it. */
  secret: string;
  /** Joined venue sessions: the first `rotate` have their code rotated, the rest expire. */
  tokens: string[];
  hostToken: string;
  meetingId: string;
  /** Lifetime of the expiring sessions, s. */
  ttlS: number;
  rotate: number;
}

export interface StorageFailureSpec {
  kind: 'storage-failure';
  url: string;
  /** The server's SQLite file. */
  dataFile: string;
  /**
   * `deleted`: the file and its WAL removed. `read-only`: the file and its WAL made immutable
   * (`chattr +i`: writes through the server's open descriptors fail, for root too, which a chmod
   * does not do), then writable again.
   */
  mode: 'deleted' | 'read-only';
  hostToken: string;
  meetingId: string;
}

export interface PrototypeKeysSpec {
  kind: 'prototype-keys';
  url: string;
  hostToken: string;
  meetingId: string;
  /** Every body and CSV below is sent this many times. */
  rounds: number;
}

/** Venue imports whose keys or values are prototype names: each must get 400, never 500. */
export const PROTOTYPE_BODIES = [
  '{"venues":[{"name":"甲县","level":"constructor"}]}',
  '{"venues":[{"name":"甲县","level":"__proto__"}]}',
  '{"venues":[{"name":"甲县","level":"县","__proto__":{"isMain":true}}]}',
  '{"venues":[{"name":"甲县","level":"县","constructor":{"prototype":{"polluted":1}}}]}',
];
/** The same as CSV uploads (header tricks). */
export const PROTOTYPE_CSVS = ['__proto__,level\n甲县,县\n', 'name,level\n甲县,constructor\n', 'constructor,prototype\n1,2\n'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

async function status(url: string, init: RequestInit = {}): Promise<number> {
  try {
    const r = await fetch(url, init);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

const patchTitle = (spec: { url: string; meetingId: string; hostToken: string }, title: string) =>
  status(`${spec.url}/api/meetings/${spec.meetingId}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.hostToken}` }, body: JSON.stringify({ title }),
  });

/**
 * #6: venue sockets whose sessions expire while connected, and venues whose code the host rotates
 * while connected. Every one must be told (`session:ended`) and disconnected, and none may receive
 * a meeting event after that.
 */
export async function sessionChurn(spec: SessionChurnSpec): Promise<AttackResult> {
  const counts = { sockets: 0, expired: 0, revoked: 0, rotated: 0, notEnded: 0, eventsAfterEnd: 0, lastEndedMs: -1 };
  const start = Date.now();
  const sockets: { socket: Client; ended: boolean }[] = [];
  const connect = (token: string) =>
    new Promise<void>((resolve) => {
      const s: Client = io(spec.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const entry = { socket: s, ended: false };
      sockets.push(entry);
      s.on('session:ended', ({ reason }) => {
        entry.ended = true;
        counts[reason === 'expired' ? 'expired' : 'revoked'] += 1;
        counts.lastEndedMs = Date.now() - start;
      });
      s.on('meeting:event', () => {
        if (entry.ended) counts.eventsAfterEnd += 1;
      });
      s.once('connect', () => resolve());
      s.once('connect_error', () => resolve());
    });
  const rotated = spec.tokens.slice(0, spec.rotate);
  const expiring = spec.tokens.slice(spec.rotate);
  await Promise.all([
    ...rotated.map((token) => connect(token)),
    ...expiring.map((token) => {
      const claims = verifySession(token, spec.secret);
      return claims ? connect(signSession({ ...claims, exp: Math.floor(Date.now() / 1000) + spec.ttlS }, spec.secret)) : Promise.resolve();
    }),
  ]);
  counts.sockets = sockets.filter((e) => e.socket.connected).length;
  for (const token of rotated) {
    const venueId = verifySession(token, spec.secret)?.venueId ?? '';
    const r = await status(`${spec.url}/api/meetings/${spec.meetingId}/venues/${venueId}/code`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.hostToken}` }, body: JSON.stringify({ action: 'rotate' }),
    });
    if (r === 200) counts.rotated += 1;
  }
  await until(() => sockets.every((e) => e.ended), spec.ttlS * 1000 + 10_000);
  // Something to receive: an ended session must not.
  await patchTitle(spec, `会话结束之后 ${Date.now()}`);
  await sleep(500);
  counts.notEnded = sockets.filter((e) => !e.ended).length;
  for (const e of sockets) e.socket.disconnect();
  return counts;
}

const health = (url: string) => status(`${url}/api/health`);

/** Make the files immutable (or mutable again); false when this machine does not allow it. */
function immutable(files: string[], on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', ...files.filter((f) => fs.existsSync(f))], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * #7: the database file deleted, or made unwritable, under the running server. Health must say
 * so (503) and writes be refused (503), not answered ok and lost; a file made writable again is
 * used again. `unsupported` when `chattr` is not available or not permitted here.
 */
export async function storageFailure(spec: StorageFailureSpec): Promise<AttackResult> {
  const start = Date.now();
  const files = [spec.dataFile, `${spec.dataFile}-wal`];
  const counts: AttackResult = { healthBefore: await health(spec.url) };
  if (spec.mode === 'deleted') {
    for (const f of [...files, `${spec.dataFile}-shm`]) fs.rmSync(f, { force: true });
  } else if (!immutable(files, true)) {
    return { ...counts, unsupported: 1 };
  }
  try {
    counts.detected = (await until(async () => (await health(spec.url)) === 503, 10_000)) ? 1 : 0;
    counts.detectedAfterMs = Date.now() - start;
    counts.writeStatus = await patchTitle(spec, '存储故障之时');
    if (spec.mode === 'deleted') {
      // Restored from the server's open connection (it refuses writes until restarted).
      counts.fileRestored = (await until(() => fs.existsSync(spec.dataFile), 5000)) ? 1 : 0;
      return counts;
    }
  } finally {
    if (spec.mode === 'read-only') immutable(files, false);
  }
  const back = Date.now();
  counts.recovered = (await until(async () => (await health(spec.url)) === 200, 10_000)) ? 1 : 0;
  counts.recoveredAfterMs = Date.now() - back;
  counts.writeStatusAfter = await patchTitle(spec, '存储恢复之后');
  return counts;
}

/** #8: venue imports with prototype keys, as JSON and CSV, all at once per round; counts statuses. */
export async function prototypeKeys(spec: PrototypeKeysSpec): Promise<AttackResult> {
  const counts: AttackResult = {};
  const route = `${spec.url}/api/meetings/${spec.meetingId}/venues`;
  const send = (body: string, type: string) => status(route, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${spec.hostToken}` }, body });
  for (let i = 0; i < spec.rounds; i++) {
    const statuses = await Promise.all([
      ...PROTOTYPE_BODIES.map((body) => send(body, 'application/json')),
      ...PROTOTYPE_CSVS.map((body) => send(body, 'text/csv')),
    ]);
    for (const s of statuses) counts[`status${s}`] = (counts[`status${s}`] ?? 0) + 1;
  }
  return counts;
}
