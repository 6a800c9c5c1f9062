/**
 * A whole meeting run in-process for the exports: an embedded server with the configured
 * recogniser, a meeting with five branch venues (three on time, one late, one absent), the host
 * streaming a speech WAV, venues acknowledging (收到, and 已传达 at two of them), then every export
 * downloaded over HTTP into a folder under its Chinese file name.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import type { JoinReply, MeetingCreated } from '../../../shared/protocol/rest.ts';
import type { MirrorSocket } from '../../protocol-client/meeting-mirror.ts';
import { MeetingMirror } from '../../protocol-client/meeting-mirror.ts';
import { feedWav } from '../../protocol-client/host-audio-feeder.ts';
import { EXPORT_KINDS } from '../../exports/catalogue.ts';
import { organiserLogin, startEmbedded } from './embedded.ts';

export interface ExportDemoOptions {
  /** Folder the exports are written into (created when missing). */
  outDir: string;
  /** Speech WAV (16 or 48 kHz). */
  audioFile: string;
  /** Recogniser model id, e.g. test/whisper-lookup-zh. */
  model: string;
  modelsDir: string;
  /** Playback speed of the WAV (1 = real time). */
  speed: number;
}

/** One written export. */
export interface WrittenExport {
  route: string;
  file: string;
  bytes: number;
  sha256: string;
}

export interface ExportDemoResult {
  meetingId: string;
  title: string;
  requirements: string[];
  venues: { name: string; role: 'on time' | 'late' | 'absent'; acks: number }[];
  files: WrittenExport[];
}

export const DEMO_TITLE = '全市推进两为整治工作电视电话会议';
const DEMO_VENUES = ['东城分局', '西城分局', '南湖分局', '北山县公安局', '开发区分局'];
/** How long venues may take to acknowledge everything after the meeting ended, ms. */
const SETTLE_TIMEOUT_MS = 60_000;
/** Per-attempt timeout of an acknowledgement, ms. */
const ACK_TIMEOUT_MS = 5_000;

async function call<T>(url: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T; // our own server's reply for this route (docs/protocol.md)
}

function connect(url: string, token: string): Promise<MirrorSocket> {
  return new Promise((resolve, reject) => {
    const s: MirrorSocket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200 });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/** A venue that confirms every published requirement it sees (and relays it when asked), retrying until stored. */
function acknowledgeAll(mirror: MeetingMirror, relay: boolean): { done: () => number; stop: () => void } {
  const stored = new Set<string>();
  const inFlight = new Set<string>();
  const kinds = relay ? (['received', 'relayed'] as const) : (['received'] as const);
  const timer = setInterval(() => {
    for (const r of mirror.orderedRequirements()) {
      if (r.status !== 'published') continue;
      for (const kind of kinds) {
        const key = `${r.id}|${kind}`;
        if (stored.has(key) || inFlight.has(key)) continue;
        inFlight.add(key);
        mirror.socket.timeout(ACK_TIMEOUT_MS).emit('ack:submit', { requirementId: r.id, kind }, (err, res) => {
          inFlight.delete(key);
          if (!err && res.ok) stored.add(key);
        });
      }
    }
  }, 100);
  return { done: () => [...stored].filter((k) => k.endsWith('|received')).length, stop: () => clearInterval(timer) };
}

/** The file name from `Content-Disposition: …; filename*=UTF-8''…`. */
function dispositionName(header: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header ?? '')?.[1];
  if (!encoded) throw new Error(`no file name in ${header}`);
  return path.basename(decodeURIComponent(encoded));
}

