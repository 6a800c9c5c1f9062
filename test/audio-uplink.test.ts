/**
 * The browser's audio uplink (client/src/audio/uplink.ts, run here in Node against the real
 * server over socket.io): nothing captured is lost — not before audio:start is answered, not
 * while the server has 40 chunks unanswered, not across a dropped connection — and nothing is
 * taken twice. Each chunk carries its number as its first sample, so the server-side order is checked.
 */
import { expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { createAudioUplink, MAX_IN_FLIGHT, type UplinkStats } from '../client/src/audio/uplink.ts';
import { command, setupMeeting, unwrap, useTestServer } from './helpers/server.ts';
import { until as pollUntil } from './helpers/until.ts';

const harness = useTestServer();
/** 100 ms at 16 kHz. */
const CHUNK_SAMPLES = 1600;

function chunk(n: number): ArrayBuffer {
  const pcm = new Int16Array(CHUNK_SAMPLES).fill(n);
  return pcm.buffer;
}

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => boolean, what: string, timeoutMs = 20_000) => pollUntil(check, what, timeoutMs);

async function setup() {
  const scripted = createScriptedTranscription();
  const server = await harness.start({ transcription: scripted });
  const f = await setupMeeting(server.url, 1);
  const host = await harness.client(f.host.token, { reconnection: true });
  unwrap(await command(host, 'meeting:start', {}));
  let stats: UplinkStats | null = null;
  const uplink = createAudioUplink(() => host, (s) => (stats = s));
  return { scripted, server, f, host, uplink, meetingId: f.created.meeting.id, stats: () => stats };
}

it('keeps chunks captured before audio:start is answered and while 40 are unanswered, in order, once', async () => {
  const { scripted, uplink, meetingId, stats } = await setup();
  const started = uplink.start(16000);
  // Captured at once, before the server answered audio:start: all of it must arrive.
  for (let n = 0; n < 200; n++) uplink.push(chunk(n));
  await started;
  await until(() => scripted.chunkMarks(meetingId).length === 200, '200 chunks at the server');
  expect(await uplink.flushed(10_000)).toBe(true);
  expect(scripted.chunkMarks(meetingId)).toEqual(Array.from({ length: 200 }, (_, n) => n));
  expect(stats()).toMatchObject({ sent: 200, dropped: 0, rejected: 0, pendingMs: 0 });
  expect(MAX_IN_FLIGHT).toBe(40);
  await uplink.stop();
});

it('resumes the same stream after a dropped connection and sends what was not confirmed, without duplicates', async () => {
  const { scripted, host, uplink, meetingId, stats, server } = await setup();
  await uplink.start(16000);
  for (let n = 0; n < 30; n++) uplink.push(chunk(n));
  await until(() => scripted.chunkMarks(meetingId).length === 30, 'first 30 chunks');
  const streamBefore = server.app.meetingAudio.active(meetingId)?.streamId;

  // The network drops (transport closed under the socket); capture goes on meanwhile.
  host.io.engine.close();
  await until(() => !host.connected, 'disconnect');
  for (let n = 30; n < 80; n++) uplink.push(chunk(n));
  await until(() => host.connected, 'reconnect');
  await until(() => scripted.chunkMarks(meetingId).length >= 80, 'all 80 chunks');
  expect(await uplink.flushed(10_000)).toBe(true);

  expect(scripted.chunkMarks(meetingId)).toEqual(Array.from({ length: 80 }, (_, n) => n));
  // Same server stream: the utterance in progress was not cut by the reconnect.
  expect(server.app.meetingAudio.active(meetingId)?.streamId).toBe(streamBefore);
  expect(scripted.openCount()).toBe(1);
  expect(stats()).toMatchObject({ sent: 80, dropped: 0, rejected: 0 });
  await uplink.stop();
  expect(server.app.meetingAudio.active(meetingId)).toBeNull();
});

it('ending the meeting refuses more audio for good (rejected, not retried forever)', async () => {
  const { host, uplink, stats } = await setup();
  await uplink.start(16000);
  uplink.push(chunk(1));
  expect(await uplink.flushed(10_000)).toBe(true);
  unwrap(await command(host, 'meeting:end', {}));
  uplink.push(chunk(2));
  await until(() => (stats()?.rejected ?? 0) + (stats()?.dropped ?? 0) >= 1, 'refusal counted');
  expect(await uplink.flushed(10_000)).toBe(true);
});

it('protocol: chunks are taken strictly in order, a resend is answered as done, audio:start resumes by uplink id', async () => {
  const { scripted, host, meetingId } = await setup();
  const start = unwrap(await command(host, 'audio:start', { sampleRate: 16000, uplinkId: 'test-uplink-0001', firstChunkSeq: 0 }));
  expect(start).toMatchObject({ nextChunkSeq: 0, resumed: false });
  const pcm = (n: number) => new Uint8Array(chunk(n));
  // Chunk 1 before chunk 0 (say 0 was refused as overloaded): not taken, so it cannot overtake.
  expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 1, pcm: pcm(1) }))).toEqual({ accepted: false, nextChunkSeq: 0 });
  expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 0, pcm: pcm(0) })).nextChunkSeq).toBe(1);
  expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 1, pcm: pcm(1) })).nextChunkSeq).toBe(2);
  expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 0, pcm: pcm(0) })).nextChunkSeq).toBe(2);
  expect(scripted.chunkMarks(meetingId)).toEqual([0, 1]);
  const again = unwrap(await command(host, 'audio:start', { sampleRate: 16000, uplinkId: 'test-uplink-0001', firstChunkSeq: 2 }));
  expect(again).toMatchObject({ streamId: start.streamId, nextChunkSeq: 2, resumed: true });
  // The sender lost chunks 2–4 (its buffer overflowed): it says so and goes on at 5.
  unwrap(await command(host, 'audio:start', { sampleRate: 16000, uplinkId: 'test-uplink-0001', firstChunkSeq: 5 }));
  expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 5, pcm: pcm(5) })).nextChunkSeq).toBe(6);
  expect(scripted.chunkMarks(meetingId)).toEqual([0, 1, 5]);
  const bad = await command(host, 'audio:start', { sampleRate: 16000, uplinkId: 'x' });
  expect(!bad.ok && bad.error.code).toBe('bad_request');
});
