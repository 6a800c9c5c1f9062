/**
 * Socket.io end to end with the real server, SQLite and the real extractor; the recogniser is
 * the scripted test double (the real one is exercised in audio.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createScriptedTranscription, type ScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { MeetingEvent } from '../shared/protocol/events.ts';
import { api, command, connectClient, openStoreOf, setupMeeting, unwrap, useTestServer, type ClientSocket, type MeetingFixture } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import type { BoardReply } from '../shared/protocol/board.ts';

const harness = useTestServer();
const client = (token: string, reconnection = false) => harness.client(token, { reconnection });

/** Start the meeting and speak the seven-points utterances through the scripted recogniser. */
async function speak(f: MeetingFixture, host: ClientSocket, scripted: ScriptedTranscription, utterances = sevenPointsUtterances()): Promise<void> {
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  for (const u of utterances) scripted.say(f.created.meeting.id, u);
}

describe('socket handshake and access', () => {
  it('refuses a missing or forged token with unauthorized', async () => {
    let server = await harness.start({ transcription: createScriptedTranscription() });
    for (const token of ['', 'x.y', 'eyJ9.abc']) {
      const s = connectClient(server.url, token);
      harness.track(s);
      const err = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toBe('unauthorized');
      expect(err.data?.code).toBe('unauthorized');
    }
  });

  it('a venue cannot do host or secretary actions, and unknown or garbage input is answered', async () => {
    let server = await harness.start({ transcription: createScriptedTranscription() });
    const f = await setupMeeting(server.url, 1);
    const venue = await client(f.venues[0]!.token);
    for (const [event, payload] of [
      ['meeting:start', {}],
      ['meeting:end', {}],
      ['audio:start', { sampleRate: 16000 }],
      ['requirement:publish', { requirementId: 'x' }],
      ['requirement:edit', { requirementId: 'x', fields: { headline: 'y' } }],
      ['segment:edit', { segmentId: 'x', text: 'y' }],
      ['speaker:set-current', { speakerId: null }],
    ] as const) {
      const r = await command(venue, event as 'meeting:start', payload as Record<string, never>);
      expect(r.ok, event).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'forbidden', message: '当前身份无权执行此操作' });
    }
    // garbage payloads of every shape: bad_request, never a crash
    for (const payload of [null, 'x', 42, [], { lastSeq: -1 }, { lastSeq: 'a' }, { lastSeq: 1.5 }, { lastSeq: 1e30 }]) {
      const r = await command(venue, 'sync', payload as unknown as { lastSeq: null });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_request');
    }
    const longId = await command(venue, 'ack:submit', { requirementId: 'r'.repeat(100_000), kind: 'received' });
    expect(!longId.ok && longId.error.code).toBe('bad_request');
    const badKind = await command(venue, 'ack:submit', { requirementId: 'r1', kind: 'maybe' as 'received' });
    expect(!badKind.ok && badKind.error.code).toBe('bad_request');
    const unknown = await new Promise<unknown>((resolve) => (venue as unknown as { emit(e: string, p: unknown, cb: (r: unknown) => void): void }).emit('drop:tables', {}, resolve));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // emits without a callback are ignored; the connection and server stay healthy
    (venue as unknown as { emit(e: string, ...a: unknown[]): void }).emit('sync', { lastSeq: 0 });
    (venue as unknown as { emit(e: string, ...a: unknown[]): void }).emit('ack:submit');
    const ok = await command(venue, 'sync', { lastSeq: null });
    expect(ok.ok).toBe(true);
  });

  it('rejects oversized and malformed audio with an error ack', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const f = await setupMeeting(server.url, 0);
    const host = await client(f.host.token);
    const early = await command(host, 'audio:start', { sampleRate: 16000 });
    expect(!early.ok && early.error.code).toBe('meeting_not_live');
    unwrap(await command(host, 'meeting:start', {}));
    const noStream = await command(host, 'audio:chunk', { chunkSeq: 0, pcm: new Uint8Array(320) });
    expect(!noStream.ok && noStream.error.code).toBe('conflict');
    expect(!(await command(host, 'audio:start', { sampleRate: 44100 as 16000 })).ok).toBe(true);
    unwrap(await command(host, 'audio:start', { sampleRate: 48000 }));
    const big = await command(host, 'audio:chunk', { chunkSeq: 0, pcm: new Uint8Array(100 * 1024) });
    expect(!big.ok && big.error).toMatchObject({ code: 'payload_too_large', message: '数据过大' });
    const odd = await command(host, 'audio:chunk', { chunkSeq: 1, pcm: new Uint8Array(3) });
    expect(!odd.ok && odd.error.code).toBe('bad_request');
    const notBinary = await command(host, 'audio:chunk', { chunkSeq: 1, pcm: [1, 2, 3, 4] as unknown as Uint8Array<ArrayBuffer> });
    expect(!notBinary.ok && notBinary.error.code).toBe('bad_request');
    expect(unwrap(await command(host, 'audio:chunk', { chunkSeq: 2, pcm: new Uint8Array(960) })).accepted).toBe(true);
    // a repeated chunkSeq is dropped as a duplicate
    unwrap(await command(host, 'audio:chunk', { chunkSeq: 2, pcm: new Uint8Array(960) }));
    expect(scripted.pushedSamples(f.created.meeting.id)).toBe(480);
    expect(unwrap(await command(host, 'audio:stop', {})).segments).toBe(0);
  });
});

