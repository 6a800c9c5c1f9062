/**
 * Issue 13 #11 — two host consoles both captured and the first was silently rejected. Now one
 * console captures per meeting: a second one's start is refused with `capture_busy` (the console
 * asks its operator), with `takeover` it replaces the capture and the first console is told and
 * stops. Run with the browser's own uplink (client/src/audio/uplink.ts) against the real server.
 */
import { expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { UserFacingError } from '../client/src/api/errors.ts';
import { createAudioUplink, type UplinkStats } from '../client/src/audio/uplink.ts';
import { command, join, setupMeeting, unwrap, useTestServer } from './helpers/server.ts';
import { until as pollUntil } from './helpers/until.ts';

const harness = useTestServer();

function chunk(n: number): ArrayBuffer {
  return new Int16Array(1600).fill(n).buffer;
}

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => boolean, what: string, timeoutMs = 20_000) => pollUntil(check, what, timeoutMs);

it('a second console is asked first, takes over on request, and the first is told and stops sending', async () => {
  const scripted = createScriptedTranscription();
  const server = await harness.start({ transcription: scripted });
  const f = await setupMeeting(server.url, 1);
  const meetingId = f.created.meeting.id;
  const first = await harness.client(f.host.token);
  // The second console: another PC at the main venue, joined with the same host code.
  const second = await harness.client((await join(server.url, f.created.hostCode)).token);
  unwrap(await command(first, 'meeting:start', {}));

  const firstStats: { last: UplinkStats | null } = { last: null };
  let firstTakenOver = 0;
  const a = createAudioUplink(() => first, (s) => (firstStats.last = s), () => (firstTakenOver += 1));
  const b = createAudioUplink(() => second, () => {});
  await a.start(16000);
  for (let n = 0; n < 5; n++) a.push(chunk(n));
  await until(() => scripted.chunkMarks(meetingId).length === 5, 'the first console\'s chunks');

  // Without takeover: refused, and the first console keeps capturing.
  const refused = await b.start(16000).then(() => null, (e: unknown) => e);
  expect(refused).toBeInstanceOf(UserFacingError);
  expect((refused as UserFacingError).code).toBe('capture_busy');
  expect((refused as UserFacingError).message).toBe('另一台主会场电脑正在采集讲话');
  expect(firstTakenOver).toBe(0);
  a.push(chunk(5));
  await until(() => scripted.chunkMarks(meetingId).length === 6, 'the first console still capturing');

  // With takeover: the second console captures, the first is told.
  await b.start(16000, true);
  await until(() => firstTakenOver === 1, 'the first console told');
  for (let n = 100; n < 103; n++) b.push(chunk(n));
  a.push(chunk(6));
  await until(() => scripted.chunkMarks(meetingId).slice(-3).join() === '100,101,102', 'the second console\'s chunks');
  expect(scripted.chunkMarks(meetingId)).not.toContain(6);
  expect(firstStats.last?.rejected).toBeGreaterThanOrEqual(1);
  await b.stop();
});
