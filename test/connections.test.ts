/** Connections: presence (sockets + LiveKit attendance), late joiners, deleted meetings, over-cap messages. */
import { describe, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { api, command, connectClient, connected, setupMeeting, unwrap, useTestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until as pollUntil } from './helpers/until.ts';

const harness = useTestServer();
const client = (token: string) => harness.client(token);

describe('presence, late joiners and oversized messages', () => {
  it('reports venue presence from sockets and LiveKit attendance to staff only', async () => {
    let server = await harness.start({ transcription: createScriptedTranscription() });
    const f = await setupMeeting(server.url, 2);
    const host = await client(f.host.token);
    const changes: { venueId: string; online: boolean }[] = [];
    host.on('presence:changed', (p) => changes.push(p));
    const other = await client(f.venues[1]!.token);
    let venueSawPresence = false;
    other.on('presence:changed', () => (venueSawPresence = true));
    const v0 = await client(f.venues[0]!.token);
    const v0Id = f.venues[0]!.venue.id;
    await until(() => changes.some((c) => c.venueId === v0Id && c.online));
    v0.disconnect();
    await until(() => changes.some((c) => c.venueId === v0Id && !c.online));
    await server.app.meetingControl.recordAttendance(f.created.meeting.id, { venueId: v0Id, online: true, joinedAt: '2026-11-22T01:00:00.000Z', leftAt: null });
    await until(() => changes.filter((c) => c.venueId === v0Id && c.online).length === 2);
    const snap = unwrap(await command(host, 'sync', { lastSeq: null }));
    const presence = snap.kind === 'snapshot' ? snap.snapshot.presence : [];
    expect(presence.find((p) => p.venueId === v0Id)).toMatchObject({ online: true });
    expect(presence.find((p) => p.venueId === f.venues[1]!.venue.id)).toMatchObject({ online: true });
    // another meeting's venue id is ignored
    await server.app.meetingControl.recordAttendance('other-meeting', { venueId: v0Id, online: false, joinedAt: null, leftAt: null });
    expect(venueSawPresence).toBe(false);
  });

  it('deleting a meeting disconnects its sockets, and its tokens no longer connect', async () => {
    let server = await harness.start({ transcription: createScriptedTranscription() });
    const f = await setupMeeting(server.url, 1);
    const venue = await client(f.venues[0]!.token);
    const gone = new Promise<string>((resolve) => venue.once('disconnect', resolve));
    expect((await api(server.url, 'DELETE', `/api/meetings/${f.created.meeting.id}`, undefined, f.host.token)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const again = connectClient(server.url, f.venues[0]!.token);
    harness.track(again);
    await expect(connected(again)).rejects.toThrow('unauthorized');
  });

  it('a late joiner gets the full current state in its snapshot', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const f = await setupMeeting(server.url, 1);
    const host = await client(f.host.token);
    unwrap(await command(host, 'meeting:start', {}));
    unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
    for (const u of sevenPointsUtterances()) scripted.say(f.created.meeting.id, u);
    unwrap(await command(host, 'meeting:end', {}));
    const late = new MeetingMirror(await client(f.venues[0]!.token));
    await late.until(() => late.orderedRequirements().length === 7, 5000, 'late snapshot');
    expect(late.stats.snapshots).toBe(1);
    expect(late.segments.size).toBe(10);
  });

  it('a message over the socket size cap drops only that connection', async () => {
    let server = await harness.start({ transcription: createScriptedTranscription() });
    const f = await setupMeeting(server.url, 2);
    const bad = await client(f.venues[0]!.token);
    const good = await client(f.venues[1]!.token);
    const closed = new Promise<string>((resolve) => bad.once('disconnect', (reason) => resolve(reason)));
    (bad as unknown as { emit(e: string, p: unknown, cb: () => void): void }).emit('sync', { lastSeq: 'x'.repeat(2 * 1024 * 1024) }, () => {});
    expect(await closed).toBeTruthy();
    expect(unwrap(await command(good, 'sync', { lastSeq: null })).kind).toBe('snapshot');
  });
});

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => boolean, timeoutMs = 5000) => pollUntil(check, 'condition', timeoutMs);
