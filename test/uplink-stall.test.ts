/**
 * 第三 under a stall (issue 10): the server stops answering audio chunks for a few seconds in the
 * middle of the speech — a busy event loop, a slow disk, a garbage collection — while the host keeps
 * talking. The browser's uplink (client/src/audio/uplink.ts, here in Node) must keep everything it
 * captured meanwhile and send it once the server answers again, so every utterance of
 * speech-seven-points reaches the transcript exactly once, in order.
 *
 * The stall starts at 27.0 s of audio and lasts 7.5 s of audio. The uplink before issue 10 kept
 * at most 40 chunks (4 s) unanswered and dropped everything captured beyond that, without
 * holding it for later: here that is 31.0–34.5 s, exactly u05 (第三，要真抓实改问题。, 31.04–33.63 s), so
 * the old code loses 第三 and nothing else (docs/client.md, "Why 第三 went missing").
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normaliseTranscript } from '../shared/transcript/normalise.ts';
import { createAudioUplink, type UplinkStats } from '../client/src/audio/uplink.ts';
import { readWavPcm } from '../server/protocol-client/host-audio-feeder.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { fixturePath, testModelsDir } from './env.ts';
import { command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

/** Feeding pace: 2 × real time (a stall of 3.75 s then holds 7.5 s of speech). */
const SPEED = 2;
const CHUNK_MS = 100;
/** Audio position at which the server stops answering, ms (4 s before 第三 begins). */
const STALL_AT_MS = 27_000;
/** How much speech is captured while the server answers nothing, ms of audio. */
const STALL_AUDIO_MS = 7_500;

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startServer({ env: { LUOSHI_MODEL: 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: testModelsDir() } });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

it('a stall of the server’s chunk answers in the middle of the speech loses nothing: all ten utterances once, in order', async () => {
  // The stall, on the server: every audio:chunk packet is held unprocessed (so unanswered) until it ends.
  let stalled = false;
  const held: Array<() => void> = [];
  let heldChunks = 0;
  server.app.io.on('connection', (socket) => {
    socket.use((packet, next) => {
      if (!stalled || packet[0] !== 'audio:chunk') return next();
      heldChunks += 1;
      held.push(() => next());
    });
  });
  const endStall = () => {
    stalled = false;
    for (const release of held.splice(0)) release();
  };

  const f = await setupMeeting(server.url, 1);
  const host = connectClient(server.url, f.host.token);
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
  for (let atMs = 0; atMs * 16 < samples.length; atMs += CHUNK_MS) {
    if (atMs === STALL_AT_MS) {
      stalled = true;
      setTimeout(endStall, STALL_AUDIO_MS / SPEED);
    }
    uplink.push(samples.slice((atMs / CHUNK_MS) * perChunk, (atMs / CHUNK_MS + 1) * perChunk).buffer);
    const wait = t0 + (atMs + CHUNK_MS) / SPEED - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await uplink.stop();
  unwrap(await command(host, 'meeting:end', {}));

  const expected = sevenPointsUtterances().map((t) => normaliseTranscript(t));
  await mirror.until(() => [...mirror.segments.values()].some((s) => s.text === expected.at(-1)), 60_000, 'the last utterance');
  const texts = [...mirror.segments.values()].sort((a, b) => a.startMs - b.startMs).map((s) => s.text);
  expect(texts).toEqual(expected);
  // The stall really held more than the 40 chunks the old uplink allowed unanswered.
  expect(heldChunks).toBeGreaterThanOrEqual(40);
  expect(stats).toMatchObject({ dropped: 0, rejected: 0, pendingMs: 0 });
  await mirror.until(() => mirror.orderedRequirements().length === 7, 30_000, 'seven requirements');
  expect(mirror.orderedRequirements().map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
}, 180_000);
