/**
 * Transcript pipeline on a real SQLite file with the real extractor: speaker turns attribute
 * first-person lead-ins to the speaker who was talking, a restart rebuilds the same turns,
 * interims publish provisional items (rate-limited) that finals confirm or retract, and a
 * corrected segment re-runs extraction for its turn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createExtractor } from '../../shared/extraction/index.ts';
import type { ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { openDatabase } from '../db/database.ts';
import { isLive } from '../db/repositories/requirements.ts';
import { createStore } from '../db/store.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { TURN_LIST_STRIDE } from './requirement-writer.ts';
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
/** A speech whose 第三 was misheard as 低三 (so it ran into 第二's text). */
const MISHEARD = [
  '下面，我就推进两为整治工作讲七点要求。',
  '第一，要精心组织部署。各单位要抓好宣传发动工作。',
  '第二，要走访听取意见。到十月三十号，这项工作就要全部完成。',
  '低三，要真抓实改问题。',
  '第四，要加强队伍管理。',
  '第五，要形成宣传声势。市局宣传部门要加强与各分县局的联系。',
];

const MEETING: Meeting = {
  id: 'm1', title: '全省冬季治安防控工作电视电话会议', organiser: '省公安厅', scheduledAt: '2026-11-22T09:00:00+08:00',
  status: 'live', publishMode: 'auto', glossary: [], createdAt: '2026-11-22T00:00:00.000Z', startedAt: null, endedAt: null, reopenedForCorrections: false,
  speakers: [{ id: 'sp1', name: '王国强', role: '副厅长' }, { id: 'sp2', name: '吁小平', role: '常务副局长' }],
  currentSpeakerId: 'sp1',
};

function open(file: string, opts: { peekIntervalMs?: number; clock?: () => number } = {}) {
  const db = openDatabase(file);
  const store = createStore(db);
  const sequencer = createSequencer(store, silentBroadcaster);
  let peeks = 0;
  const counting = (o?: ExtractorOptions) => {
    const ex = createExtractor(o);
    return { ...ex, peek: (tail: string) => ((peeks += 1), ex.peek(tail)) };
  };
  const pipeline = createTranscriptPipeline({ store, sequencer, createExtractor: counting, peekIntervalMs: opts.peekIntervalMs ?? 0, ...(opts.clock ? { clock: opts.clock } : {}) });
  return { db, store, pipeline, sequencer, peeks: () => peeks };
}

const tempFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pipeline-')), 'luoshi.db');

function speak(ctx: ReturnType<typeof open>, texts: string[], from: number): void {
  texts.forEach((text, i) => {
    const n = from + i;
    ctx.pipeline.onFinal('m1', { id: `s${n}`, startMs: n * 5000, endMs: n * 5000 + 4000, text });
  });
}

const live = (ctx: ReturnType<typeof open>) => ctx.store.requirements.list('m1').filter(isLive);
const eventTypes = (ctx: ReturnType<typeof open>, afterSeq: number) => ctx.store.events.since('m1', afterSeq, 1000).map((e) => e.event.type);

afterEach(() => {
  vi.useRealTimers();
});

