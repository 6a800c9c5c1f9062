/**
 * Issue 15: two nodes on one PostgreSQL database and one Redis, in this process. The host and the
 * recogniser are on node 0, the secretary and the venues on node 1: every requirement reaches
 * every venue through the Redis Streams adapter, acks taken on node 1 reach the host on node 0,
 * both staff views end on the same sequence, and a join code rotated on node 0 ends the old session on node 1.
 */
import { describe, expect, it } from 'vitest';
import { MeetingMirror } from '../../server/protocol-client/meeting-mirror.ts';
import { createScriptedTranscription } from '../../server/transcription/scripted-transcription.ts';
import { CLUSTER_AVAILABLE, useClusters } from '../helpers/cluster.ts';
import { api, command, setupMeeting, unwrap } from '../helpers/server.ts';
import { sevenPointsUtterances } from '../helpers/speech.ts';

const harness = useClusters();

describe.skipIf(!CLUSTER_AVAILABLE)('two nodes behind one address', () => {
  it('deliver every item to venues on the other node, and their acks back to the host on node 0', async () => {
    const scripted = createScriptedTranscription();
    const cluster = await harness.start(2, { transcription: scripted });
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const f = await setupMeeting(a.url, 5);
    const meetingId = f.created.meeting.id;
    const host = await harness.client(a.url, f.host.token);
    const hostView = new MeetingMirror(host);
    const sec = new MeetingMirror(await harness.client(b.url, f.secretary.token));
    const venues = await Promise.all(f.venues.map(async (v) => new MeetingMirror(await harness.client(b.url, v.token))));
    await Promise.all([hostView, sec, ...venues].map((m) => m.until(() => m.lastSeq !== null, 10_000, 'initial sync')));

    unwrap(await command(host, 'meeting:start', {}));
    unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
    for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
    await hostView.until(() => hostView.orderedRequirements().length === 7, 20_000, 'seven items at the host');
    unwrap(await command(host, 'audio:stop', {}));
    await a.app.transcriptSettled();
    // What is stored, read through node 1: every view must end exactly there.
    type Row = { requirementId: string; marker: string; version: number; missing: string[] };
    const stored = (await api<{ rows: Row[] }>(b.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token)).body.rows;
    expect(stored.map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    const items = stored.map((r) => ({ id: r.requirementId, version: r.version }));
    for (const v of [hostView, ...venues]) {
      await v.until(() => items.every((r) => v.requirements.get(r.id)?.version === r.version), 20_000, 'every item, last version, in every view');
      expect(v.orderedRequirements().map((r) => r.id)).toEqual(items.map((r) => r.id));
      expect(v.stats.repeatedSeq).toBe(0);
    }

    // Acks sent to node 1, seen live by the host on node 0 and stored once.
    for (const v of venues) {
      for (const r of items) unwrap(await command(v.socket, 'ack:submit', { requirementId: r.id, kind: 'received', version: r.version }));
    }
    await hostView.until(() => hostView.acks.size === venues.length * items.length, 20_000, 'every ack at the host');
    const board = await api<{ rows: Row[] }>(a.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token);
    // (the prefecture's own venue, not connected here, is the one still missing)
    const connectedIds = f.venues.map((v) => v.venue.id);
    expect(board.body.rows.map((r) => r.missing.filter((id) => connectedIds.includes(id)))).toEqual(items.map(() => []));
    expect(board.body.rows.map((r) => r.missing.length)).toEqual(items.map(() => 1));
    // Both staff views end on the same sequence number with the same acks, though commits came from both nodes.
    await sec.until(() => sec.lastSeq === hostView.lastSeq && sec.acks.size === hostView.acks.size, 20_000, 'secretary caught up');

    // A code rotated through node 0 ends the session connected to node 1.
    const venueId = f.venues[0]!.venue.id;
    const ended = new Promise<string>((resolve) => venues[0]!.socket.once('session:ended', (e) => resolve(e.reason)));
    const rotated = await api<{ endedSockets: number }>(a.url, 'POST', `/api/meetings/${meetingId}/venues/${venueId}/code`, { action: 'rotate', role: 'venue' }, f.host.token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.endedSockets).toBe(1);
    expect(await ended).toBe('revoked');
  });
});
