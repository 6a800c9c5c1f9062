/** The decorated `app.meetingAudio` service (what the LiveKit agent uses), with the real pipeline and extractor. */
import { afterEach, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { DomainError } from '../server/errors.ts';
import type { TranscriptSegment } from '../server/transcription/types.ts';
import { setupMeeting, startServer, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

it('one active source per meeting; segments reach listeners and the transcript', async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted });
  const { app } = server;
  const f = await setupMeeting(server.url, 1);
  const id = f.created.meeting.id;
  await expect(app.meetingAudio.open(id, 'livekit:main')).rejects.toThrow(DomainError);
  await app.meetingControl.startMeeting(id);

  const heard: [string, TranscriptSegment][] = [];
  const unsubscribe = app.meetingAudio.onSegment((meetingId, seg) => heard.push([meetingId, seg]));
  const first = await app.meetingAudio.open(id, 'socket:host');
  expect(first.push({ samples: new Int16Array(1600), sampleRate: 16000, channels: 1 })).toBe(true);
  const second = await app.meetingAudio.open(id, 'livekit:main');
  expect(first.ended).toBe(true);
  expect(first.push({ samples: new Int16Array(1600), sampleRate: 16000, channels: 1 })).toBe(false);
  expect(app.meetingAudio.active(id)).toBe(second);
  // The second source's finals wait until the first has delivered all of its own.
  await first.end();

  const [u1, u2] = sevenPointsUtterances();
  scripted.say(id, u1!);
  scripted.say(id, u2!);
  expect(heard.map(([m, s]) => [m, s.isFinal])).toEqual([[id, false], [id, true], [id, false], [id, true]]);
  expect(heard[1]![1].id.startsWith(`${second.streamId}-`)).toBe(true);
  unsubscribe();
  // end() resolves once the stream's finals are stored.
  await second.end();
  expect((await app.store.segments.list(id)).map((s) => s.text)).toEqual([u1, u2]);
  expect(app.meetingAudio.active(id)).toBeNull();

  const ended = await app.meetingControl.endMeeting(id);
  expect(ended.status).toBe('ended');
  await expect(app.meetingAudio.open(id, 'livekit:main')).rejects.toThrow(DomainError);
});