describe('transcript pipeline speaker turns', () => {
  it('attributes each first-person list to the speaker talking, and rebuilds the same turns after a restart', () => {
    const file = tempFile();
    const ctx = open(file);
    ctx.store.meetings.insert(MEETING);
    speak(ctx, FIRST_TURN, 0);
    ctx.store.meetings.save({ ...MEETING, currentSpeakerId: 'sp2' });
    speak(ctx, SECOND_TURN, FIRST_TURN.length);

    const lists = ctx.store.requirements.lists('m1');
    expect(lists.map((l) => [l.index, l.speakerName, l.speakerRole, l.announcedCount])).toEqual([
      [0, '王国强', '副厅长', 3],
      [TURN_LIST_STRIDE, '吁小平', '常务副局长', 2],
    ]);
    // The first speaker's list was closed when the second speaker began.
    expect(lists[0]!.closed).toBe(true);
    const headlines = (listId: string) => ctx.store.requirements.list('m1').filter((r) => r.listId === listId).map((r) => r.machine.headline);
    expect(headlines(lists[0]!.id)).toEqual(['要提高政治站位', '要强化巡逻防控', '要严明工作纪律']);
    expect(headlines(lists[1]!.id)).toEqual(['要抓好贯彻落实', '要加强督导检查']);
    expect(ctx.store.segments.list('m1').map((s) => s.speakerId)).toEqual([...FIRST_TURN.map(() => 'sp1'), ...SECOND_TURN.map(() => 'sp2')]);
    const seq = ctx.store.events.lastSeq('m1');
    ctx.db.close();

    // Restart: the stored transcript is replayed turn by turn and lands on the stored state.
    const again = open(file);
    expect(again.pipeline.resume('m1')).toBe(0);
    expect(again.store.events.lastSeq('m1')).toBe(seq);
    again.pipeline.endMeeting('m1');
    const closed = again.store.requirements.lists('m1');
    expect(closed.map((l) => [l.index, l.closed, l.foundCount])).toEqual([[0, true, 3], [TURN_LIST_STRIDE, true, 2]]);
    again.db.close();
  });
});

describe('interims: provisional items', () => {
  it('an interim publishes the next point at once; its final confirms the same item', () => {
    const ctx = open(tempFile());
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD.slice(0, 2), 0);
    speak(ctx, ['各分县局要制定本单位的方案，逐层逐级发到各个基层单位。'], 2);
    expect(live(ctx).map((r) => r.marker)).toEqual(['第一']);
    const seq = ctx.store.events.lastSeq('m1');
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '第二，要走访听取意见。' });
    expect(eventTypes(ctx, seq)).toContain('requirement:opened');
    const second = live(ctx)[1]!;
    expect(second).toMatchObject({ marker: '第二', provisional: true, fields: { headline: '要走访听取意见' } });
    speak(ctx, ['第二，要走访听取意见。到十月三十号，这项工作就要全部完成。'], 3);
    expect(ctx.store.requirements.get(second.id)).toMatchObject({ provisional: false, retractedAt: null });
    expect(live(ctx)).toHaveLength(2);
  });

  it('an empty final (the recogniser could not confirm the interim) retracts it; empty interims change nothing', () => {
    const ctx = open(tempFile());
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD.slice(0, 3), 0);
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三，要真抓实改问题。' });
    expect(live(ctx).map((r) => [r.marker, r.provisional])).toEqual([['第一', false], ['第二', false], ['第三', true]]);
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '' });
    expect(live(ctx)).toHaveLength(3);
    const seq = ctx.store.events.lastSeq('m1');
    ctx.pipeline.onFinal('m1', { id: 's3', startMs: 15000, endMs: 18000, text: '' });
    expect(eventTypes(ctx, seq)).toEqual(['requirement:retracted', 'list:updated']);
    expect(live(ctx).map((r) => r.marker)).toEqual(['第一', '第二']);
  });

  it('after a crash, a provisional item whose final never came is settled against the stored transcript', () => {
    const file = tempFile();
    const ctx = open(file);
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD.slice(0, 3), 0);
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三，要真抓实改问题。' });
    expect(live(ctx).map((r) => r.marker)).toEqual(['第一', '第二', '第三']);
    ctx.db.close();
    const again = open(file);
    expect(again.pipeline.resume('m1')).toBe(2);
    expect(live(again).map((r) => r.marker)).toEqual(['第一', '第二']);
    expect(again.store.events.since('m1', 0, 1000).map((e) => e.event.type).slice(-2)).toEqual(['requirement:retracted', 'list:updated']);
    again.db.close();
  });

  it('peeks at most once per interval per meeting, with the newest interim', () => {
    vi.useFakeTimers();
    let now = 0;
    const ctx = open(tempFile(), { peekIntervalMs: 300, clock: () => now });
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD.slice(0, 3), 0);
    const before = ctx.peeks();
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三' });
    expect(ctx.peeks() - before).toBe(1);
    now = 100;
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16500, text: '第三，要真抓' });
    now = 200;
    ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '第三，要真抓实改问题。' });
    expect(ctx.peeks() - before).toBe(1);
    now = 300;
    vi.advanceTimersByTime(200);
    expect(ctx.peeks() - before).toBe(2);
    expect(live(ctx).find((r) => r.marker === '第三')).toMatchObject({ provisional: true, fields: { headline: '要真抓实改问题' } });
  });
});

