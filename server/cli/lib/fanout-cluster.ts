/**
 * `bench:fanout -- --nodes N` (N ≥ 2): broadcast latency across a cluster of Luoshi nodes sharing
 * one PostgreSQL database and one Redis, against a raw socket.io cluster over the same adapter,
 * measured in the same run.
 *
 * Luoshi side: N server processes started by node-cluster.ts (a fresh database, a fresh Redis
 * prefix, their own data folders); the meeting and its venues are created through node 0; venue
 * sockets are spread round-robin over the nodes; the secretary's `requirement:edit` goes to node 0,
 * whose broadcast reaches the other nodes through the Redis Streams adapter.
 * Baseline: N plain socket.io servers (raw-fanout-nodes.ts, separate processes) joined by the
 * same adapter on the same Redis under their own prefix, as many sockets spread the same way;
 * a driver socket on baseline node 0 has it emit the same venue payload to every venue.
 * Rounds alternate between the two. Latency = venue receive time − event `at` (stamped on node 0).
 */
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { MeetingEvent } from '../../../shared/protocol/events.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.ts';
import { openDatabase } from '../../db/database.ts';
import { createStore } from '../../db/store.ts';
import { venueView } from '../../meeting/visibility.ts';
import { createScriptedTranscription } from '../../transcription/scripted-transcription.ts';
import { Cleanup } from './cleanup.ts';
import { createMeetingWithVenues, startEmbedded } from './embedded.ts';
import { openFileLimit, peakMb, rssOf, startFanoutClientsOrHint, type RoundResult } from './fanout-driver.ts';
import { startNodeCluster } from './node-cluster.ts';
import { startRawNode, stopRawNode, type RawNode } from './raw-fanout-nodes.ts';
import { deleteRedisKeys } from './scratch.ts';
import { summarise } from './stats.ts';

export interface ClusterBenchOptions {
  nodes: number;
  venues: number;
  rounds: number;
  warmup: number;
  databaseUrl: string;
  redisUrl: string;
  /** A round's deliveries still missing after this long count as missing, ms. */
  roundTimeoutMs: number;
}

