/**
 * The meeting's recognition prompt as `app.meetingAudio` wires it: speakers and glossary from the
 * Meeting record, then the last stored finals. The store answers asynchronously, so the prompt
 * is rebuilt in the background (server/meeting/meeting-prompt.ts): each check waits for it.
 */
import { afterEach, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { api, setupMeeting, startServer, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until } from './helpers/until.ts';

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
  await server.app.meetingControl.startMeeting(id);
  await server.app.meetingAudio.open(id, 'livekit:main');

  // SAMPLE_MEETING: speaker 王国强 (副厅长), glossary 两为整治 with the misrecognition 两位整治.
  expect(scripted.prompt(id)).toEqual({ terms: ['副厅长王国强', '两为整治'], previousText: '' });

  const [u1, u2, u3] = sevenPointsUtterances();
  scripted.say(id, u1!);
  await until(() => scripted.prompt(id)?.previousText === u1, 'the first final in the prompt');
  scripted.say(id, u2!);
  scripted.say(id, u3!);
  await until(() => scripted.prompt(id)?.previousText === `${u2}${u3}`, 'the last two finals in the prompt');

  const patch = await api(server.url, 'PATCH', `/api/meetings/${id}`, { glossary: [{ term: '两为整治', variants: [] }, { term: '真抓实改', variants: [] }] }, f.host.token);
  expect(patch.status).toBe(200);
  await until(() => scripted.prompt(id)?.terms.join() === ['副厅长王国强', '两为整治', '真抓实改'].join(), 'the new glossary term in the prompt');
  expect(scripted.prompt(id)?.terms).toEqual(['副厅长王国强', '两为整治', '真抓实改']);

  // A secretary's correction of the last segment is what the next decode reads.
  const last = (await server.app.store.segments.list(id)).at(-1)!;
  await server.app.store.segments.editText(last.id, '各分县局要制定本单位的工作方案。', new Date().toISOString());
  await until(() => scripted.prompt(id)?.previousText === `${u2}各分县局要制定本单位的工作方案。`, 'the corrected final in the prompt');
});