describe('corrections re-run extraction for the speaker turn', () => {
  it('a corrected 第三 becomes its own item between 第二 and 第四; later items keep their identity', () => {
    const ctx = open(tempFile());
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD, 0);
    const before = live(ctx);
    expect(before.map((r) => [r.ordinal, r.marker])).toEqual([[1, '第一'], [2, '第二'], [4, '第四'], [5, '第五']]);
    const [, second, fourth] = before;
    // 第二 closed long ago; the secretary had also edited 第四's deadline.
    ctx.store.requirements.save({ ...fourth!, fields: { ...fourth!.fields, deadline: '月底前' }, editedFields: ['deadline'] }, { deadline: '月底前' });

    const c = ctx.sequencer.commit((append) => {
      ctx.store.segments.editText('s3', '第三，要真抓实改问题。', ctx.sequencer.now());
      return ctx.pipeline.reextract('m1', 's3', append);
    });
    expect(c.result).toEqual({ added: 1, updated: 1, retracted: 0, kept: 0 });
    // 第二 shrank; 第三 is new; 第四 and 第五 moved down one place (their sortKey), nothing else.
    expect(c.events.map((e) => e.event.type)).toEqual(['requirement:updated', 'requirement:opened', 'requirement:updated', 'requirement:updated', 'list:updated']);
    const after = live(ctx);
    expect(after.map((r) => [r.ordinal, r.marker, r.machine.headline])).toEqual([
      [1, '第一', '要精心组织部署'], [2, '第二', '要走访听取意见'], [3, '第三', '要真抓实改问题'], [4, '第四', '要加强队伍管理'], [5, '第五', '要形成宣传声势'],
    ]);
    expect(after[1]).toMatchObject({ id: second!.id, version: 2 });
    expect(after[3]).toMatchObject({ id: fourth!.id, version: 1, fields: { deadline: '月底前' } });
    // The live extractor continues from the corrected text.
    speak(ctx, ['第六，要组织民警参与。纪委要抓紧研究相关办法。', '第七，要严肃追究问责。'], MISHEARD.length);
    expect(live(ctx).map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
  });

  it('an item the corrected text no longer has is retracted, unless a secretary worked on it', () => {
    const ctx = open(tempFile());
    ctx.store.meetings.insert(MEETING);
    speak(ctx, MISHEARD.map((t) => t.replace('低三', '第三')), 0);
    const fourth = live(ctx).find((r) => r.marker === '第四')!;
    ctx.store.requirements.save({ ...fourth, reviewedAt: ctx.sequencer.now() }, {});
    // 第四 disappears (its text joins 第三), but the secretary had approved it: kept, flagged.
    const kept = ctx.sequencer.commit((append) => {
      ctx.store.segments.editText('s4', '另外，要加强队伍管理。', ctx.sequencer.now());
      return ctx.pipeline.reextract('m1', 's4', append);
    });
    expect(kept.result).toEqual({ added: 0, updated: 1, retracted: 0, kept: 1 });
    expect(live(ctx).map((r) => [r.marker, r.orphaned])).toEqual([['第一', false], ['第二', false], ['第三', false], ['第四', true], ['第五', false]]);
    // 第五 disappears too; nobody worked on it: retracted.
    const retracted = ctx.sequencer.commit((append) => {
      ctx.store.segments.editText('s5', '同时，要形成宣传声势。市局宣传部门要加强与各分县局的联系。', ctx.sequencer.now());
      return ctx.pipeline.reextract('m1', 's5', append);
    });
    expect(retracted.result).toMatchObject({ added: 0, retracted: 1, kept: 0 });
    expect(live(ctx).map((r) => [r.marker, r.orphaned])).toEqual([['第一', false], ['第二', false], ['第三', false], ['第四', true]]);
  });
});
