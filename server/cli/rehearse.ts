/**
 * npm run rehearse -- --venues 200 --audio FILE.wav --model test/whisper-lookup-zh
 *   [--models-dir DIR] [--speed 1] [--url http://host:3000 [--user NAME --password PW]] [--mode auto|review]
 *   [--nodes 2 --database postgres://… --redis redis://… [--kill-node 1]] [--burn-cpu THREADS] [--host uplink|wav]
 *
 * 会前演练: runs a whole meeting against an embedded server (or a running one with --url):
 * creates a meeting with N branch venues, connects N real socket.io venue clients, streams the
 * WAV as the host (real time × speed); against --url it logs in as an organiser (--user/--password,
 * else LUOSHI_ADMIN_USER/LUOSHI_ADMIN_PASSWORD), has every venue acknowledge every requirement (venue
 * clients run in a child process), and
 * prints JSON: requirements formed, delivery latency (server `at` → venue receive) p50/p95/p99,
 * spoken → venue latency (see lib/spoken-to-venue.ts), acks stored, missing deliveries and
 * duplicates (both must be 0).
 *
 * With --nodes N (≥ 2) it runs N real server processes on one new PostgreSQL database and one Redis
 * behind a load balancer (lib/balancer.ts, in nginx's role), venues spread round-robin, and adds
 * per-node connection counts. --kill-node K SIGKILLs node K at mid-speech — the host console is
 * pinned to it, so its ASR lease must move: venues reconnect through the balancer to a surviving
 * node and must still end with every item and ack.
 *
 * The host streams the WAV through the browser's own uplink (lib/uplink-host.ts: real-time chunks,
 * never waiting for the server), so spoken → venue measures the server; `--host wav` uses the
 * protocol client's feeder instead (one chunk at a time, backing off on `accepted: false`), the
 * default with --nodes, whose node-failure handover it drives.
 *
 * --burn-cpu N (default 0) spins N threads in a child process at normal priority from the
 * meeting's start to the end of the settle phase (N = cores: both cores busy, reproducibly). The
 * JSON carries `cores`, `cpuBurnerThreads` and `loadAverage1m` {start, end} (at the start of the
 * audio feed and after the venues settled), so runs on a shared machine can be compared.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.ts';
import type { BoardReply } from '../../shared/protocol/board.ts';
import { feedWav, readWavPcm } from '../protocol-client/host-audio-feeder.ts';
import { MeetingMirror } from '../protocol-client/meeting-mirror.ts';
import { createMeetingWithVenues, credentialsFrom, startEmbedded, type Embedded, type OrganiserCredentials } from './lib/embedded.ts';
import type { RehearseChildMessage } from './lib/rehearse-venues.ts';
import { defaultModelsDir } from '../../models/registry.ts';
import { summarise } from './lib/stats.ts';
import { loadTimedClauses } from './lib/clause-timing.ts';
import { spokenToVenue } from './lib/spoken-to-venue.ts';
import { startNodeCluster, type NodeCluster } from './lib/node-cluster.ts';
import { startCpuBurner, type CpuBurner } from './lib/cpu-burner.ts';
import { feedWavThroughUplink } from './lib/uplink-host.ts';
import type { BalancerChildMessage, BalancerParentMessage } from './lib/balancer-process.ts';

/** Send `message` to a child and resolve with its first reply of `type` (reject on its error). */
function ask<T>(child: ChildProcess, message: BalancerParentMessage, type: BalancerChildMessage['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: BalancerChildMessage) => {
      if (m.type === 'error') reject(new Error(m.message));
      else if (m.type === type) {
        child.off('message', on);
        resolve(m as T); // the reply of the asked type
      }
    };
    child.on('message', on);
    child.send(message);
  });
}
/** Which node holds the meeting's ASR lease now (read from the cluster's database), null when none. */
async function leaseHolder(meetingId: string): Promise<string | null> {
  if (!cluster) return null;
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ node_id: string }>('SELECT node_id FROM asr_leases WHERE meeting_id = $1', [meetingId]);
    return r.rows[0]?.node_id ?? null;
  } catch (err) {
    return `unknown: ${String(err)}`;
  } finally {
    await client.end();
  }
}
const nodeCounts = async () =>
  balancer && cluster
    ? (await ask<Extract<BalancerChildMessage, { type: 'counts' }>>(balancer, { type: 'counts' }, 'counts')).counts.map((c, i) => ({
        node: cluster!.nodeIds[i], venuesAndStaffNow: c.sockets, connectionsRouted: c.socketsTotal, alive: cluster!.nodes[i]!.process.exitCode === null && cluster!.nodes[i]!.process.signalCode === null,
      }))
    : null;

