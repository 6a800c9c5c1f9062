/**
 * Hostile clients for the abuse suite (test/abuse) and bench:abuse, one function per measured
 * defect of issue 13 (#1–#5 here; #6–#8, on sessions, storage and input, in state-attacks.ts).
 * Each runs for a bounded time or count against a server on loopback and returns counts of what
 * the server answered; the caller measures the server meanwhile. They run in a child process
 * (attacker.ts) so their own work never delays the measurement.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/protocol/socket.ts';
import { connectRaw, openRawSocket } from './raw-socket.ts';
import { prototypeKeys, sessionChurn, storageFailure, type PrototypeKeysSpec, type SessionChurnSpec, type StorageFailureSpec } from './state-attacks.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export type AttackSpec =
  | { kind: 'slow-reader'; url: string; token: string; sockets: number; durationMs: number; pongs: boolean; lastSeq: number | null }
  | { kind: 'frozen-venue'; url: string; venueToken: string; hostToken: string; meetingId: string; venues: number; maxImports: number }
  | { kind: 'snapshot-flood'; url: string; tokens: string[]; durationMs: number }
  | { kind: 'deep-json'; url: string; durationMs: number; concurrency: number; depth: number }
  | { kind: 'silent-tcp'; url: string; connections: number; waitMs: number }
  | { kind: 'join-guess'; url: string; durationMs: number; clients: number }
  | SessionChurnSpec
  | StorageFailureSpec
  | PrototypeKeysSpec;

/** What an attack observed (counts by outcome). */
export type AttackResult = Record<string, number>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Venue sockets that stop reading and keep sending `sync` (with `lastSeq: null` each answer is a
 * full snapshot, with an old `lastSeq` a large replay) — optionally with engine.io pongs the
 * server never asked for, which used to keep such a connection alive forever. Counts sockets
 * the server closed.
 */
async function slowReader(spec: Extract<AttackSpec, { kind: 'slow-reader' }>): Promise<AttackResult> {
  const sockets = await Promise.all(Array.from({ length: spec.sockets }, () => connectRaw(spec.url, spec.token)));
  for (const s of sockets) s.pause();
  let sent = 0;
  let ackId = 1;
  const end = Date.now() + spec.durationMs;
  while (Date.now() < end && sockets.some((s) => !s.closed)) {
    for (const s of sockets) {
      if (s.closed || s.pendingWriteBytes > 1_000_000) continue;
      for (let i = 0; i < 20; i++) s.send(`42${ackId++}["sync",{"lastSeq":${JSON.stringify(spec.lastSeq)}}]`);
      if (spec.pongs) s.send('3');
      sent += 20;
    }
    await sleep(5);
  }
  const closed = sockets.filter((s) => s.closed).length;
  for (const s of sockets) s.destroy();
  return { sockets: spec.sockets, sent, closedByServer: closed };
}

/**
 * A venue screen that froze (stops reading, sends nothing) while the meeting goes on: the host
 * re-imports the venue list again and again, and each `venues:updated` (every venue in it) is
 * broadcast to the frozen venue too. Counts whether the server dropped it. Runs until `stop`
 * (the measuring side saw the drop in the server's log: a paused socket cannot see its own
 * close) or `maxImports`: how many imports it takes depends on what the kernel's socket buffers
 * absorb before the server's own queue grows (about 850 KB on loopback), not on time.
 */
