/**
 * npm run bench:fanout -- --venues 2000 [--rounds 30]
 * npm run bench:fanout -- --nodes 2 --venues 4000 --database postgres://… --redis redis://…
 *
 * Broadcast latency of a requirement event to N venue sockets through the real path
 * (secretary `requirement:edit` → validate → database write + sequenced event → ack → emit),
 * against a raw `io.to(room).emit` of the same payload to the same sockets, interleaved in the
 * same run. Latency = venue receive time − event `at` (server time set just before the write
 * for the real path, just before the emit for raw). Venue sockets live in one child process.
 *
 * With `--nodes N` (N ≥ 2) the same across a cluster: N Luoshi server processes sharing a fresh
 * PostgreSQL database and Redis, venues spread round-robin over them, broadcasts driven through
 * node 0, against N raw socket.io servers over the same Redis Streams adapter
 * (lib/fanout-cluster.ts).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { Requirement } from '../../shared/protocol/domain.ts';
import type { MeetingEvent } from '../../shared/protocol/events.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.ts';
import { createScriptedTranscription } from '../transcription/scripted-transcription.ts';
import { venueView } from '../meeting/visibility.ts';
import { rooms } from '../realtime/types.ts';
import { createMeetingWithVenues, startEmbedded } from './lib/embedded.ts';
import { startFanoutClients } from './lib/fanout-driver.ts';
import { summarise } from './lib/stats.ts';

const USAGE =
  'usage: bench:fanout -- --venues 1..10000 [--rounds 1..500] [--warmup 0..50]\n' +
  '       bench:fanout -- --nodes 2..16 --venues 1..10000 --database postgres://… --redis redis://… [--rounds …]\n' +
  '       (--database / --redis default to DATABASE_URL / REDIS_URL)\n';

const { values } = parseArgs({
  options: {
    venues: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    nodes: { type: 'string', default: '1' },
    database: { type: 'string' },
    redis: { type: 'string' },
  },
});
const N = Number(values.venues);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const NODES = Number(values.nodes);
if (
  !Number.isInteger(N) || N < 1 || N > 10_000 || !Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 500 ||
  !Number.isInteger(WARMUP) || WARMUP < 0 || WARMUP > 50 || !Number.isInteger(NODES) || NODES < 1 || NODES > 16
) {
  process.stderr.write(USAGE);
  process.exit(2);
}
/** Rounds whose deliveries are incomplete after this long count their missing deliveries, ms. */
const ROUND_TIMEOUT_MS = 15_000;

