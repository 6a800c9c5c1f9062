/**
 * A meeting's audio fails over between nodes (issue 15) without a heard word lost or stored
 * twice. Two nodes share PostgreSQL and Redis behind the rehearsal's load balancer
 * (server/cli/lib/balancer.ts); the host's browser uplink (client/src/audio/uplink.ts, run in Node)
 * streams the seven-point speech to node 0, whose recogniser hears words from the audio itself
 * (test/helpers/coded-transcription.ts), so audio sent twice would be heard twice and audio never
 * heard would be missing.
 *
 * Node 0 "dies" mid-speech: its lease renewals are stalled (an injected timer) and the balancer
 * retires it: its connections are cut and new ones go to node 1. Like a dead node it renews nothing
 * and takes no more audio; unlike one it keeps running, so the test also sees it find, once it resumes,
 * that its lease is gone — and store nothing. Its lease is long (60 s), so node 1 answers the
 * host's audio:start `transcribing_elsewhere` until node 1's clock (injected) is moved past it.
 * Then node 1 takes over: the uplink resends its audio from the handover point node 0 recorded
 * before it stalled; what node 0 had stored since is skipped; the rest is heard once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/protocol/errors.ts';
import { createAudioUplink, type UplinkStats } from '../../client/src/audio/uplink.ts';
import type { LeaseTimer } from '../../server/meeting/asr-lease.ts';
import { startBalancer, type Balancer } from '../../server/cli/lib/balancer.ts';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from '../helpers/cluster.ts';
import { codedChunks, createCodedTranscription } from '../helpers/coded-transcription.ts';
import { dropDatabases } from '../helpers/databases.ts';
import { dropRedisPrefixes } from '../helpers/redis.ts';
import { command, connectClient, connected, setupMeeting, unwrap, type ClientSocket } from '../helpers/server.ts';
import { sevenPointsUtterances } from '../helpers/speech.ts';
import { until as pollUntil } from '../helpers/until.ts';

const SPEECH_MS = 1500;
const PAUSE_MS = 600;
/** Chunks (100 ms) per utterance: its speech, then its pause. */
const PER_UTTERANCE = (SPEECH_MS + PAUSE_MS) / 100;
const TTL_MS = 60_000;

const until = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) => pollUntil(check, what, timeoutMs);

let cluster: Cluster | null = null;
let balancer: Balancer | null = null;
const sockets: ClientSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await balancer?.close();
  await cluster?.close();
  await dropDatabases();
  await dropRedisPrefixes();
});