async function frozenVenue(spec: Extract<AttackSpec, { kind: 'frozen-venue' }>, stop: AbortSignal): Promise<AttackResult> {
  const frozen = await connectRaw(spec.url, spec.venueToken);
  frozen.pause();
  const rows = [{ name: '某市应急管理局', level: '市' }, ...Array.from({ length: spec.venues }, (_, i) => ({ name: `第${i + 1}县应急管理局指挥中心会议室`, level: '县', parent: '某市应急管理局' }))];
  const body = JSON.stringify({ venues: rows });
  let imports = 0;
  const start = Date.now();
  let closedAfterMs = -1;
  while (imports < spec.maxImports && !frozen.closed && !stop.aborted) {
    const r = await fetch(`${spec.url}/api/meetings/${spec.meetingId}/venues`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.hostToken}` }, body,
    });
    await r.arrayBuffer();
    if (r.ok) imports += 1;
  }
  // Read again: whatever the server sent before it hung up drains, and its close shows.
  frozen.resume();
  await Promise.race([frozen.whenClosed, sleep(3000)]);
  if (frozen.closed) closedAfterMs = Date.now() - start;
  frozen.destroy();
  return { imports, eventBytes: body.length, closedByServer: frozen.closed ? 1 : 0, closedAfterMs, stoppedEarly: stop.aborted ? 1 : 0 };
}

/** Unknown events sent at once, not waiting for answers: more than the whole budget (COMMAND_BURST, 300). */
const UNKNOWN_BURST = 400;
/** Bursts per socket at most, until one of its unknown events is refused. */
const MAX_UNKNOWN_BURSTS = 5;

/**
 * Many venues asking for full snapshots as fast as answers come, plus unknown events with a
 * callback (which used to be answered without any budget). Then each socket whose unknown events
 * were all answered sends them in bursts without awaiting (a client awaiting every reply never
 * outruns the refill on a busy machine) until one is refused, at most MAX_UNKNOWN_BURSTS bursts.
 */
async function snapshotFlood(spec: Extract<AttackSpec, { kind: 'snapshot-flood' }>): Promise<AttackResult> {
  const counts = { snapshots: 0, replays: 0, overloaded: 0, otherErrors: 0, unknownBadRequest: 0, unknownOverloaded: 0, unknownUnanswered: 0, cutOff: 0, disconnected: 0, unknownBursts: 0 };
  const clients: Client[] = await Promise.all(
    spec.tokens.map(
      (token) =>
        new Promise<Client>((resolve, reject) => {
          const s: Client = io(spec.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
          s.on('disconnect', () => (counts.disconnected += 1));
        }),
    ),
  );
  const end = Date.now() + spec.durationMs;
  // emitWithAck cannot name an event outside the typed map: the unknown event goes through this view.
  const untyped = (s: Client) => s as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string } }> } };
  await Promise.all(
    clients.map(async (s) => {
      let unknownRefused = false;
      /** Counts one unknown event's answer. */
      const tally = (unknown: PromiseSettledResult<{ ok: boolean; error?: { code: string } }>) => {
        // A request in flight when the server dropped the socket as a flood is cut off, not ignored.
        if (unknown.status === 'rejected') counts[s.connected ? 'unknownUnanswered' : 'cutOff'] += 1;
        else if (unknown.value.error?.code === 'bad_request') counts.unknownBadRequest += 1;
        else if (unknown.value.error?.code === 'overloaded') {
          counts.unknownOverloaded += 1;
          unknownRefused = true;
        }
      };
      while (s.connected && Date.now() < end) {
        const [sync, unknown] = await Promise.allSettled([
          s.timeout(10_000).emitWithAck('sync', { lastSeq: null }),
          untyped(s).timeout(10_000).emitWithAck('venue:nonsense', { x: 1 }),
        ]);
        if (sync.status === 'fulfilled') {
          const r = sync.value;
          if (r.ok) counts[r.data.kind === 'snapshot' ? 'snapshots' : 'replays'] += 1;
          else if (r.error.code === 'overloaded') counts.overloaded += 1;
          else counts.otherErrors += 1;
        }
        tally(unknown);
      }
      for (let burst = 0; burst < MAX_UNKNOWN_BURSTS && s.connected && !unknownRefused; burst++) {
        counts.unknownBursts += 1;
        const answers = await Promise.allSettled(Array.from({ length: UNKNOWN_BURST }, () => untyped(s).timeout(10_000).emitWithAck('venue:nonsense', { x: 1 })));
        for (const a of answers) tally(a);
      }
    }),
  );
  for (const s of clients) s.disconnect();
  return counts;
}

/** `[[[…]]]` nested `depth` deep, about 2 × depth bytes. */
export function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Deeply nested JSON to unauthenticated endpoints: POST /api/join, the login, a socket CONNECT. */
async function deepJsonAttack(spec: Extract<AttackSpec, { kind: 'deep-json' }>): Promise<AttackResult> {
  const body = deepJson(spec.depth);
  const counts: AttackResult = { requests: 0, socketsClosed: 0, socketsAccepted: 0 };
  const end = Date.now() + spec.durationMs;
  const post = async (route: string) => {
    try {
      const r = await fetch(spec.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"code":${body}}` });
      await r.arrayBuffer();
      counts[`status${r.status}`] = (counts[`status${r.status}`] ?? 0) + 1;
    } catch {
      counts.failed = (counts.failed ?? 0) + 1;
    }
    counts.requests = (counts.requests ?? 0) + 1;
  };
  const socketConnect = async () => {
    try {
      const s = await openRawSocket({ url: spec.url });
      await s.waitFor((f) => f.startsWith('0{'));
      s.send(`40{"token":${body}}`);
      await Promise.race([s.whenClosed, sleep(5000)]);
      counts[s.closed ? 'socketsClosed' : 'socketsAccepted'] = (counts[s.closed ? 'socketsClosed' : 'socketsAccepted'] ?? 0) + 1;
      s.destroy();
    } catch {
      counts.socketsRefused = (counts.socketsRefused ?? 0) + 1;
    }
  };
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, i) => {
      while (Date.now() < end) {
        if (i % 3 === 0) await post('/api/join');
        else if (i % 3 === 1) await post('/api/auth/login');
        else await socketConnect();
      }
    }),
  );
  return counts;
}