/** Resolves once `s` connected. */
function connected(s: Socket<ServerToClientEvents, ClientToServerEvents> | Socket, url: string): Promise<void> {
  const plain = s as Socket;
  return new Promise((resolve, reject) => {
    plain.once('connect', () => resolve());
    plain.once('connect_error', (err) => reject(new Error(`${url}: ${err.message}`)));
  });
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function runClusterBench(o: ClusterBenchOptions): Promise<{ result: Record<string, unknown>; complete: boolean }> {
  const cleanup = new Cleanup('bench:fanout');
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`bench:fanout: ${signal}, stopping the nodes and removing the run's database and Redis keys\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run(o, cleanup);
  } finally {
    await cleanup.run();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function run(o: ClusterBenchOptions, cleanup: Cleanup): Promise<{ result: Record<string, unknown>; complete: boolean }> {
  const t0 = Date.now();
  const limit = openFileLimit();
  // The venue-client process holds one descriptor per socket, plus its own few.
  const needed = o.venues + 256;
  if (limit !== null && limit < needed) {
    throw new Error(`the open-file limit (ulimit -n) is ${limit}; ${o.venues} venue sockets in one client process need at least ${needed}. Raise it (ulimit -n ${needed * 2}) or use fewer --venues.`);
  }

  const cluster = await startNodeCluster({
    nodes: o.nodes,
    databaseUrl: o.databaseUrl,
    redisUrl: o.redisUrl,
    label: 'bench',
    env: { LUOSHI_PRELOAD_MODEL: 'false' },
    onStarting: (close) => cleanup.add('stop the Luoshi nodes, drop their database and Redis keys', close),
  });
  const { nodes, nodeIds, organiser } = cluster;
  const rawPrefix = `${cluster.redisPrefix}-raw`;
  cleanup.add(`delete redis keys ${rawPrefix}:*`, () => deleteRedisKeys(o.redisUrl, `${rawPrefix}:`));
  const nodeUrls = nodes.map((n) => n.url);
  const nodesMs = Date.now() - t0;

  // The meeting and its venues, through node 0's REST API.
  const meeting = await createMeetingWithVenues(nodeUrls[0]!, organiser, o.venues);
  const meetingId = meeting.created.meeting.id;
  const meetingMs = Date.now() - t0 - nodesMs;

  // One real requirement to edit: the real extractor on a short scripted speech, run by a
  // short-lived in-process app on the same database (the nodes have no scripted transcription).
  const scripted = createScriptedTranscription();
  // Silent: its log would go to stdout, which carries the JSON result; a failure here throws.
  // (Its background prompt refresh can still be running when it closes, and would log that.)
  const seeder = await startEmbedded(
    { DATABASE_URL: cluster.databaseUrl, REDIS_URL: '', LUOSHI_SECRET: cluster.secret, LUOSHI_NODE_ID: 'seeder', LOG_LEVEL: 'silent' },
    { transcription: scripted },
  );
  try {
    await seeder.app.meetingControl.startMeeting(meetingId);
    await seeder.app.meetingAudio.open(meetingId, 'bench');
    for (const line of ['下面，我讲三点要求。', '第一，要加强学习。各单位要认真组织。', '第二，要狠抓落实。', '第三，要严格考核。', '好，我就讲这些。']) {
      scripted.say(meetingId, line);
    }
    await seeder.app.transcriptSettled();
  } finally {
    await seeder.close();
  }

  // The bench's own look at the database: sequence numbers and the stored venue event.
  const db = await openDatabase(cluster.databaseUrl, { poolSize: 2 });
  cleanup.add('close the bench database pool', () => db.close());
  const store = createStore(db);
  const requirement = (await store.requirements.list(meetingId))[0];
  if (!requirement) throw new Error('no requirement formed from the scripted speech');

  // Baseline nodes.
  const rawNodes: RawNode[] = [];
  for (let i = 0; i < o.nodes; i++) {
    const raw = await startRawNode(o.redisUrl, rawPrefix);
    rawNodes.push(raw);
    cleanup.add(`stop raw socket.io node ${i}`, () => stopRawNode(raw));
  }
  const rawUrls = rawNodes.map((r) => r.url);

  // Venue sockets: Luoshi's, then the baseline's, each set in its own client process.
  const luoshiClients = await startFanoutClientsOrHint(nodeUrls, meeting.venues.map((v) => v.token), {}, 'Luoshi nodes');
  cleanup.add('close the Luoshi venue clients', () => luoshiClients.close());
  const rawClients = await startFanoutClientsOrHint(rawUrls, meeting.venues.map((_, i) => `raw-${i}`), { role: 'venue' }, 'raw socket.io nodes');
  cleanup.add('close the baseline venue clients', () => rawClients.close());

  const socketOptions = { transports: ['websocket'], reconnection: false, forceNew: true };
  const secretary: Socket<ServerToClientEvents, ClientToServerEvents> = io(nodeUrls[0]!, { ...socketOptions, auth: { token: meeting.secretary.token } });
  cleanup.add('disconnect the secretary', () => void secretary.disconnect());
  await connected(secretary, nodeUrls[0]!);
  const driver: Socket = io(rawUrls[0]!, { ...socketOptions, auth: { token: 'driver', role: 'driver' } });
  cleanup.add('disconnect the baseline driver', () => void driver.disconnect());
  await connected(driver, rawUrls[0]!);

  type Round = RoundResult & { seq: number };
  let lastVenueEvent: MeetingEvent | null = null;

  async function realRound(round: number): Promise<Round> {
    const before = await store.events.lastSeq(meetingId);
    const reply = await secretary.timeout(10_000).emitWithAck('requirement:edit', { requirementId: requirement!.id, fields: { headline: `要加强学习（第${round}轮）` } });
    if (!reply.ok) throw new Error(`requirement:edit: ${reply.error.code}`);
    const stored = (await store.events.since(meetingId, before, 20)).find((e) => e.event.type === 'requirement:edited');
    if (!stored) throw new Error('requirement:edit answered but no requirement:edited event was stored');
    lastVenueEvent = venueView(stored);
    const result = await luoshiClients.round(stored.event.seq, o.roundTimeoutMs);
    luoshiClients.forget();
    return { ...result, seq: stored.event.seq };
  }

  async function rawRound(round: number): Promise<Round> {
    if (!lastVenueEvent) throw new Error('no payload yet');
    const seq = -(round + 1); // negative seqs mark baseline rounds
    const done = rawClients.round(seq, o.roundTimeoutMs);
    await driver.timeout(10_000).emitWithAck('broadcast', { ...lastVenueEvent, seq });
    return { ...(await done), seq };
  }

  const sides = {
    luoshi: { latencies: [] as number[], byNode: nodes.map(() => [] as number[]), expected: 0, received: 0, duplicates: 0, incompleteRounds: 0 },
    baseline: { latencies: [] as number[], byNode: nodes.map(() => [] as number[]), expected: 0, received: 0, duplicates: 0, incompleteRounds: 0 },
  };
  const record = (side: keyof typeof sides, res: Round, measured: boolean) => {
    const s = sides[side];
    s.expected += o.venues;
    s.received += res.received;
    s.duplicates += res.duplicates;
    if (res.missing > 0) s.incompleteRounds++;
    if (!measured) return;
    s.latencies.push(...res.latencies);
    res.byUrl.forEach((l, i) => s.byNode[i]!.push(...l));
  };

  const roundsStart = Date.now();
  // Round 0 of each: not measured (first payload, cold paths), but its deliveries are counted.
  record('luoshi', await realRound(0), false);
  record('baseline', await rawRound(0), false);
  for (let r = 1; r <= o.rounds + o.warmup; r++) {
    // alternate which side goes first so neither always follows a quiet period
    const order = r % 2 === 0 ? (['luoshi', 'baseline'] as const) : (['baseline', 'luoshi'] as const);
    for (const side of order) {
      record(side, side === 'luoshi' ? await realRound(r) : await rawRound(r), r > o.warmup);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const roundsMs = Date.now() - roundsStart;

  const luoshi = summarise(sides.luoshi.latencies);
  const baseline = summarise(sides.baseline.latencies);
  const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 100) / 100;
  const deliveries = (s: (typeof sides)['luoshi']) => ({
    expected: s.expected, received: s.received, missing: s.expected - s.received, duplicates: s.duplicates, incompleteRounds: s.incompleteRounds,
  });
  const complete = sides.luoshi.received === sides.luoshi.expected && sides.baseline.received === sides.baseline.expected;
  const result = {
    tool: 'bench:fanout',
    nodes: o.nodes,
    venues: o.venues,
    rounds: o.rounds,
    warmup: o.warmup,
    cores: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    payloadBytes: Buffer.byteLength(JSON.stringify(lastVenueEvent)),
    perNode: nodes.map((_, i) => ({
      node: nodeIds[i],
      venues: luoshiClients.perUrl[i] ?? 0,
      latency: summarise(sides.luoshi.byNode[i]!),
    })),
    deliveries: deliveries(sides.luoshi),
    p50: luoshi.p50,
    p99: luoshi.p99,
    max: luoshi.max,
    latency: luoshi,
    baseline: {
      what: `${o.nodes} plain socket.io servers (separate processes) joined by @socket.io/redis-streams-adapter on the same Redis, same payload and rounds`,
      perNode: rawUrls.map((_, i) => ({ node: `raw-${i}`, venues: rawClients.perUrl[i] ?? 0, latency: summarise(sides.baseline.byNode[i]!) })),
      deliveries: deliveries(sides.baseline),
      p50: baseline.p50,
      p99: baseline.p99,
      max: baseline.max,
      latency: baseline,
    },
    ratioP50: ratio(luoshi.p50, baseline.p50),
    ratioP99: ratio(luoshi.p99, baseline.p99),
    timingsMs: { startNodes: nodesMs, createMeeting: meetingMs, connectLuoshiVenues: luoshiClients.connectMs, connectBaselineVenues: rawClients.connectMs, rounds: roundsMs, total: Date.now() - t0 },
    memoryMB: {
      bench: { rss: mb(process.memoryUsage().rss), peak: peakMb(process.pid) },
      luoshiVenueClients: { rss: mb(luoshiClients.rssBytes()), peak: peakMb(luoshiClients.child.pid) },
      baselineVenueClients: { rss: mb(rawClients.rssBytes()), peak: peakMb(rawClients.child.pid) },
      nodes: nodes.map((n) => ({ rss: mb(n.rssBytes()), peak: peakMb(n.pid) })),
      baselineNodes: rawNodes.map((r) => ({ rss: mb(rssOf(r.child.pid)), peak: peakMb(r.child.pid) })),
    },
    openFileLimit: limit === Number.POSITIVE_INFINITY ? 'unlimited' : limit,
    // Both removed when the run ends.
    scratch: { database: cluster.databaseName, redisPrefix: cluster.redisPrefix },
    everyVenueGotEveryBroadcast: complete,
  };
  return { result, complete };
}
