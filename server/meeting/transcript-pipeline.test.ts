/**
 * Transcript pipeline on a real SQLite file with the real extractor: speaker turns attribute
 * first-person lead-ins to the speaker who was talking, and a restart rebuilds the same turns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExtractor } from '../../shared/extraction/index.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { openDatabase } from '../db/database.ts';
import { createStore } from '../db/store.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { createSequencer } from './sequencer.ts';
import { createTranscriptPipeline } from './transcript-pipeline.ts';

/** Two leaders in turn, each in the first person, as a live meeting's final segments. */
const FIRST_TURN = [
  '下面，我就做好冬季治安防控工作讲三点意见。',
  '第一，要提高政治站位。各分县局要迅速传达会议精神。',
  '第二，要强化巡逻防控。各派出所要加强街面巡逻。',
  '第三，要严明工作纪律。',
];
const SECOND_TURN = [
  '刚才王厅长作了重要讲话，我再强调两点。',
  '一是要抓好贯彻落实。各单位要在本周五前报送方案。',
  '二是要加强督导检查。',
  '好，我就讲这些。',
];

const MEETING: Meeting = {
  id: 'm1', title: '全省冬季治安防控工作电视电话会议', organiser: '省公安厅', scheduledAt: '2026-11-22T09:00:00+08:00',
  status: 'live', publishMode: 'auto', glossary: [], createdAt: '2026-11-22T00:00:00.000Z', startedAt: null, endedAt: null,
  speakers: [{ id: 'sp1', name: '王国强', role: '副厅长' }, { id: 'sp2', name: '吁小平', role: '常务副局长' }],
  currentSpeakerId: 'sp1',
};

function open(file: string) {
  const db = openDatabase(file);
  const store = createStore(db);
  const sequencer = createSequencer(store, () => silentBroadcaster);
  const pipeline = createTranscriptPipeline({ store, sequencer, createExtractor });
  return { db, store, pipeline };
}

function speak(ctx: ReturnType<typeof open>, texts: string[], from: number): void {
  texts.forEach((text, i) => {
    const n = from + i;
    ctx.pipeline.onFinal('m1', { id: `s${n}`, startMs: n * 5000, endMs: n * 5000 + 4000, text });
  });
}

describe('transcript pipeline speaker turns', () => {
  it('attributes each first-person list to the speaker talking, and rebuilds the same turns after a restart', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pipeline-')), 'luoshi.db');
    const live = open(file);
    live.store.meetings.insert(MEETING);
    speak(live, FIRST_TURN, 0);
    live.store.meetings.save({ ...MEETING, currentSpeakerId: 'sp2' });
    speak(live, SECOND_TURN, FIRST_TURN.length);

    const lists = live.store.requirements.lists('m1');
    expect(lists.map((l) => [l.index, l.speakerName, l.speakerRole, l.announcedCount])).toEqual([
      [0, '王国强', '副厅长', 3],
      [1, '吁小平', '常务副局长', 2],
    ]);
    // The first speaker's list was closed when the second speaker began.
    expect(lists[0]!.closed).toBe(true);
    const headlines = (listId: string) => live.store.requirements.list('m1').filter((r) => r.listId === listId).map((r) => r.machine.headline);
    expect(headlines(lists[0]!.id)).toEqual(['要提高政治站位', '要强化巡逻防控', '要严明工作纪律']);
    expect(headlines(lists[1]!.id)).toEqual(['要抓好贯彻落实', '要加强督导检查']);
    expect(live.store.segments.list('m1').map((s) => s.speakerId)).toEqual([...FIRST_TURN.map(() => 'sp1'), ...SECOND_TURN.map(() => 'sp2')]);
    const seq = live.store.events.lastSeq('m1');
    live.db.close();

    // Restart: the stored transcript is replayed turn by turn and lands on the stored state.
    const again = open(file);
    expect(again.pipeline.resume('m1')).toBe(0);
    expect(again.store.events.lastSeq('m1')).toBe(seq);
    again.pipeline.endMeeting('m1');
    const closed = again.store.requirements.lists('m1');
    expect(closed.map((l) => [l.index, l.closed, l.foundCount])).toEqual([[0, true, 3], [1, true, 2]]);
    again.db.close();
  });
});
