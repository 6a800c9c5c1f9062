/**
 * Issue 12, the limit of unsent uploads per task under concurrency (SQLite, and PostgreSQL in its
 * run): a venue fires more uploads at one task at once than the limit allows; exactly the limit
 * are stored, the rest are refused with 413, and no refused upload leaves bytes behind.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MAX_UNSENT_UPLOADS } from '../server/http/routes/followup-tasks.ts';
import { board, holdEndedMeeting, mustAct, storedFiles, upload, SAMPLE_PDF, type EndedMeeting } from './helpers/followup.ts';
import { organiserToken, startServer, type TestServer } from './helpers/server.ts';

const PARALLEL = MAX_UNSENT_UPLOADS + 5;

let server: TestServer;
let meeting: EndedMeeting;

beforeAll(async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted, followupSweepMs: null });
  meeting = await holdEndedMeeting(server.url, await organiserToken(server.url), scripted, {
    venues: ['东城分局'],
    speech: ['下面，我讲一点要求。', '第一，要加强巡逻防控。各单位要在年底前拿出巡逻方案。', '好，我就讲这些。'],
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

it(`${PARALLEL} uploads at once to one task: exactly ${MAX_UNSENT_UPLOADS} are stored, the rest refused`, async () => {
  const { url } = server;
  const venue = meeting.venues[0]!.token;
  const tasks = (await board(url, meeting.secretary.token, meeting.meetingId)).tasks;
  expect(tasks).toHaveLength(1);
  const taskId = tasks[0]!.id;
  await mustAct(url, venue, taskId, { type: 'sign' });

  const replies = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => upload(url, venue, taskId, SAMPLE_PDF, `第${i + 1}份.pdf`)));
  const statuses = replies.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_UNSENT_UPLOADS);
  expect(statuses.filter((s) => s === 413)).toHaveLength(PARALLEL - MAX_UNSENT_UPLOADS);
  expect(replies.filter((r) => r.status === 413).every((r) => r.body.error?.code === 'payload_too_large')).toBe(true);

  // Stored: one row per accepted upload, and bytes for exactly those rows.
  const accepted = replies.filter((r) => r.status === 201).map((r) => r.body.attachment.id).sort();
  expect(await server.app.store.tasks.unsentCount(taskId)).toBe(MAX_UNSENT_UPLOADS);
  expect((await server.app.store.tasks.allAttachmentIds()).map((a) => a.id).sort()).toEqual(accepted);
  expect((await storedFiles(server, meeting.meetingId)).sort()).toEqual(accepted);

  // Sending some with a report frees their places: the task takes that many again, and no more.
  await mustAct(url, venue, taskId, { type: 'report', text: '已部署', attachmentIds: accepted.slice(0, 3) });
  const again = await Promise.all(Array.from({ length: 5 }, () => upload(url, venue, taskId, SAMPLE_PDF, '补充.pdf')));
  expect(again.map((r) => r.status).sort()).toEqual([201, 201, 201, 413, 413]);
  expect(await server.app.store.tasks.unsentCount(taskId)).toBe(MAX_UNSENT_UPLOADS);
  // A lone upload over the limit is refused too.
  expect((await upload(url, venue, taskId, SAMPLE_PDF, 'x.pdf')).status).toBe(413);
  expect((await storedFiles(server, meeting.meetingId)).length).toBe(MAX_UNSENT_UPLOADS + 3);
});
