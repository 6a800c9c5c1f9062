/**
 * The meeting's recognition prompt as `app.meetingAudio` wires it: speakers and glossary from the
 * Meeting record, then the last stored finals, read afresh for every decode.
 */
import { afterEach, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/testing/scripted-transcription.ts';
import { api, setupMeeting, startServer, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

it('prompts with speakers, glossary terms and the last two finals, kept current during the meeting', async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted });
  const f = await setupMeeting(server.url, 1);
  const id = f.created.meeting.id;
  server.app.meetingControl.startMeeting(id);
  server.app.meetingAudio.open(id, 'livekit:main');

  // SAMPLE_MEETING: speaker 王国强 (副厅长), glossary 两为整治 with the misrecognition 两位整治.
  expect(scripted.prompt(id)).toEqual({ terms: ['副厅长王国强', '两为整治'], previousText: '' });

  const [u1, u2, u3] = sevenPointsUtterances();
  scripted.say(id, u1!);
  expect(scripted.prompt(id)?.previousText).toBe(u1);
  scripted.say(id, u2!);
  scripted.say(id, u3!);
  expect(scripted.prompt(id)?.previousText).toBe(`${u2}${u3}`);

  const patch = await api(server.url, 'PATCH', `/api/meetings/${id}`, { glossary: [{ term: '两为整治', variants: [] }, { term: '真抓实改', variants: [] }] }, f.host.token);
  expect(patch.status).toBe(200);
  expect(scripted.prompt(id)?.terms).toEqual(['副厅长王国强', '两为整治', '真抓实改']);

  // A secretary's correction of the last segment is what the next decode reads.
  const last = server.app.store.segments.list(id).at(-1)!;
  server.app.store.segments.editText(last.id, '各分县局要制定本单位的工作方案。', new Date().toISOString());
  expect(scripted.prompt(id)?.previousText).toBe(`${u2}各分县局要制定本单位的工作方案。`);
});
