/**
 * The live requirement rules over real socket.io (loopback) and a real SQLite file, with the real
 * extractor: provisional items from interims reach venues before the final and are retracted when
 * the final does not bear them out; acknowledgements are per version (re-confirmation after a
 * change); gaps are reported and filled by hand; split/merge renumber and undo; a segment
 * correction re-runs extraction; everything replays on reconnect.
 */
import { describe, expect, it } from 'vitest';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { Requirement } from '../shared/protocol/domain.ts';
import { api, command, setupMeeting, snapshotWhenAllowed, unwrap, useTestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { createSteppedTranscription } from './helpers/stepped-transcription.ts';

const harness = useTestServer();

/** Host, secretary and one venue connected; the meeting live with the host's audio open. */
async function liveMeeting(publishMode: 'auto' | 'review' = 'auto') {
  const asr = createSteppedTranscription();
  const server = await harness.start({ transcription: asr });
  const f = await setupMeeting(server.url, 2, { publishMode });
  const meetingId = f.created.meeting.id;
  const host = await harness.client(f.host.token);
  const sec = new MeetingMirror(await harness.client(f.secretary.token));
  const venue = new MeetingMirror(await harness.client(f.venues[0]!.token));
  await venue.until(() => venue.lastSeq !== null);
  await sec.until(() => sec.lastSeq !== null);
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  const say = (...texts: string[]) => texts.forEach((t) => asr.say(meetingId, t));
  return { asr, server, f, meetingId, host, sec, venue, say };
}

const markers = (rs: Requirement[]) => rs.filter((r) => r.parentId === null).map((r) => r.marker);
const U = sevenPointsUtterances();

interface BoardBody {
  rows: { requirementId: string; marker: string; version: number; missing: string[]; stale: string[] }[];
  gaps: { listId: string; missing: number[]; message: string }[];
}

describe('provisional items and retraction', () => {
  it('an interim puts the next point on the venue before its final; an empty final retracts it on the venue', async () => {
    const { asr, meetingId, venue, sec, say } = await liveMeeting();
    say(U[0]!, U[1]!, U[2]!);
    await venue.until(() => markers(venue.orderedRequirements()).join() === '第一', 5000, '第一');
    // The speaker says "第二，要走访听取意见。" and pauses: the interim alone publishes it.
    asr.interim(meetingId, '第二，要走访听取意见。');
    await venue.until(() => venue.orderedRequirements().length === 2, 5000, 'provisional 第二 at venue');
    const second = venue.orderedRequirements()[1]!;
    expect(second).toMatchObject({ marker: '第二', provisional: true, fields: { headline: '要走访听取意见' } });
    // The venue acknowledges it right away; the final then confirms the very same item.
    unwrap(await command(venue.socket, 'ack:submit', { requirementId: second.id, kind: 'received', version: second.version }));
    asr.final(meetingId, U[3]!);
    await venue.until(() => venue.requirements.get(second.id)?.provisional === false, 5000, 'confirmed');

    // Next: an interim says 第三, but the final comes back empty (the recogniser could not confirm it).
    asr.interim(meetingId, '第三，要真抓实改问题。');
    await venue.until(() => venue.orderedRequirements().length === 3, 5000, 'provisional 第三');
    const third = venue.orderedRequirements()[2]!;
    unwrap(await command(venue.socket, 'ack:submit', { requirementId: third.id, kind: 'received' }));
    asr.final(meetingId, '');
    await venue.until(() => venue.requirements.get(third.id)?.retractedAt != null, 5000, 'retracted at venue');
    expect(venue.applied.some((e) => e.type === 'requirement:retracted')).toBe(true);
    expect(markers(venue.orderedRequirements())).toEqual(['第一', '第二']);
    // Acknowledging a retracted item is refused; after a reload the venue still sees what it had confirmed was withdrawn.
    const late = await command(venue.socket, 'ack:submit', { requirementId: third.id, kind: 'relayed' });
    expect(!late.ok && late.error.code).toBe('conflict');
    const edit = await command(sec.socket, 'requirement:edit', { requirementId: third.id, fields: { headline: '改' } });
    expect(!edit.ok && edit.error.code).toBe('conflict');
    const snap = await snapshotWhenAllowed(venue.socket);
    expect(snap.requirements.find((r) => r.id === third.id)?.retractedAt).not.toBeNull();
    expect(snap.acks.map((a) => a.requirementId)).toContain(third.id);
  });
});

describe('acknowledgements per version', () => {
  it('a changed item counts as unconfirmed again until the venue re-confirms the new version', async () => {
    const { server, f, meetingId, sec, venue, say } = await liveMeeting();
    say(...U.slice(0, 5));
    // The second item opens and the first closes in separate commits: wait for both.
    await venue.until(() => venue.orderedRequirements().length >= 2 && venue.orderedRequirements()[0]!.closed, 5000, 'two items, the first closed');
    const first = venue.orderedRequirements()[0]!;
    unwrap(await command(venue.socket, 'ack:submit', { requirementId: first.id, kind: 'received', version: first.version }));
    const board = async () => (await api<BoardBody>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token)).body;
    const venueId = f.venues[0]!.venue.id;
    expect((await board()).rows[0]!.missing).not.toContain(venueId);

    const edited = unwrap(await command(sec.socket, 'requirement:edit', { requirementId: first.id, fields: { deadline: '本周五前' } }));
    expect(edited.requirement.version).toBe(first.version + 1);
    await venue.until(() => venue.requirements.get(first.id)?.version === first.version + 1, 5000, 'new version at venue');
    let row = (await board()).rows[0]!;
    expect(row.missing).toContain(venueId);
    expect(row.stale).toEqual([venueId]);

    // A late retry of the old version changes nothing; the new version is stored once.
    const retry = unwrap(await command(venue.socket, 'ack:submit', { requirementId: first.id, kind: 'received', version: first.version }));
    expect(retry).toMatchObject({ duplicate: true, ack: { version: first.version } });
    const ahead = await command(venue.socket, 'ack:submit', { requirementId: first.id, kind: 'received', version: 99 });
    expect(!ahead.ok && ahead.error.code).toBe('conflict');
    const again = unwrap(await command(venue.socket, 'ack:submit', { requirementId: first.id, kind: 'received', version: edited.requirement.version }));
    expect(again).toMatchObject({ duplicate: false, ack: { version: edited.requirement.version } });
    await sec.until(() => [...sec.acks.values()].some((a) => a.requirementId === first.id && a.version === edited.requirement.version), 5000, 'ack at staff');
    row = (await board()).rows[0]!;
    expect(row.missing).not.toContain(venueId);
    expect(row.stale).toEqual([]);
  });
});

