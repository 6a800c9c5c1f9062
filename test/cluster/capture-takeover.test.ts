/**
 * Issue 13 #11 across nodes: one capturing host console per meeting, wherever the consoles are
 * connected. Console A captures on node 0 (which so holds the meeting's audio); console B, joined
 * with the same host code, is on node 1. B's start is refused with `capture_busy` (before, node 1
 * answered `transcribing_elsewhere` with or without takeover and A was never told); with
 * `takeover` node 0 tells A, stores what it heard and hands the meeting's audio to node 1, where B
 * captures. Both consoles run the browser's uplink (client/src/audio/uplink.ts); the recogniser
 * hears words from the audio itself (test/helpers/coded-transcription.ts), so audio heard twice
 * or never would show in the stored transcript.
 */
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../client/src/api/errors.ts';
import { createAudioUplink, type UplinkStats } from '../../client/src/audio/uplink.ts';
import { CLUSTER_AVAILABLE, useClusters } from '../helpers/cluster.ts';
import { codedChunks, createCodedTranscription } from '../helpers/coded-transcription.ts';
import { command, join, setupMeeting, unwrap } from '../helpers/server.ts';
import { sevenPointsUtterances } from '../helpers/speech.ts';
import { until as pollUntil } from '../helpers/until.ts';

const until = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) => pollUntil(check, what, timeoutMs);
const clusters = useClusters();

describe.skipIf(!CLUSTER_AVAILABLE)('capture takeover across nodes', () => {
  it('a console on another node is refused with capture_busy, takes over on request, the first is told, and every utterance is stored once', async () => {
    const texts = sevenPointsUtterances();
    const cluster = await clusters.start(2, { transcription: createCodedTranscription(texts) });
    const [node0, node1] = cluster.nodes;
    if (!node0 || !node1) throw new Error('two nodes expected');
    const store = node1.app.store;
    const f = await setupMeeting(node0.url, 1);
    const meetingId = f.created.meeting.id;
    const a = await clusters.client(node0.url, f.host.token);
    const b = await clusters.client(node1.url, (await join(node1.url, f.created.hostCode)).token);
    unwrap(await command(a, 'meeting:start', {}));
    const stored = async () => store.segments.list(meetingId);

    let aTakenOver = 0;
    let bStats: UplinkStats | null = null;
    const uplinkA = createAudioUplink(() => a, () => {}, () => (aTakenOver += 1));
    const uplinkB = createAudioUplink(() => b, (s) => (bStats = s));
    const say = (uplink: typeof uplinkA, k: number) => {
      for (const c of [...codedChunks(k, 1000), ...codedChunks(0, 500)]) uplink.push(c);
    };

    await uplinkA.start(16000);
    say(uplinkA, 1);
    say(uplinkA, 2);
    await until(async () => (await stored()).length === 2, 'utterances 1–2 stored from node 0');
    expect(node0.app.asrLeases.epoch(meetingId)).toBe(1);

    // Without takeover: refused as on one node, and A goes on capturing.
    const refused = await uplinkB.start(16000).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(UserFacingError);
    expect((refused as UserFacingError).code).toBe('capture_busy');
    expect(aTakenOver).toBe(0);
    say(uplinkA, 3);
    await until(async () => (await stored()).length === 3, 'utterance 3 stored: A still captures');

    // With takeover: node 0 tells A and hands the meeting's audio to node 1.
    await uplinkB.start(16000, true);
    await until(() => aTakenOver === 1, 'console A told it was taken over');
    expect(node1.app.asrLeases.epoch(meetingId)).toBe(2);
    expect(node0.app.asrLeases.epoch(meetingId)).toBeNull();
    expect(node0.app.meetingAudio.active(meetingId)).toBeNull();
    // A stopped sending: what it still captures is not delivered.
    say(uplinkA, 9);
    for (let k = 4; k <= 6; k++) say(uplinkB, k);
    expect(await uplinkB.flushed(30_000)).toBe(true);
    await uplinkB.stop();

    unwrap(await command(b, 'meeting:end', {}));
    await node1.app.transcriptSettled();
    await node0.app.transcriptSettled();
    const segments = await stored();
    expect(segments.map((s) => s.text)).toEqual(texts.slice(0, 6).map((t) => t.trim()));
    expect(new Set(segments.map((s) => s.id)).size).toBe(segments.length);
    // Utterances 1–3 from A's stream on node 0, 4–6 from B's on node 1, in time order.
    const streams = segments.map((s) => s.id.split('-')[0]);
    expect(new Set(streams.slice(0, 3)).size).toBe(1);
    expect(new Set(streams.slice(3)).size).toBe(1);
    expect(streams[3]).not.toBe(streams[0]);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.endMs);
    expect(bStats).toMatchObject({ dropped: 0, rejected: 0 });
  }, 120_000);
});
