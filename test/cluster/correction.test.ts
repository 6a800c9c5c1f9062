/**
 * Issue 15: a secretary on node 1 corrects the live transcript while node 0 holds the ASR lease and
 * runs the meeting's extractor. The correction is re-extracted on node 1; node 0 must continue from
 * the corrected transcript, not from its own copy of the text it heard: the speech goes on and
 * every point ends where a single node puts it.
 */
import { describe, expect, it } from 'vitest';
import { MeetingMirror } from '../../server/protocol-client/meeting-mirror.ts';
import type { Requirement } from '../../shared/protocol/domain.ts';
import { CLUSTER_AVAILABLE, useClusters } from '../helpers/cluster.ts';
import { command, setupMeeting, unwrap } from '../helpers/server.ts';
import { sevenPointsUtterances } from '../helpers/speech.ts';
import { createSteppedTranscription } from '../helpers/stepped-transcription.ts';

const harness = useClusters();

async function mirror(url: string, token: string): Promise<MeetingMirror> {
  const m = new MeetingMirror(await harness.client(url, token));
  await m.until(() => m.lastSeq !== null, 10_000, 'initial sync');
  return m;
}

const live = (rs: Requirement[]) => rs.filter((r) => r.parentId === null && r.retractedAt === null);
const U = sevenPointsUtterances();

describe.skipIf(!CLUSTER_AVAILABLE)('a live correction on another node', () => {
  it('reaches the extractor of the node that transcribes: later points land after the corrected one', async () => {
    const asr = createSteppedTranscription();
    const cluster = await harness.start(2, { transcription: asr });
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const f = await setupMeeting(a.url, 2);
    const meetingId = f.created.meeting.id;
    const host = await harness.client(a.url, f.host.token);
    const sec = await mirror(b.url, f.secretary.token);
    const venue = await mirror(b.url, f.venues[0]!.token);
    unwrap(await command(host, 'meeting:start', {}));
    unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
    const say = (...texts: string[]) => texts.forEach((t) => asr.say(meetingId, t));

    say(U[0]!, U[1]!, U[3]!, '低三，要真抓实改问题。', U[5]!, U[6]!);
    await venue.until(() => live(venue.orderedRequirements()).map((r) => r.marker).join() === '第一,第二,第四,第五', 10_000, 'four items');
    const wrong = [...sec.segments.values()].find((s) => s.text.startsWith('低三'))!;
    const reply = unwrap(await command(sec.socket, 'segment:edit', { segmentId: wrong.id, text: '第三，要真抓实改问题。' }));
    expect(reply.reextraction).toEqual({ added: 1, updated: 1, retracted: 0, kept: 0 });
    await venue.until(() => live(venue.orderedRequirements()).length === 5, 10_000, 'corrected at venue');
    const before = new Map(live(venue.orderedRequirements()).map((r) => [r.marker, r]));

    // The speech goes on at node 0.
    say(U[7]!, U[8]!, U[9]!);
    await venue.until(() => live(venue.orderedRequirements()).length === 7, 10_000, 'seven items');
    await a.app.transcriptSettled();
    await venue.until(() => venue.lastSeq === sec.lastSeq, 10_000, 'venue caught up');
    const after = live(venue.orderedRequirements());
    expect(after.map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    expect(after.map((r) => r.fields.headline)).toEqual(['要精心组织部署', '要走访听取意见', '要真抓实改问题', '要加强队伍管理', '要形成宣传声势', '要组织民警参与', '要严肃追究问责']);
    // The items that existed before kept their identity; the new ones are new.
    for (const r of after.slice(0, 5)) expect(r.id).toBe(before.get(r.marker)!.id);
    expect(venue.stats.repeatedSeq).toBe(0);
  });
});