describe('gaps and manual add', () => {
  it('reports 第三 missing as soon as 第四 appears; the secretary adds it by hand in the right place', async () => {
    const { server, f, meetingId, sec, venue, say } = await liveMeeting();
    // 第三 (utterance 5) was never recognised.
    say(...U.slice(0, 4), ...U.slice(5, 7));
    await venue.until(() => markers(venue.orderedRequirements()).includes('第四'), 5000, '第四');
    const board = async () => (await api<BoardBody>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, f.host.token)).body;
    const { gaps } = await board();
    expect(gaps).toEqual([expect.objectContaining({ missing: [3], message: '第三点可能漏识别' })]);
    const listId = gaps[0]!.listId;

    // Validated like every command.
    const bad = await command(sec.socket, 'requirement:add', { listId, ordinal: 0, fields: { headline: '' } });
    expect(!bad.ok && bad.error.code).toBe('bad_request');
    const foreign = await command(sec.socket, 'requirement:add', { listId: 'no-such-list', fields: { headline: '要真抓实改问题' } });
    expect(!foreign.ok && foreign.error.code).toBe('not_found');
    const byVenue = await command(venue.socket, 'requirement:add', { listId, fields: { headline: '要真抓实改问题' } });
    expect(!byVenue.ok && byVenue.error.code).toBe('forbidden');

    const added = unwrap(await command(sec.socket, 'requirement:add', {
      listId, ordinal: 3, fields: { headline: '要真抓实改问题', text: '要真抓实改问题。' }, segmentId: [...sec.segments.keys()][0],
    }));
    expect(added.requirement).toMatchObject({ marker: '第三', ordinal: 3, origin: 'manual', status: 'published' });
    await venue.until(() => venue.requirements.has(added.requirement.id), 5000, 'added at venue');
    expect(markers(venue.orderedRequirements()).slice(0, 5)).toEqual(['第一', '第二', '第三', '第四', '第五']);
    expect((await board()).gaps).toEqual([]);
  });
});