describe('live requirements, acks, replay', () => {
  it('delivers the seven requirements to every venue in order, with a count check', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const f = await setupMeeting(server.url, 3);
    const host = await client(f.host.token);
    const mirrors = await Promise.all(f.venues.map(async (v) => new MeetingMirror(await client(v.token))));
    await Promise.all(mirrors.map((m) => m.until(() => m.lastSeq !== null)));
    await speak(f, host, scripted);
    unwrap(await command(host, 'meeting:end', {}));
    for (const m of mirrors) {
      await m.until(() => m.orderedRequirements().length === 7 && [...m.lists.values()].some((l) => l.closed), 10_000, '7 requirements');
      const reqs = m.orderedRequirements();
      expect(reqs.map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(reqs.map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
      expect(reqs[0]!.fields.headline).toBe('要精心组织部署');
      expect(reqs.every((r) => r.status === 'published' && r.closed)).toBe(true);
      const list = [...m.lists.values()][0]!;
      expect(list).toMatchObject({ announcedCount: 7, foundCount: 7, countMismatch: false, speakerName: '王国强' });
      expect(m.segments.size).toBe(10);
      expect(m.stats.repeatedSeq).toBe(0);
    }
  });

  it('stores acks idempotently and shows them on the host board', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const f = await setupMeeting(server.url, 2);
    const host = await client(f.host.token);
    const hostMirror = new MeetingMirror(host);
    const venue = new MeetingMirror(await client(f.venues[0]!.token));
    await venue.until(() => venue.lastSeq !== null);
    await speak(f, host, scripted, sevenPointsUtterances().slice(0, 5));
    await venue.until(() => venue.orderedRequirements().length >= 1);
    const req = venue.orderedRequirements()[0]!;
    const first = unwrap(await command(venue.socket, 'ack:submit', { requirementId: req.id, kind: 'received' }));
    expect(first.duplicate).toBe(false);
    const again = await Promise.all([1, 2, 3].map(() => command(venue.socket, 'ack:submit', { requirementId: req.id, kind: 'received' })));
    expect(again.map((r) => unwrap(r).duplicate)).toEqual([true, true, true]);
    expect(unwrap(again[0]!).ack.at).toBe(first.ack.at);
    unwrap(await command(venue.socket, 'ack:submit', { requirementId: req.id, kind: 'relayed' }));
    expect(await server.app.store.acks.list(f.created.meeting.id)).toHaveLength(2);
    await hostMirror.until(() => hostMirror.acks.size === 2);
    expect(hostMirror.applied.filter((e) => e.type === 'ack:recorded')).toHaveLength(2);
    const board = await api<BoardReply>(server.url, 'GET', `/api/meetings/${f.created.meeting.id}/board`, undefined, f.host.token);
    const row = board.body.rows.find((r) => r.requirementId === req.id)!;
    expect(Object.keys(row.received)).toEqual([f.venues[0]!.venue.id]);
    // the prefecture venue and the second county have not acknowledged
    expect(row.missing).toHaveLength(2);
    expect(row.missing).toContain(f.venues[1]!.venue.id);
    expect(row.missing).not.toContain(f.venues[0]!.venue.id);
    const unknownReq = await command(venue.socket, 'ack:submit', { requirementId: 'nope', kind: 'received' });
    expect(!unknownReq.ok && unknownReq.error.code).toBe('not_found');
  });

  it('keeps meetings apart: a venue of B receives nothing of A and cannot ack A', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const a = await setupMeeting(server.url, 1);
    const b = await setupMeeting(server.url, 1);
    const bVenue = await client(b.venues[0]!.token);
    const seenByB: MeetingEvent[] = [];
    bVenue.on('meeting:event', (e) => seenByB.push(e));
    let interims = 0;
    bVenue.on('transcript:interim', () => (interims += 1));
    const aVenue = new MeetingMirror(await client(a.venues[0]!.token));
    const host = await client(a.host.token);
    await speak(a, host, scripted, sevenPointsUtterances().slice(0, 4));
    await aVenue.until(() => aVenue.orderedRequirements().length >= 1);
    const reqId = aVenue.orderedRequirements()[0]!.id;
    const r = await command(bVenue, 'ack:submit', { requirementId: reqId, kind: 'received' });
    expect(!r.ok && r.error.code).toBe('not_found');
    const snap = unwrap(await command(bVenue, 'sync', { lastSeq: null }));
    expect(snap.kind === 'snapshot' && snap.snapshot.requirements).toEqual([]);
    expect(seenByB).toEqual([]);
    expect(interims).toBe(0);
  });

  it('replays exactly the missed events after a server restart on the same database', async () => {
    const scripted = createScriptedTranscription();
    let server = await harness.start({ transcription: scripted });
    const dataFile = server.dataFile;
    const f = await setupMeeting(server.url, 1);
    const host = await client(f.host.token);
    const venueSocket = await client(f.venues[0]!.token);
    const venue = new MeetingMirror(venueSocket);
    await venue.until(() => venue.lastSeq !== null);
    await speak(f, host, scripted, sevenPointsUtterances().slice(0, 4));
    await venue.until(() => venue.orderedRequirements().length >= 1);
    const ackedId = venue.orderedRequirements()[0]!.id;
    unwrap(await command(venueSocket, 'ack:submit', { requirementId: ackedId, kind: 'received' }));
    venueSocket.disconnect();
    const seenBefore = venue.lastSeq!;
    // more happens while the venue is away, then the server goes down
    for (const u of sevenPointsUtterances().slice(4)) scripted.say(f.created.meeting.id, u);

    await server.close();
    // Read once the server is down: the transcript is stored in the background, up to its close.
    const stopped = await openStoreOf(dataFile);
    const seqBeforeRestart = await stopped.events.lastSeq(f.created.meeting.id);
    await stopped.database.close();

    const scripted2 = createScriptedTranscription();
    server = await harness.start({ dataFile, transcription: scripted2 });
    // the boot-time rebuild of the extractor from the stored transcript emitted nothing new
    expect(await server.app.store.events.lastSeq(f.created.meeting.id)).toBe(seqBeforeRestart);
    const host2 = await client(f.host.token);
    const staffReplay = unwrap(await command(host2, 'sync', { lastSeq: 0 }));
    expect(staffReplay.kind).toBe('events');
    const all = staffReplay.kind === 'events' ? staffReplay.events : [];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const venue2 = await client(f.venues[0]!.token);
    const reply = unwrap(await command(venue2, 'sync', { lastSeq: seenBefore }));
    expect(reply.kind).toBe('events');
    const missed = reply.kind === 'events' ? reply.events : [];
    const expected = all.filter((e) => e.seq > seenBefore && (e.audience === 'all' || (e.type === 'ack:recorded' && e.payload.ack.venueId === f.venues[0]!.venue.id)));
    expect(missed.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
    expect(missed.length).toBeGreaterThan(5);
    // end the meeting after the restart: the rebuilt extractor closes the list with all seven
    unwrap(await command(host2, 'meeting:end', {}));
    const mirror = new MeetingMirror(venue2);
    await mirror.until(() => mirror.orderedRequirements().length === 7, 10_000, 'seven after restart');
    expect(mirror.orderedRequirements().map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(mirror.orderedRequirements().map((r) => r.id)).size).toBe(7);
    expect((await server.app.store.acks.list(f.created.meeting.id)).map((a) => a.requirementId)).toEqual([ackedId]);
  });
});
