/** Secretary edits and review mode over real sockets, with the real extractor. */
import { describe, expect, it } from 'vitest';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import type { AuditEntry } from '../shared/protocol/rest.ts';
import { api, command, commandWhenAllowed, setupMeeting, snapshotWhenAllowed, unwrap, useTestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

const harness = useTestServer();
const client = (token: string) => harness.client(token);

/** One venue; host, secretary and venue connected; the meeting live with the host's audio open. */
async function liveMeeting(publishMode: 'auto' | 'review') {
  const scripted = createScriptedTranscription();
  const server = await harness.start({ transcription: scripted });
  const f = await setupMeeting(server.url, 1, { publishMode });
  const meetingId = f.created.meeting.id;
  const host = await client(f.host.token);
  const sec = new MeetingMirror(await client(f.secretary.token));
  const venue = new MeetingMirror(await client(f.venues[0]!.token));
  await venue.until(() => venue.lastSeq !== null);
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  return { scripted, server, f, meetingId, host, sec, venue };
}

describe('secretary', () => {
  it('edits reach venues live, survive machine updates, and are audited', async () => {
    const { scripted, server, f, meetingId, host, sec, venue } = await liveMeeting('auto');
    const utterances = sevenPointsUtterances();
    for (const u of utterances.slice(0, 3)) scripted.say(meetingId, u);
    await sec.until(() => sec.orderedRequirements().length === 1);
    const first = sec.orderedRequirements()[0]!;

    // edit the headline and the deadline while the item is still growing
    const edited = unwrap(await command(sec.socket, 'requirement:edit', { requirementId: first.id, fields: { headline: '精心组织部署（修改）', deadline: '本周五' } }));
    expect(edited.requirement.editedFields).toEqual(['deadline', 'headline']);
    await venue.until(() => venue.requirements.get(first.id)?.fields.headline === '精心组织部署（修改）', 5000, 'edit at venue');
    // the machine keeps working on the item; the edited fields stay
    for (const u of utterances.slice(3, 7)) scripted.say(meetingId, u);
    await venue.until(() => venue.orderedRequirements().length >= 3, 5000, 'more items');
    const after = venue.requirements.get(first.id)!;
    expect(after.fields.headline).toBe('精心组织部署（修改）');
    expect(after.fields.deadline).toBe('本周五');
    expect(after.machine.headline).toBe('要精心组织部署');
    // the machine closed the item after the edit (a machine update), and the edits stayed on top
    expect(first.closed).toBe(false);
    expect(after.closed).toBe(true);

    // segment edit
    const seg = [...sec.segments.values()][0]!;
    unwrap(await command(sec.socket, 'segment:edit', { segmentId: seg.id, text: '下面，我就推进“两为整治”工作讲七点要求。' }));
    await venue.until(() => venue.segments.get(seg.id)?.text.includes('“两为整治”') ?? false, 5000, 'segment edit');
    expect(venue.segments.get(seg.id)!.originalText).toBe(seg.originalText);

    // split, then merge back, then withdraw
    const second = venue.orderedRequirements()[1]!;
    const split = unwrap(await command(sec.socket, 'requirement:split', { requirementId: second.id, at: 4 }));
    expect(split.source.fields.text).toHaveLength(4);
    await venue.until(() => venue.requirements.has(split.created.id), 5000, 'split at venue');
    const order = venue.orderedRequirements().map((r) => r.id);
    expect(order.indexOf(split.created.id)).toBe(order.indexOf(second.id) + 1);
    const merged = unwrap(await command(sec.socket, 'requirement:merge', { requirementIds: [second.id, split.created.id] }));
    expect(merged.requirement.fields.text).toBe(split.source.fields.text + split.created.fields.text);
    await venue.until(() => venue.requirements.get(split.created.id)?.status === 'withdrawn', 5000, 'merge at venue');
    unwrap(await command(sec.socket, 'requirement:withdraw', { requirementId: first.id }));
    await venue.until(() => !venue.orderedRequirements().some((r) => r.id === first.id), 5000, 'withdraw at venue');
    const list = [...venue.lists.values()][0]!;
    expect(list.foundCount).toBe(venue.orderedRequirements().filter((r) => r.parentId === null).length);

    const bad = await command(sec.socket, 'requirement:split', { requirementId: second.id, at: 100_000 });
    expect(!bad.ok && bad.error.code).toBe('bad_request');
    const audit = await api<{ entries: AuditEntry[] }>(server.url, 'GET', `/api/meetings/${meetingId}/audit`, undefined, f.secretary.token);
    expect(audit.body.entries.map((e) => e.action)).toEqual([
      'requirement:edit', 'segment:edit', 'requirement:split', 'requirement:merge', 'requirement:withdraw',
    ]);
    expect(audit.body.entries[0]).toMatchObject({ role: 'secretary', targetId: first.id });
    expect((await api(server.url, 'GET', `/api/meetings/${meetingId}/audit`, undefined, f.venues[0]!.token)).status).toBe(403);
  });

  it('review mode: drafts stay with staff until published; venues keep a consistent chain', async () => {
    const { scripted, f, meetingId, host, sec, venue } = await liveMeeting('review');
    for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
    unwrap(await command(host, 'meeting:end', {}));
    await sec.until(() => sec.orderedRequirements().length === 7, 5000, 'drafts at staff');
    expect(sec.orderedRequirements().every((r) => r.status === 'draft')).toBe(true);
    await venue.until(() => venue.segments.size === 10, 5000, 'segments at venue');
    expect(venue.requirements.size).toBe(0);
    expect((await snapshotWhenAllowed(venue.socket)).requirements).toHaveLength(0);

    // Right after a snapshot the venue's budget may be empty for a moment: retried like a real client.
    const ack = await commandWhenAllowed(venue.socket, 'ack:submit', { requirementId: sec.orderedRequirements()[0]!.id, kind: 'received' });
    expect(!ack.ok && ack.error.code).toBe('not_found');
    // The meeting has ended: its record is locked until the secretary reopens it for corrections.
    const locked = await command(sec.socket, 'requirement:publish', { requirementId: sec.orderedRequirements()[0]!.id });
    expect(!locked.ok && locked.error.code).toBe('meeting_closed');
    expect(unwrap(await command(sec.socket, 'meeting:reopen', {})).meeting).toMatchObject({ status: 'ended', reopenedForCorrections: true });
    for (const r of sec.orderedRequirements().slice(0, 3)) unwrap(await command(sec.socket, 'requirement:publish', { requirementId: r.id }));
    await venue.until(() => venue.orderedRequirements().length === 3, 5000, 'published at venue');
    expect(venue.orderedRequirements().map((r) => r.marker)).toEqual(['第一', '第二', '第三']);
    // venues skipped staff-only events without ever seeing a gap
    expect(venue.stats.gaps).toBe(0);
    expect(venue.stats.snapshots).toBe(1);
  });
});