const { values } = parseArgs({
  options: {
    venues: { type: 'string', default: '200' },
    audio: { type: 'string' },
    model: { type: 'string', default: 'test/whisper-lookup-zh' },
    'models-dir': { type: 'string' },
    speed: { type: 'string', default: '1' },
    url: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    mode: { type: 'string', default: 'auto' },
    nodes: { type: 'string', default: '1' },
    'kill-node': { type: 'string' },
    database: { type: 'string' },
    redis: { type: 'string' },
    'burn-cpu': { type: 'string', default: '0' },
    host: { type: 'string' },
  },
});
const burnThreads = Number(values['burn-cpu']);
const hostKind = values.host ?? (Number(values.nodes) > 1 ? 'wav' : 'uplink');
const nodeCount = Number(values.nodes);
const killNode = values['kill-node'] === undefined ? null : Number(values['kill-node']);
const databaseServer = values.database ?? process.env.DATABASE_URL;
const redisUrl = values.redis ?? process.env.REDIS_URL;
const N = Number(values.venues);
const speed = Number(values.speed);
const mode = values.mode === 'review' ? 'review' : 'auto';
function usage(problem: string): never {
  process.stderr.write(`rehearse: ${problem}\nusage: rehearse -- --venues N --audio FILE.wav [--model ID] [--models-dir DIR] [--speed X] [--url URL [--user NAME --password PW]]\n` +
    '       [--nodes N --database postgres://… --redis redis://… [--kill-node K]]\n');
  process.exit(2);
}
if (!values.audio || !fs.existsSync(values.audio) || !Number.isInteger(N) || N < 1 || N > 5000 || !(speed > 0 && speed <= 100)) usage('bad or missing --venues, --audio or --speed');
if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 8) usage('--nodes must be 1–8');
if (!Number.isInteger(burnThreads) || burnThreads < 0 || burnThreads > 64) usage('--burn-cpu must be 0–64 threads');
if (hostKind !== 'uplink' && hostKind !== 'wav') usage('--host must be uplink or wav');
if (nodeCount > 1 && (!databaseServer || !redisUrl)) usage('--nodes needs --database postgres://… and --redis redis://… (or DATABASE_URL and REDIS_URL)');
if (nodeCount > 1 && values.url) usage('--nodes starts its own servers: leave out --url');
if (killNode !== null && (!Number.isInteger(killNode) || killNode < 0 || killNode >= nodeCount || nodeCount < 2)) usage('--kill-node needs --nodes ≥ 2 and a node index below it');
const audioDurationMs = (file: string) => {
  const { samples, sampleRate } = readWavPcm(file);
  return (samples.length / sampleRate) * 1000;
};
/** After the meeting ends, how long venues may take to show everything and ack it, ms. */
const SETTLE_TIMEOUT_MS = 60_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const connect = (url: string, token: string, query: Record<string, string> = {}): Promise<ClientSocket> =>
  new Promise((resolve, reject) => {
    const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200, query });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

