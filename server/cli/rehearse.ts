/**
 * npm run rehearse -- --venues 200 --audio FILE.wav --model test/whisper-lookup-zh
 *   [--models-dir DIR] [--speed 1] [--url http://host:3000 [--user NAME --password PW]] [--mode auto|review]
 *
 * 会前演练: runs a whole meeting against an embedded server (or a running one with --url):
 * creates a meeting with N branch venues, connects N real socket.io venue clients, streams the
 * WAV as the host (real time × speed); against --url it logs in as an organiser (--user/--password,
 * else LUOSHI_ADMIN_USER/LUOSHI_ADMIN_PASSWORD), has every venue acknowledge every requirement (venue
 * clients run in a child process), and
 * prints JSON: requirements formed, delivery latency (server `at` → venue receive) p50/p95/p99,
 * spoken → venue latency (see lib/spoken-to-venue.ts), acks stored, missing deliveries and
 * duplicates (both must be 0).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.ts';
import type { BoardReply } from '../../shared/protocol/board.ts';
import { feedWav } from '../protocol-client/host-audio-feeder.ts';
import { MeetingMirror } from '../protocol-client/meeting-mirror.ts';
import { createMeetingWithVenues, credentialsFrom, startEmbedded, type Embedded, type OrganiserCredentials } from './lib/embedded.ts';
import type { RehearseChildMessage } from './lib/rehearse-venues.ts';
import { defaultModelsDir } from '../../models/registry.ts';
import { summarise } from './lib/stats.ts';
import { loadTimedClauses } from './lib/clause-timing.ts';
import { spokenToVenue } from './lib/spoken-to-venue.ts';

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
  },
});
const N = Number(values.venues);
const speed = Number(values.speed);
const mode = values.mode === 'review' ? 'review' : 'auto';
if (!values.audio || !fs.existsSync(values.audio) || !Number.isInteger(N) || N < 1 || N > 5000 || !(speed > 0 && speed <= 100)) {
  process.stderr.write('usage: rehearse -- --venues N --audio FILE.wav [--model ID] [--models-dir DIR] [--speed X] [--url URL [--user NAME --password PW]]\n');
  process.exit(2);
}
/** After the meeting ends, how long venues may take to show everything and ack it, ms. */
const SETTLE_TIMEOUT_MS = 60_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const connect = (url: string, token: string): Promise<ClientSocket> =>
  new Promise((resolve, reject) => {
    const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200 });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

let embedded: Embedded | null = null;
let url = values.url;
let organiser: OrganiserCredentials | null = credentialsFrom(values.user, values.password);
if (!url) {
  const modelsDir = values['models-dir'] ?? defaultModelsDir();
  embedded = await startEmbedded({ LUOSHI_MODEL: values.model ?? 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: modelsDir });
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
const host = await connect(url, meeting.host.token);
const hostMirror = new MeetingMirror(host);
const secretary = mode === 'review' ? await connect(url, meeting.secretary.token) : null;
const connectedMs = Date.now() - t0;

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
const fed = await feedWav(host, values.audio, { speed });
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
  model: embedded ? values.model : 'server-configured',
  cores: os.cpus().length,
  venues: N,
  publishMode: mode,
  audio: { file: path.basename(values.audio), audioMs: Math.round(fed.audioMs), speed, feedMs, slowDowns: fed.slowDowns },
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
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');

child.send({ type: 'exit' });
for (const s of [host, ...(secretary ? [secretary] : [])]) s.disconnect();
await embedded?.close();
process.exit(missing === 0 && duplicates === 0 && acksStored === formed.length * N ? 0 : 1);