if (NODES > 1) {
  const databaseUrl = values.database ?? process.env.DATABASE_URL;
  const redisUrl = values.redis ?? process.env.REDIS_URL;
  const problems = [
    ...(databaseUrl ? (/^postgres(ql)?:\/\//i.test(databaseUrl) ? [] : ['--database must be a postgres:// URL']) : ['--nodes N needs PostgreSQL: --database postgres://user@host:5432/db (or DATABASE_URL); a fresh database is created on that server and dropped afterwards']),
    ...(redisUrl ? (/^rediss?:\/\//i.test(redisUrl) ? [] : ['--redis must be a redis:// URL']) : ['--nodes N needs Redis: --redis redis://host:6379 (or REDIS_URL)']),
  ];
  if (problems.length > 0 || !databaseUrl || !redisUrl) {
    process.stderr.write(`bench:fanout: ${problems.join('\n bench:fanout: ')}\n${USAGE}`);
    process.exit(2);
  }
  const { runClusterBench } = await import('./lib/fanout-cluster.ts');
  try {
    const { result, complete } = await runClusterBench({ nodes: NODES, venues: N, rounds: ROUNDS, warmup: WARMUP, databaseUrl, redisUrl, roundTimeoutMs: ROUND_TIMEOUT_MS });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    process.exit(complete ? 0 : 1);
  } catch (err) {
    process.stderr.write(`bench:fanout: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

const scripted = createScriptedTranscription();
const server = await startEmbedded({}, { transcription: scripted });
const meeting = await createMeetingWithVenues(server.url, server.organiser, N);
const meetingId = meeting.created.meeting.id;

// One real requirement to edit: the real extractor on a short scripted speech.
await server.app.meetingControl.startMeeting(meetingId);
await server.app.meetingAudio.open(meetingId, 'bench');
for (const line of ['下面，我讲三点要求。', '第一，要加强学习。各单位要认真组织。', '第二，要狠抓落实。', '第三，要严格考核。', '好，我就讲这些。']) {
  scripted.say(meetingId, line);
}
// The transcript pipeline runs in the background.
await server.app.transcriptSettled();
const requirement: Requirement | undefined = (await server.app.store.requirements.list(meetingId))[0];
if (!requirement) throw new Error('no requirement formed');

const clients = await startFanoutClients([server.url], meeting.venues.map((v) => v.token));
const connectedMs = clients.connectMs;

const secretary: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token: meeting.secretary.token }, transports: ['websocket'], reconnection: false });
await new Promise<void>((resolve) => secretary.once('connect', () => resolve()));
let lastVenueEvent: MeetingEvent | null = null;

async function awaitRound(seq: number): Promise<{ latencies: number[]; missing: number }> {
  const r = await clients.round(seq, ROUND_TIMEOUT_MS);
  clients.forget();
  return { latencies: r.latencies, missing: r.missing };
}

async function realRound(round: number): Promise<{ latencies: number[]; missing: number }> {
  const seq = (await server.app.store.events.lastSeq(meetingId)) + 1;
  const done = awaitRound(seq);
  const reply = await secretary.timeout(10_000).emitWithAck('requirement:edit', { requirementId: requirement!.id, fields: { headline: `要加强学习（第${round}轮）` } });
  if (!reply.ok) throw new Error(reply.error.code);
  const stored = (await server.app.store.events.since(meetingId, seq - 1, 1))[0];
  if (stored) lastVenueEvent = venueView(stored);
  return done;
}

async function rawRound(round: number): Promise<{ latencies: number[]; missing: number }> {
  if (!lastVenueEvent) throw new Error('no payload yet');
  const seq = -round; // negative seqs mark raw rounds
  const done = awaitRound(seq);
  server.app.io.to(rooms.venues(meetingId)).emit('meeting:event', { ...lastVenueEvent, seq, at: new Date().toISOString() });
  return done;
}

const real: number[] = [];
const raw: number[] = [];
let missing = 0;
await realRound(0);
for (let r = 1; r <= ROUNDS + WARMUP; r++) {
  // alternate which path goes first so neither always follows a quiet period
  const order = r % 2 === 0 ? [realRound, rawRound] : [rawRound, realRound];
  for (const run of order) {
    const res = await run(r);
    missing += res.missing;
    if (r > WARMUP) (run === realRound ? real : raw).push(...res.latencies);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const realStats = summarise(real);
const rawStats = summarise(raw);
const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 100) / 100;
const result = {
  tool: 'bench:fanout',
  venues: N,
  rounds: ROUNDS,
  cores: os.cpus().length,
  connectMs: connectedMs,
  payloadBytes: Buffer.byteLength(JSON.stringify(lastVenueEvent)),
  realPath: realStats,
  rawEmit: rawStats,
  ratioP50: ratio(realStats.p50, rawStats.p50),
  ratioP99: ratio(realStats.p99, rawStats.p99),
  missingDeliveries: missing,
  target: { p99MaxMs: 300, ratioMax: 1.3 },
  pass: realStats.p99 <= 300 && realStats.p99 <= Math.max(rawStats.p99 * 1.3, rawStats.p99 + 5) && missing === 0,
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');

await clients.close();
secretary.disconnect();
await server.close();
process.exit(result.missingDeliveries === 0 ? 0 : 1);