/** TCP connections that never send a byte; counts those the server closed within `waitMs`. */
async function silentTcp(spec: Extract<AttackSpec, { kind: 'silent-tcp' }>): Promise<AttackResult> {
  const net = await import('node:net');
  const u = new URL(spec.url);
  const start = Date.now();
  const closeTimes: number[] = [];
  const conns = await Promise.all(
    Array.from({ length: spec.connections }, () => new Promise<import('node:net').Socket>((resolve) => {
      const c = net.connect(Number(u.port), u.hostname, () => resolve(c));
      c.on('error', () => {});
      c.once('close', () => closeTimes.push(Date.now() - start));
    })),
  );
  const end = start + spec.waitMs;
  while (Date.now() < end && closeTimes.length < conns.length) await sleep(50);
  const open = conns.length - closeTimes.length;
  for (const c of conns) c.destroy();
  closeTimes.sort((a, b) => a - b);
  return { connections: conns.length, closedByServer: conns.length - open, stillOpen: open, lastClosedMs: closeTimes[closeTimes.length - 1] ?? -1 };
}

/** Wrong join codes from `clients` addresses (X-Forwarded-For; the server must trust 127.0.0.1). */
async function joinGuess(spec: Extract<AttackSpec, { kind: 'join-guess' }>): Promise<AttackResult> {
  const counts: AttackResult = {};
  const end = Date.now() + spec.durationMs;
  await Promise.all(
    Array.from({ length: spec.clients }, async (_, i) => {
      while (Date.now() < end) {
        // Random like a real code (20 base64url characters), so guesses spread over prefixes.
        const code = randomBytes(15).toString('base64url');
        const r = await fetch(`${spec.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${i >> 8}.${i & 255}` },
          body: JSON.stringify({ code }),
        });
        await r.arrayBuffer();
        counts[`status${r.status}`] = (counts[`status${r.status}`] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

/** Run `spec` to its own bounds; `stop` ends the attacks that wait for an outcome (frozen-venue) early. */
export async function runAttack(spec: AttackSpec, stop: AbortSignal = new AbortController().signal): Promise<AttackResult> {
  switch (spec.kind) {
    case 'slow-reader':
      return slowReader(spec);
    case 'frozen-venue':
      return frozenVenue(spec, stop);
    case 'snapshot-flood':
      return snapshotFlood(spec);
    case 'deep-json':
      return deepJsonAttack(spec);
    case 'silent-tcp':
      return silentTcp(spec);
    case 'join-guess':
      return joinGuess(spec);
    case 'session-churn':
      return sessionChurn(spec);
    case 'storage-failure':
      return storageFailure(spec);
    case 'prototype-keys':
      return prototypeKeys(spec);
    default: {
      const unknown: never = spec;
      throw new Error(`unknown attack ${JSON.stringify(unknown)}`);
    }
  }
}
