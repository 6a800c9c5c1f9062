/**
 * Ending a meeting drains every stream of it before it closes (real pipeline, real test model):
 * audio still waiting for the VAD, segments still queued for the recogniser, and a stream that
 * another source superseded but that is still draining. Every utterance is stored, and stored
 * before the meeting's end event; none arrives after the meeting ended.
 */
import { expect, it } from 'vitest';
import { normaliseTranscript } from '../shared/transcript/normalise.ts';
import { readWavPcm } from '../server/protocol-client/host-audio-feeder.ts';
import { fixturePath, testModelsDir } from './env.ts';
import { setupMeeting, useTestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

const harness = useTestServer();
/** Where the first source hands over to the second: in the pause after utterance 4, ms. */
const HANDOVER_MS = 30_400;

it('ends only after every stream drained: all ten utterances stored before the end event', async () => {
  const server = await harness.start({ env: { LUOSHI_MODEL: 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: testModelsDir() } });
  const { app } = server;
  const f = await setupMeeting(server.url, 1);
  const id = f.created.meeting.id;
  await app.meetingControl.startMeeting(id);
  const { samples } = readWavPcm(fixturePath('audio', 'speech-seven-points.wav'));
  const piece = (fromMs: number, toMs: number) => ({ samples: samples.subarray(fromMs * 16, Math.min(samples.length, toMs * 16)), sampleRate: 16000, channels: 1 as const });

  // A live source that ignores backpressure: 30 s of audio arrive at once, nearly all of it still
  // waiting for the VAD when the second source takes over (which ends the first in the background).
  const first = await app.meetingAudio.open(id, 'socket:first');
  for (let ms = 0; ms < HANDOVER_MS; ms += 1000) first.push(piece(ms, Math.min(ms + 1000, HANDOVER_MS)));
  const second = await app.meetingAudio.open(id, 'livekit:second');
  expect(first.ended).toBe(true);
  for (let ms = HANDOVER_MS; ms < samples.length / 16; ms += 1000) second.push(piece(ms, ms + 1000));

  const ended = await app.meetingControl.endMeeting(id);
  expect(ended.status).toBe('ended');
  const expected = sevenPointsUtterances().map((t) => normaliseTranscript(t));
  // In stored order (the transcript's order) and on one timeline.
  const stored = await app.store.segments.list(id);
  expect(stored.map((s) => s.text)).toEqual(expected);
  expect(stored.map((s) => s.startMs)).toEqual([...stored.map((s) => s.startMs)].sort((a, b) => a - b));

  const events = (await app.store.events.since(id, 0, 10_000)).map((s) => s.event);
  const endSeq = events.find((e) => e.type === 'meeting:updated' && e.payload.meeting.status === 'ended')?.seq ?? 0;
  const finalizedSeqs = events.filter((e) => e.type === 'segment:finalized').map((e) => e.seq);
  expect(finalizedSeqs).toHaveLength(10);
  expect(Math.max(...finalizedSeqs)).toBeLessThan(endSeq);
  expect(app.meetingAudio.active(id)).toBeNull();
  await expect(app.meetingAudio.open(id, 'socket:late')).rejects.toThrow(/meeting_not_live/);
}, 120_000);
