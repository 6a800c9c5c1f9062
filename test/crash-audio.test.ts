/**
 * Crash safety of heard audio, for real: the server runs as a child process and is SIGKILLed
 * after it accepted the whole of utterance 2 ("第一，要精心组织部署。各单位要抓好宣传发动工作。")
 * but before that utterance's final existed (its hangover had not run out). The host's uplink
 * (the browser module, run in Node) keeps capturing while the server is down. After the restart
 * the server replays its audio spool, and the uplink resumes and sends only what the dead server
 * had not confirmed. Every utterance ends up in the transcript exactly once, in order, and all
 * seven requirements form.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { normaliseTranscript } from '../shared/transcript/normalise.ts';
import { createAudioUplink, type UplinkStats } from '../client/src/audio/uplink.ts';
import { readWavPcm } from '../server/protocol-client/host-audio-feeder.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { fixturePath, testModelsDir } from './env.ts';
import { freePort, kill, spawnServer, type ChildServer } from './helpers/child-server.ts';
import { command, connectClient, connected, setupMeeting, unwrap, type ClientSocket } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until as pollUntil } from './helpers/until.ts';

/** Audio fed before the kill, ms: utterance 2 ends at 13.43 s; its final needs 0.64 s more of silence. */
const KILL_AFTER_MS = 13_700;
/** Feeding pace: 4 × real time keeps the test short (the server asks to slow down; nothing is lost). */
const SPEED = 4;
const CHUNK_MS = 100;

const sockets: ClientSocket[] = [];
let child: ChildServer | null = null;
let port = 0;
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (child) await kill(child.process, port);
});

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => boolean, what: string, timeoutMs = 60_000) => pollUntil(check, what, timeoutMs);

it('SIGKILL mid-utterance: the accepted audio is replayed at restart, the uplink resends the rest, nothing lost or doubled', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-crash-audio-'));
  const env = { LUOSHI_DATA: path.join(dataDir, 'luoshi.db'), LUOSHI_MODEL: 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: testModelsDir() };
  port = await freePort();
  child = await spawnServer(env, port);
  const f = await setupMeeting(child.url, 1);
  const host = connectClient(child.url, f.host.token, { reconnection: true });
  sockets.push(host);
  await connected(host);
  const mirror = new MeetingMirror(host);
  unwrap(await command(host, 'meeting:start', {}));

  let stats: UplinkStats | null = null;
  const uplink = createAudioUplink(() => host, (s) => (stats = s));
  await uplink.start(16000);
  const { samples } = readWavPcm(fixturePath('audio', 'speech-seven-points.wav'));
  const perChunk = (16000 * CHUNK_MS) / 1000;
  const t0 = performance.now();
  let fedMs = 0;
  const feedUntil = async (untilMs: number) => {
    for (; fedMs < untilMs && fedMs * 16 < samples.length; fedMs += CHUNK_MS) {
      const part = samples.slice((fedMs / CHUNK_MS) * perChunk, (fedMs / CHUNK_MS + 1) * perChunk);
      uplink.push(part.buffer);
      const wait = t0 + (fedMs + CHUNK_MS) / SPEED - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };

  await feedUntil(KILL_AFTER_MS);
  // Everything fed so far was confirmed: the server spooled it. Only utterance 1 is final.
  expect(await uplink.flushed(30_000)).toBe(true);
  await mirror.until(() => mirror.segments.size >= 1, 30_000, 'utterance 1');
  expect(mirror.segments.size).toBe(1);
  await kill(child.process, port);

  // The host keeps talking while the server is down; the uplink holds the audio.
  const restart = (async () => {
    child = await spawnServer(env, port);
  })();
  await feedUntil(Math.ceil(samples.length / 16));
  await restart;
  await until(() => host.connected, 'host reconnect');
  expect(await uplink.flushed(60_000)).toBe(true);
  await uplink.stop();
  unwrap(await command(host, 'meeting:end', {}));

  const expected = sevenPointsUtterances().map((t) => normaliseTranscript(t));
  // Wait for the last utterance; then the transcript must be complete (a lost one shows as a diff).
  await mirror.until(() => [...mirror.segments.values()].some((s) => s.text === expected.at(-1)), 60_000, 'the last utterance');
  const texts = [...mirror.segments.values()].sort((a, b) => a.startMs - b.startMs).map((s) => s.text);
  expect(texts).toEqual(expected);
  expect(child!.output()).toContain('replaying spooled audio after a crash');
  await mirror.until(() => mirror.orderedRequirements().length === 7, 30_000, 'seven requirements');
  expect(mirror.orderedRequirements().map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(stats).toMatchObject({ dropped: 0, rejected: 0 });
  // Disk stays bounded: a stream that ended cleanly leaves no spool behind.
  const spoolDir = `${env.LUOSHI_DATA}.audio-spool`;
  expect(fs.existsSync(spoolDir) ? fs.readdirSync(spoolDir) : []).toEqual([]);
}, 240_000);