let embedded: Embedded | null = null;
let cluster: NodeCluster | null = null;
let balancer: ChildProcess | null = null;
let url = values.url;
let organiser: OrganiserCredentials | null = credentialsFrom(values.user, values.password);
const modelEnv = { LUOSHI_MODEL: values.model ?? 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: values['models-dir'] ?? defaultModelsDir() };
if (nodeCount > 1) {
  cluster = await startNodeCluster({ nodes: nodeCount, databaseUrl: databaseServer!, redisUrl: redisUrl!, env: modelEnv });
  balancer = fork(path.join(import.meta.dirname, 'lib', 'balancer-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const b = balancer;
  process.once('exit', () => b.kill('SIGKILL'));
  const port = await ask<Extract<BalancerChildMessage, { type: 'listening' }>>(balancer, { type: 'listen', ports: cluster.nodes.map((n) => n.port) }, 'listening');
  url = `http://127.0.0.1:${port.port}`;
  organiser = cluster.organiser;
} else if (!url) {
  embedded = await startEmbedded(modelEnv);
  url = embedded.url;
  organiser = embedded.organiser;
}
if (!organiser) {
  process.stderr.write('rehearse --url needs an organiser login: --user NAME --password PW (or LUOSHI_ADMIN_USER / LUOSHI_ADMIN_PASSWORD)\n');
  process.exit(2);
}

const t0 = Date.now();
const meeting = await createMeetingWithVenues(url, organiser, N, mode);
const meetingId = meeting.created.meeting.id;
// Venue clients run in a child process, like real venues on other machines.
const child: ChildProcess = fork(path.join(import.meta.dirname, 'lib', 'rehearse-venues.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
process.once('exit', () => child.kill('SIGKILL'));
const fromChild = (type: RehearseChildMessage['type']) =>
  new Promise<RehearseChildMessage>((resolve, reject) => {
    const on = (m: RehearseChildMessage) => {
      if (m.type === 'error') reject(new Error(m.message));
      else if (m.type === type) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
  });
const connectedMsg = fromChild('connected');
child.send({ type: 'connect', url, tokens: meeting.venues.map((v) => v.token) });
await connectedMsg;
const connectedCounts = await nodeCounts();
// The host console goes to the node that will be killed (the balancer honours the pin while it lives).
const host = await connect(url, meeting.host.token, cluster ? { luoshi_node: String(killNode ?? 0) } : {});
const hostMirror = new MeetingMirror(host);
const secretary = mode === 'review' ? await connect(url, meeting.secretary.token) : null;
const connectedMs = Date.now() - t0;

const burner: CpuBurner | null = burnThreads > 0 ? startCpuBurner(burnThreads) : null;
process.once('exit', () => {
  if (burner?.pid !== undefined) {
    try {
      process.kill(burner.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
/** The 1-minute load average, rounded to 0.01. */
const load1m = () => Math.round(os.loadavg()[0]! * 100) / 100;
const started = await host.emitWithAck('meeting:start', {});
if (!started.ok) throw new Error(`meeting:start: ${started.error.code}`);
// Review mode: the secretary publishes every draft as soon as it closes.
const publishTimer = secretary
  ? setInterval(() => {
      for (const r of hostMirror.orderedRequirements()) {
        if (r.status === 'draft' && r.closed) secretary.emit('requirement:publish', { requirementId: r.id }, () => {});
      }
    }, 200)
  : null;
const feedStart = Date.now();
const loadAtStart = load1m();
let killed: { node: string; atAudioMs: number; atMs: number; asrLeaseBefore: string | null } | null = null;
const killTimer = cluster && killNode !== null
  ? setTimeout(() => {
      const atAudioMs = (Date.now() - feedStart) * speed;
      void leaseHolder(meetingId).then(async (holderBefore) => {
        await cluster!.nodes[killNode]!.kill();
        killed = { node: cluster!.nodeIds[killNode]!, atAudioMs: Math.round(atAudioMs), atMs: Date.now() - feedStart, asrLeaseBefore: holderBefore };
      });
    }, audioDurationMs(values.audio) / 2 / speed)
  : null;
const fed = hostKind === 'uplink'
  ? await feedWavThroughUplink(host, values.audio, { speed }).then((r) => ({ ...r, host: 'uplink', throttled: r.stats.throttled, dropped: r.stats.dropped, rejected: r.stats.rejected }))
  : await feedWav(host, values.audio, { speed }).then((r) => ({ ...r, host: 'wav' }));
if (killTimer) clearTimeout(killTimer);
const feedMs = Date.now() - feedStart;
const ended = await host.emitWithAck('meeting:end', {});
if (!ended.ok) throw new Error(`meeting:end: ${ended.error.code}`);

// In review mode wait until the secretary has published every draft.
const waitStart = Date.now();
while (hostMirror.orderedRequirements().some((r) => r.status === 'draft') && Date.now() - waitStart < SETTLE_TIMEOUT_MS) {
  await new Promise((r) => setTimeout(r, 100));
}
if (publishTimer) clearInterval(publishTimer);
const formed = hostMirror.orderedRequirements().filter((r) => r.status === 'published');
const reportMsg = fromChild('report');
child.send({ type: 'settle', requirementIds: formed.map((r) => r.id), timeoutMs: SETTLE_TIMEOUT_MS });
const report = (await reportMsg) as Extract<RehearseChildMessage, { type: 'report' }>; // fromChild('report') resolves only with that type
const { missing, duplicates } = report;
const loadAtEnd = load1m();
await burner?.stop();
const clauses = await loadTimedClauses(values.audio);
const spoken = clauses
  ? spokenToVenue({ requirements: formed, clauses, arrivals: report.headlineArrivals, spokenAt: (audioMs) => fed.startedAtEpochMs + audioMs / speed })
  : null;
const board = await fetch(`${url}/api/meetings/${meetingId}/board`, { headers: { authorization: `Bearer ${meeting.host.token}` } });
const boardBody = (await board.json()) as BoardReply; // the route's reply type (server/http/routes/meetings.ts)
const acksStored = boardBody.rows.reduce((sum, r) => sum + Object.keys(r.received).length, 0);
const lists = [...hostMirror.lists.values()];

const result = {
  tool: 'rehearse',
  server: embedded ? 'embedded' : url,
  model: embedded || cluster ? values.model : 'server-configured',
  cores: os.cpus().length,
  loadAverage1m: { start: loadAtStart, end: loadAtEnd },
  cpuBurnerThreads: burnThreads,
  venues: N,
  publishMode: mode,
  audio: {
    file: path.basename(values.audio), audioMs: Math.round(fed.audioMs), speed, feedMs,
    // Audio time 0 was spoken at this wall time (ms since the epoch): lines up server logs with the speech.
    startedAtEpochMs: fed.startedAtEpochMs,
    ...('slowDowns' in fed ? { host: fed.host, slowDowns: fed.slowDowns } : { host: fed.host, throttled: fed.throttled, dropped: fed.dropped, rejected: fed.rejected }),
  },
  connectMs: connectedMs,
  requirementsFormed: formed.length,
  lists: lists.map((l) => ({ speaker: l.speakerName, announced: l.announcedCount, found: l.foundCount, countMismatch: l.countMismatch })),
  requirements: formed.map((r) => `${r.marker} ${r.fields.headline}`),
  deliveryLatencyMs: summarise(report.latenciesMs),
  spokenToVenueMs: spoken?.overall ?? null,
  spokenToVenueByItem: spoken?.byItem ?? 'no transcripts.json timings beside the audio file',
  acksStored,
  acksExpected: formed.length * N,
  missingDeliveries: missing,
  duplicates,
  acksConfirmedToVenues: report.confirmedAcks,
  reconnectSyncs: report.resyncs,
  ...(cluster ? { nodes: { count: nodeCount, atConnect: connectedCounts, atEnd: await nodeCounts(), killed, asrLeaseAtEnd: await leaseHolder(meetingId) } } : {}),
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');

child.send({ type: 'exit' });
for (const s of [host, ...(secretary ? [secretary] : [])]) s.disconnect();
await embedded?.close();
balancer?.send({ type: 'exit' } satisfies BalancerParentMessage);
await cluster?.close();
process.exit(missing === 0 && duplicates === 0 && acksStored === formed.length * N ? 0 : 1);