describe('split, merge and undo', () => {
  it('renumber the list consistently (no two 第五) and undo restores it', async () => {
    const { sec, venue, say } = await liveMeeting();
    say(...U);
    await venue.until(() => venue.orderedRequirements().length === 7 && venue.orderedRequirements().every((r) => !r.provisional), 5000, 'seven');
    const SEVEN = ['第一', '第二', '第三', '第四', '第五', '第六', '第七'];
    expect(markers(venue.orderedRequirements())).toEqual(SEVEN);
    const fifth = venue.orderedRequirements()[4]!;
    const at = fifth.fields.text.indexOf('。') + 1;
    const split = unwrap(await command(sec.socket, 'requirement:split', { requirementId: fifth.id, at }));
    expect(split.created).toMatchObject({ marker: '第六', ordinal: 6, origin: 'split' });
    await venue.until(() => venue.orderedRequirements().length === 8, 5000, 'split at venue');
    expect(markers(venue.orderedRequirements())).toEqual([...SEVEN, '第八']);
    expect(venue.orderedRequirements().map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    unwrap(await command(sec.socket, 'requirement:undo', { undoId: split.undoId }));
    await venue.until(() => venue.orderedRequirements().length === 7, 5000, 'split undone');
    expect(markers(venue.orderedRequirements())).toEqual(SEVEN);
    expect(venue.requirements.get(fifth.id)?.fields.text).toBe(fifth.fields.text);
    const twice = await command(sec.socket, 'requirement:undo', { undoId: split.undoId });
    expect(!twice.ok && twice.error.code).toBe('conflict');

    const [, , , , five, six] = venue.orderedRequirements();
    const merged = unwrap(await command(sec.socket, 'requirement:merge', { requirementIds: [five!.id, six!.id] }));
    await venue.until(() => venue.orderedRequirements().length === 6, 5000, 'merge at venue');
    expect(markers(venue.orderedRequirements())).toEqual(SEVEN.slice(0, 6));
    unwrap(await command(sec.socket, 'requirement:undo', { undoId: merged.undoId }));
    await venue.until(() => venue.orderedRequirements().length === 7, 5000, 'merge undone');
    expect(markers(venue.orderedRequirements())).toEqual(SEVEN);
    expect(venue.requirements.get(six!.id)?.status).toBe('published');
    // Replaying every event from the start lands on the same numbering.
    const replay = unwrap(await command(venue.socket, 'sync', { lastSeq: 0 }));
    if (replay.kind !== 'events') throw new Error('expected events');
    const last = new Map<string, Requirement>();
    for (const e of replay.events) {
      if (e.type === 'requirement:merged') [e.payload.into, ...e.payload.removed].forEach((r) => last.set(r.id, r));
      else if (e.type === 'requirement:split') [e.payload.source, e.payload.created].forEach((r) => last.set(r.id, r));
      else if ('requirement' in e.payload) last.set(e.payload.requirement.id, e.payload.requirement);
    }
    const replayed = [...last.values()].filter((r) => r.status !== 'withdrawn' && r.retractedAt === null).sort((a, b) => a.sortKey - b.sortKey);
    expect(replayed.map((r) => r.marker)).toEqual(SEVEN);
  });
});

describe('corrections flow through', () => {
  it('correcting a misheard 第三 re-runs extraction: venues get the new item, later items keep their identity and acks', async () => {
    const { sec, venue, say } = await liveMeeting();
    say(U[0]!, U[1]!, U[3]!, '低三，要真抓实改问题。', U[5]!, U[6]!);
    await venue.until(() => markers(venue.orderedRequirements()).join() === '第一,第二,第四,第五', 5000, 'four items');
    const fourth = venue.orderedRequirements()[2]!;
    unwrap(await command(venue.socket, 'ack:submit', { requirementId: fourth.id, kind: 'received' }));
    const wrong = [...sec.segments.values()].find((s) => s.text.startsWith('低三'))!;
    const reply = unwrap(await command(sec.socket, 'segment:edit', { segmentId: wrong.id, text: '第三，要真抓实改问题。' }));
    expect(reply.reextraction).toEqual({ added: 1, updated: 1, retracted: 0, kept: 0 });
    await venue.until(() => markers(venue.orderedRequirements()).join() === '第一,第二,第三,第四,第五', 5000, 'corrected at venue');
    expect(venue.orderedRequirements()[3]).toMatchObject({ id: fourth.id, version: fourth.version });
    expect(venue.segments.get(wrong.id)?.text).toBe('第三，要真抓实改问题。');
    // A venue joining now (snapshot) and one replaying from before the correction agree.
    const fresh = { snapshot: await snapshotWhenAllowed(venue.socket) };
    expect(fresh.snapshot.requirements.filter((r) => r.retractedAt === null).map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五']);
  });
});
