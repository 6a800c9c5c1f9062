/**
 * validate → persist → ack → broadcast when a meeting ends: the host's `meeting:end` callback
 * reaches it before any event the end committed (the extractor's closed lists, the meeting's
 * `ended` update). Both travel on the host's one connection, so the order it sees is the order
 * the server sent them in.
 */
import { expect, it } from 'vitest';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { MeetingEvent } from '../shared/protocol/events.ts';
import { command, setupMeeting, unwrap, useTestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { createSteppedTranscription } from './helpers/stepped-transcription.ts';

const harness = useTestServer();

it('the end is acknowledged before its events are broadcast, closed lists included', async () => {
  const asr = createSteppedTranscription();
  const server = await harness.start({ transcription: asr });
  const f = await setupMeeting(server.url, 1);
  const meetingId = f.created.meeting.id;
  const host = await harness.client(f.host.token);
  const venue = new MeetingMirror(await harness.client(f.venues[0]!.token));
  await venue.until(() => venue.lastSeq !== null);
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  // "提出七点要求：第一…第二…": a list the speaker has not finished, open until the meeting ends.
  for (const text of sevenPointsUtterances().slice(0, 3)) asr.say(meetingId, text);
  await venue.until(() => venue.orderedRequirements().length >= 1, 10_000, 'the first point at the venue');
  // What the three utterances committed is all in before the end (the pipeline runs in the background).
  await server.app.transcriptSettled();
  const before = await server.app.store.events.lastSeq(meetingId);

  // Recorded synchronously in the socket's own callbacks: a promise would resolve a microtask
  // later, after packets that arrived in the same read.
  const seen: string[] = [];
  const ended = new Promise<void>((resolve) => {
    host.on('meeting:event', (e: MeetingEvent) => {
      if (e.seq <= before) return;
      seen.push(`${e.type}#${e.seq}`);
      if (e.type === 'meeting:updated' && e.payload.meeting.status === 'ended') resolve();
    });
  });
  const acked = new Promise<void>((resolve, reject) => {
    host.emit('meeting:end', {}, (r) => {
      seen.push('ack');
      if (r.ok) resolve();
      else reject(new Error(r.error.code));
    });
  });
  await Promise.all([acked, ended]);

  const committed = (await server.app.store.events.since(meetingId, before, 10_000)).map((s) => s.event);
  const endedSeq = committed.find((e) => e.type === 'meeting:updated' && e.payload.meeting.status === 'ended')!.seq;
  // The end itself committed more than the meeting's update: the open list was closed with it.
  const fromEnd = committed.filter((e) => e.type !== 'segment:finalized' && e.seq <= endedSeq);
  expect(fromEnd.length).toBeGreaterThan(1);
  expect(fromEnd.some((e) => e.type.startsWith('requirement') || e.type.startsWith('list'))).toBe(true);
  // Nothing of the end reached the host before its ack; all of it after, in seq order.
  const ackAt = seen.indexOf('ack');
  const endEvents = new Set(fromEnd.map((e) => `${e.type}#${e.seq}`));
  expect(seen.slice(0, ackAt).filter((s) => endEvents.has(s))).toEqual([]);
  expect(seen.slice(ackAt + 1).filter((s) => endEvents.has(s))).toEqual(fromEnd.map((e) => `${e.type}#${e.seq}`));
});