describe.skipIf(!CLUSTER_AVAILABLE)('asr lease failover', () => {
  it('node 0 dies mid-speech: node 1 waits for its lease, takes over, and every word is stored exactly once', async () => {
    const texts = sevenPointsUtterances();
    const transcription = createCodedTranscription(texts);
    let stalled = false;
    // Node 0's renewals run while not stalled: stalling them is how it stops renewing, as a dead node does.
    const stallable: LeaseTimer = (tick, everyMs) => {
      const timer = setInterval(() => {
        if (!stalled) tick();
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    };
    let skewMs = 0;
    cluster = await startCluster(0, { transcription });
    const node0 = await cluster.add({ asrLease: { ttlMs: TTL_MS, renewMs: 200, timer: stallable } });
    const node1 = await cluster.add({ asrLease: { ttlMs: TTL_MS, renewMs: 200, clock: () => Date.now() + skewMs } });
    balancer = await startBalancer([node0, node1].map((n) => Number(new URL(n.url).port)));
    const store = node1.app.store;

    const f = await setupMeeting(node0.url, 1);
    const meetingId = f.created.meeting.id;
    // Pinned to node 0 while it is in the balancer's rotation.
    const host = connectClient(balancer.url, f.host.token, { reconnection: true, query: { luoshi_node: '0' } });
    sockets.push(host);
    await connected(host);
    unwrap(await command(host, 'meeting:start', {}));

    let stats: UplinkStats | null = null;
    let refusedElsewhere = 0;
    const uplink = createAudioUplink(() => host, (s) => {
      stats = s;
      if (s.lastError === ERROR_MESSAGES.transcribing_elsewhere) refusedElsewhere += 1;
    });
    await uplink.start(16000);
    const say = (k: number, speechMs = SPEECH_MS, pauseMs = PAUSE_MS) => {
      for (const c of codedChunks(k, speechMs)) uplink.push(c);
      for (const c of pauseMs > 0 ? codedChunks(0, pauseMs) : []) uplink.push(c);
    };
    const stored = async () => store.segments.list(meetingId);

    // Utterances 1–2 on node 0, and its lease row records that everything before utterance 3 is stored.
    say(1);
    say(2);
    await until(async () => (await stored()).length === 2, 'utterances 1–2 stored');
    await until(async () => ((await store.asrLeases.holder(meetingId))?.handover?.chunkSeq ?? 0) >= 2 * PER_UTTERANCE - 1, 'handover point after utterance 2');
    stalled = true;

    // Utterance 3 and half of 4 reach node 0 and are confirmed (spooled there); 3 is stored, 4 is still running.
    say(3);
    say(4, 800, 0);
    expect(await uplink.flushed(30_000)).toBe(true);
    await until(async () => (await stored()).length === 3, 'utterance 3 stored');
    const lease = await store.asrLeases.holder(meetingId);
    expect(lease).toMatchObject({ nodeId: 'node-0', epoch: 1 });
    // Recorded before node 0 stalled: node 1 will have utterance 3 resent, and must skip it.
    expect(lease?.handover?.chunkSeq).toBeLessThanOrEqual(2 * PER_UTTERANCE);

    // Node 0 fails: its connections drop, and the balancer sends the host to node 1.
    balancer.retire(0);
    // The host goes on speaking meanwhile; the uplink keeps the audio.
    say(4, 700, PAUSE_MS);
    for (let k = 5; k <= texts.length; k++) say(k);

    // Node 0's lease has not run out: node 1 refuses the stream, and the uplink asks again.
    await until(() => refusedElsewhere >= 2, 'audio:start refused while node 0 holds the lease');
    expect(await stored()).toHaveLength(3);
    expect(node1.app.meetingAudio.active(meetingId)).toBeNull();

    // Time passes for node 1 beyond node 0's lease: it takes the meeting over.
    skewMs = TTL_MS + 1000;
    expect(await uplink.flushed(60_000)).toBe(true);
    await until(() => node1.app.asrLeases.epoch(meetingId) === 2, 'node 1 holds the lease');
    await uplink.stop();

    // Node 0 comes back to life: its first renewal finds the lease gone and its stream ends, storing nothing.
    stalled = false;
    await until(() => node0.app.asrLeases.epoch(meetingId) === null && node0.app.meetingAudio.active(meetingId) === null, 'node 0 gives the meeting up');

    unwrap(await command(host, 'meeting:end', {}));
    await node1.app.transcriptSettled();
    await node0.app.transcriptSettled();

    const segments = await stored();
    expect(segments.map((s) => s.text)).toEqual(texts.map((t) => t.trim()));
    expect(new Set(segments.map((s) => s.id)).size).toBe(segments.length);
    // Utterances 1–3 from node 0's stream, the rest from node 1's, in time order.
    const streams = segments.map((s) => s.id.split('-')[0]);
    expect(new Set(streams.slice(0, 3)).size).toBe(1);
    expect(new Set(streams.slice(3)).size).toBe(1);
    expect(streams[3]).not.toBe(streams[0]);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.endMs);

    const requirements = (await store.requirements.list(meetingId)).filter((r) => r.retractedAt === null && r.parentId === null);
    expect(requirements.map((r) => r.ordinal).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stats).toMatchObject({ dropped: 0, rejected: 0 });
  }, 120_000);
});
