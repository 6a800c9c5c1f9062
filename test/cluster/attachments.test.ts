/**
 * Issue 15: on PostgreSQL attachment bytes live in the shared database, so a report's file uploaded
 * by a venue through node 0 downloads through node 1 (on SQLite they are files on the one node).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScriptedTranscription } from '../../server/transcription/scripted-transcription.ts';
import { CLUSTER_AVAILABLE, useClusters } from '../helpers/cluster.ts';
import { SAMPLE_PDF, board, mustAct, mustUpload } from '../helpers/followup.ts';
import { command, setupMeeting, unwrap } from '../helpers/server.ts';
import { sevenPointsUtterances } from '../helpers/speech.ts';
import { until } from '../helpers/until.ts';

const harness = useClusters();

describe.skipIf(!CLUSTER_AVAILABLE)('follow-up files on two nodes', () => {
  it('a file uploaded through one node downloads through the other, byte for byte', async () => {
    const scripted = createScriptedTranscription();
    const cluster = await harness.start(2, { transcription: scripted, followupSweepMs: null });
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const f = await setupMeeting(a.url, 2);
    const meetingId = f.created.meeting.id;
    const host = await harness.client(a.url, f.host.token);
    unwrap(await command(host, 'meeting:start', {}));
    unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
    for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
    unwrap(await command(host, 'meeting:end', {}));
    const venue = f.venues[0]!;
    await until(async () => (await board(a.url, f.secretary.token, meetingId)).tasks.some((t) => t.venueName === venue.venue.name), 'tasks issued');
    const task = (await board(a.url, f.secretary.token, meetingId)).tasks.find((t) => t.venueName === venue.venue.name)!;

    await mustAct(a.url, venue.token, task.id, { type: 'sign' });
    const fileId = await mustUpload(a.url, venue.token, task.id);
    for (const node of [b, a]) {
      const res = await fetch(`${node.url}/api/tasks/${task.id}/attachments/${fileId}`, { headers: { authorization: `Bearer ${venue.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(SAMPLE_PDF))).toBe(true);
    }
    // Nothing on either node's disk: the bytes are in the database.
    for (const node of [a, b]) expect(fs.existsSync(`${node.dataFile}.attachments`)).toBe(false);
  });
});