export async function runExportDemo(options: ExportDemoOptions): Promise<ExportDemoResult> {
  const embedded = await startEmbedded({ LUOSHI_MODEL: options.model, LUOSHI_MODELS_DIR: options.modelsDir });
  const sockets: MirrorSocket[] = [];
  const ackers: ReturnType<typeof acknowledgeAll>[] = [];
  try {
    const url = embedded.url;
    const organiserToken = await organiserLogin(url, embedded.organiser);
    const created = await call<MeetingCreated>(url, 'POST', '/api/meetings', {
      title: DEMO_TITLE,
      organiser: '市公安局',
      scheduledAt: new Date().toISOString(),
      speakers: [{ name: '王国强', role: '副局长' }],
      mainVenueName: '市公安局指挥中心',
    }, organiserToken);
    const meetingId = created.meeting.id;
    const host = await call<JoinReply>(url, 'POST', '/api/join', { code: created.hostCode });
    const secretary = await call<JoinReply>(url, 'POST', '/api/join', { code: created.secretaryCode });
    await call(url, 'POST', `/api/meetings/${meetingId}/venues`, { venues: DEMO_VENUES.map((name) => ({ name, level: name.endsWith('县公安局') ? '县' : '区' })) }, host.token);
    const { entries } = await call<{ entries: { role: string; venueName: string; code: string }[] }>(url, 'GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token);
    const code = (name: string) => entries.find((e) => e.role === 'venue' && e.venueName === name)?.code ?? '';
    const joins = await Promise.all(DEMO_VENUES.map((name) => call<JoinReply>(url, 'POST', '/api/join', { code: code(name) })));

    const venue = async (i: number, relay: boolean) => {
      const s = await connect(url, joins[i]?.token ?? '');
      sockets.push(s);
      const acker = acknowledgeAll(new MeetingMirror(s), relay);
      ackers.push(acker);
      return acker;
    };
    // Three venues on time (two also relay to their units), one joins late, 开发区分局 never joins.
    const onTime = [await venue(0, true), await venue(1, true), await venue(2, false)];
    const hostSocket = await connect(url, host.token);
    sockets.push(hostSocket);
    const hostMirror = new MeetingMirror(hostSocket);
    const started = await hostSocket.emitWithAck('meeting:start', {});
    if (!started.ok) throw new Error(`meeting:start: ${started.error.code}`);
    const late = hostMirror.until(() => hostMirror.orderedRequirements().length >= 2, 600_000, 'second requirement').then(() => venue(3, false));
    await feedWav(hostSocket, options.audioFile, { speed: options.speed });
    const ended = await hostSocket.emitWithAck('meeting:end', {});
    if (!ended.ok) throw new Error(`meeting:end: ${ended.error.code}`);
    const lateAcker = await late;

    const published = () => hostMirror.orderedRequirements().filter((r) => r.status === 'published');
    const count = published().length;
    const acking = [...onTime, lateAcker];
    const t0 = Date.now();
    while (acking.some((a) => a.done() < count)) {
      if (Date.now() - t0 > SETTLE_TIMEOUT_MS) throw new Error('venues did not acknowledge every requirement in time');
      await new Promise((r) => setTimeout(r, 100));
    }

    fs.mkdirSync(options.outDir, { recursive: true });
    const files: WrittenExport[] = [];
    for (const kind of EXPORT_KINDS) {
      const res = await fetch(`${url}/api/meetings/${meetingId}/export/${kind.name}`, { headers: { authorization: `Bearer ${secretary.token}` } });
      if (!res.ok) throw new Error(`export ${kind.name} → ${res.status} ${await res.text()}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      const file = dispositionName(res.headers.get('content-disposition'));
      fs.writeFileSync(path.join(options.outDir, file), bytes);
      files.push({ route: kind.name, file, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    return {
      meetingId,
      title: DEMO_TITLE,
      requirements: published().map((r) => `${r.marker} ${r.fields.headline}`),
      venues: DEMO_VENUES.map((name, i) => ({
        name,
        role: i < 3 ? 'on time' : i === 3 ? 'late' : 'absent',
        acks: i < 3 ? (onTime[i]?.done() ?? 0) : i === 3 ? lateAcker.done() : 0,
      })),
      files,
    };
  } finally {
    for (const a of ackers) a.stop();
    for (const s of sockets) s.disconnect();
    await embedded.close();
  }
}
