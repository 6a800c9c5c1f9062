/**
 * Transcript pipeline on a real database (a SQLite file, and PostgreSQL when the run has one) with
 * the real extractor: speaker turns attribute first-person lead-ins to the speaker who was
 * talking, a restart rebuilds the same turns, interims publish provisional items (rate-limited)
 * that finals confirm or retract, and a corrected segment re-runs extraction for its turn. Finals
 * and interims are handed over without waiting, as the audio path does: the pipeline keeps order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../../test/helpers/databases.ts';
import { createExtractor } from '../../shared/extraction/index.ts';
import type { ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import { openDatabase, type Database, type Dialect } from '../db/database.ts';
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

const opened = new Set<Database>();

async function open(target: string, opts: { peekIntervalMs?: number; clock?: () => number } = {}) {
  const db = await openDatabase(target);
  opened.add(db);
  const store = createStore(db);
  const sequencer = createSequencer(store, silentBroadcaster);
  let peeks = 0;
  const counting = (o?: ExtractorOptions) => {
    const ex = createExtractor(o);
    return { ...ex, peek: (tail: string) => ((peeks += 1), ex.peek(tail)) };
  };
  const pipeline = createTranscriptPipeline({ store, sequencer, createExtractor: counting, peekIntervalMs: opts.peekIntervalMs ?? 0, ...(opts.clock ? { clock: opts.clock } : {}) });
  const close = async () => {
    await pipeline.close();
    opened.delete(db);
    await db.close();
  };
  return { db, store, pipeline, sequencer, close, peeks: () => peeks };
}
type Ctx = Awaited<ReturnType<typeof open>>;

/** A new empty database of the dialect (reopened by its target after a "restart"). */
const freshTarget = async (dialect: Dialect) =>
  dialect === 'postgres' ? freshDatabaseUrl() : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pipeline-')), 'luoshi.db');

/** Finals handed over at once, without waiting for each other (as the audio path does). */
async function speak(ctx: Ctx, texts: string[], from: number): Promise<void> {
  await Promise.all(texts.map((text, i) => {
    const n = from + i;
    return ctx.pipeline.onFinal('m1', { id: `s${n}`, startMs: n * 5000, endMs: n * 5000 + 4000, text });
  }));
}

const live = async (ctx: Ctx) => (await ctx.store.requirements.list('m1')).filter(isLive);
const eventTypes = async (ctx: Ctx, afterSeq: number) => (await ctx.store.events.since('m1', afterSeq, 1000)).map((e) => e.event.type);

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await Promise.all([...opened].map((db) => db.close()));
  await dropDatabases();
});

describe.each(TEST_DIALECTS)('on %s', (dialect) => {

describe('transcript pipeline speaker turns', () => {
  it('attributes each first-person list to the speaker talking, and rebuilds the same turns after a restart', async () => {
    const target = await freshTarget(dialect);
    const ctx = await open(target);
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, FIRST_TURN, 0);
    await ctx.store.meetings.save({ ...MEETING, currentSpeakerId: 'sp2' });
    await speak(ctx, SECOND_TURN, FIRST_TURN.length);

    const lists = await ctx.store.requirements.lists('m1');
    expect(lists.map((l) => [l.index, l.speakerName, l.speakerRole, l.announcedCount])).toEqual([
      [0, '王国强', '副厅长', 3],
      [TURN_LIST_STRIDE, '吁小平', '常务副局长', 2],
    ]);
    // The first speaker's list was closed when the second speaker began.
    expect(lists[0]!.closed).toBe(true);
    const all = await ctx.store.requirements.list('m1');
    const headlines = (listId: string) => all.filter((r) => r.listId === listId).map((r) => r.machine.headline);
    expect(headlines(lists[0]!.id)).toEqual(['要提高政治站位', '要强化巡逻防控', '要严明工作纪律']);
    expect(headlines(lists[1]!.id)).toEqual(['要抓好贯彻落实', '要加强督导检查']);
    expect((await ctx.store.segments.list('m1')).map((s) => s.speakerId)).toEqual([...FIRST_TURN.map(() => 'sp1'), ...SECOND_TURN.map(() => 'sp2')]);
    const seq = await ctx.store.events.lastSeq('m1');
    await ctx.close();

    // Restart: the stored transcript is replayed turn by turn and lands on the stored state.
    const again = await open(target);
    expect(await again.pipeline.resume('m1')).toBe(0);
    expect(await again.store.events.lastSeq('m1')).toBe(seq);
    await again.pipeline.endMeeting('m1');
    const closed = await again.store.requirements.lists('m1');
    expect(closed.map((l) => [l.index, l.closed, l.foundCount])).toEqual([[0, true, 3], [TURN_LIST_STRIDE, true, 2]]);
    await again.close();
  });

  it('a failed final rejects its own call only: the queue goes on, and its retry is pushed exactly once', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    let failures = 1;
    const segments = {
      ...ctx.store.segments,
      insert: async (segment: Segment) => (failures-- > 0 ? Promise.reject(new Error('disk full')) : ctx.store.segments.insert(segment)),
    };
    const pipeline = createTranscriptPipeline({ store: { ...ctx.store, segments }, sequencer: ctx.sequencer, createExtractor, peekIntervalMs: 0 });
    const final = (n: number) => pipeline.onFinal('m1', { id: `s${n}`, startMs: n * 5000, endMs: n * 5000 + 4000, text: MISHEARD[n]! });
    // All handed over at once, the first twice (final-delivery retries what failed before anything later).
    const [failed, ...rest] = [final(0), final(0), final(1), final(2)].map((p) => p.then(() => 'stored', (err: Error) => err.message));
    expect(await failed).toBe('disk full');
    expect(await Promise.all(rest)).toEqual(['stored', 'stored', 'stored']);
    expect((await ctx.store.segments.list('m1')).map((s) => s.id)).toEqual(['s0', 's1', 's2']);
    expect((await live(ctx)).map((r) => [r.marker, r.machine.headline])).toEqual([['第一', '要精心组织部署'], ['第二', '要走访听取意见']]);
    await pipeline.close();
    await ctx.close();
  });
});

describe('interims: provisional items', () => {
  it('an interim publishes the next point at once; its final confirms the same item', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD.slice(0, 2), 0);
    await speak(ctx, ['各分县局要制定本单位的方案，逐层逐级发到各个基层单位。'], 2);
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一']);
    const seq = await ctx.store.events.lastSeq('m1');
    await ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '第二，要走访听取意见。' });
    expect(await eventTypes(ctx, seq)).toContain('requirement:opened');
    const second = (await live(ctx))[1]!;
    expect(second).toMatchObject({ marker: '第二', provisional: true, fields: { headline: '要走访听取意见' } });
    await speak(ctx, ['第二，要走访听取意见。到十月三十号，这项工作就要全部完成。'], 3);
    expect(await ctx.store.requirements.get(second.id)).toMatchObject({ provisional: false, retractedAt: null });
    expect(await live(ctx)).toHaveLength(2);
    await ctx.close();
  });

  it('an empty final (the recogniser could not confirm the interim) retracts it; empty interims change nothing', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD.slice(0, 3), 0);
    await ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三，要真抓实改问题。' });
    expect((await live(ctx)).map((r) => [r.marker, r.provisional])).toEqual([['第一', false], ['第二', false], ['第三', true]]);
    await ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '' });
    expect(await live(ctx)).toHaveLength(3);
    const seq = await ctx.store.events.lastSeq('m1');
    await ctx.pipeline.onFinal('m1', { id: 's3', startMs: 15000, endMs: 18000, text: '' });
    expect(await eventTypes(ctx, seq)).toEqual(['requirement:retracted', 'list:updated']);
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一', '第二']);
    await ctx.close();
  });

  it('after a crash, a provisional item whose final never came is settled against the stored transcript', async () => {
    const target = await freshTarget(dialect);
    const ctx = await open(target);
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD.slice(0, 3), 0);
    await ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三，要真抓实改问题。' });
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一', '第二', '第三']);
    await ctx.close();
    const again = await open(target);
    expect(await again.pipeline.resume('m1')).toBe(2);
    expect((await live(again)).map((r) => r.marker)).toEqual(['第一', '第二']);
    expect((await again.store.events.since('m1', 0, 1000)).map((e) => e.event.type).slice(-2)).toEqual(['requirement:retracted', 'list:updated']);
    await again.close();
  });

  it('peeks at most once per interval per meeting, with the newest interim', async () => {
    let now = 0;
    const ctx = await open(await freshTarget(dialect), { peekIntervalMs: 300, clock: () => now });
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD.slice(0, 3), 0);
    // Only timers are faked: the database's I/O must go on.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const before = ctx.peeks();
    await ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16000, text: '第三' });
    expect(ctx.peeks() - before).toBe(1);
    now = 100;
    const second = ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 16500, text: '第三，要真抓' });
    now = 200;
    const third = ctx.pipeline.onInterim('m1', { id: 's3', startMs: 15000, endMs: 17000, text: '第三，要真抓实改问题。' });
    await Promise.all([second, third]);
    expect(ctx.peeks() - before).toBe(1);
    now = 300;
    vi.advanceTimersByTime(200);
    await ctx.pipeline.idle();
    expect(ctx.peeks() - before).toBe(2);
    expect((await live(ctx)).find((r) => r.marker === '第三')).toMatchObject({ provisional: true, fields: { headline: '要真抓实改问题' } });
    vi.useRealTimers();
    await ctx.close();
  });
});

describe('corrections re-run extraction for the speaker turn', () => {
  /** A secretary's correction: the segment edit and its re-extraction in one transaction, in the meeting's queue. */
  const correct = (ctx: Ctx, segmentId: string, text: string) =>
    ctx.pipeline.exclusive('m1', () =>
      ctx.sequencer.commit(async (append) => {
        await ctx.store.segments.editText(segmentId, text, ctx.sequencer.now());
        return ctx.pipeline.reextract('m1', segmentId, append);
      }),
    );

  it('a corrected 第三 becomes its own item between 第二 and 第四; later items keep their identity', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD, 0);
    const before = await live(ctx);
    expect(before.map((r) => [r.ordinal, r.marker])).toEqual([[1, '第一'], [2, '第二'], [4, '第四'], [5, '第五']]);
    const [, second, fourth] = before;
    // 第二 closed long ago; the secretary had also edited 第四's deadline.
    await ctx.store.requirements.save({ ...fourth!, fields: { ...fourth!.fields, deadline: '月底前' }, editedFields: ['deadline'] }, { deadline: '月底前' });

    const c = await correct(ctx, 's3', '第三，要真抓实改问题。');
    expect(c.result).toEqual({ added: 1, updated: 1, retracted: 0, kept: 0 });
    // 第二 shrank; 第三 is new; 第四 and 第五 moved down one place (their sortKey), nothing else.
    expect(c.events.map((e) => e.event.type)).toEqual(['requirement:updated', 'requirement:opened', 'requirement:updated', 'requirement:updated', 'list:updated']);
    const after = await live(ctx);
    expect(after.map((r) => [r.ordinal, r.marker, r.machine.headline])).toEqual([
      [1, '第一', '要精心组织部署'], [2, '第二', '要走访听取意见'], [3, '第三', '要真抓实改问题'], [4, '第四', '要加强队伍管理'], [5, '第五', '要形成宣传声势'],
    ]);
    expect(after[1]).toMatchObject({ id: second!.id, version: 2 });
    expect(after[3]).toMatchObject({ id: fourth!.id, version: 1, fields: { deadline: '月底前' } });
    // The live extractor continues from the corrected text.
    await speak(ctx, ['第六，要组织民警参与。纪委要抓紧研究相关办法。', '第七，要严肃追究问责。'], MISHEARD.length);
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    await ctx.close();
  });

  it('an item the corrected text no longer has is retracted, unless a secretary worked on it', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    await speak(ctx, MISHEARD.map((t) => t.replace('低三', '第三')), 0);
    const fourth = (await live(ctx)).find((r) => r.marker === '第四')!;
    await ctx.store.requirements.save({ ...fourth, reviewedAt: ctx.sequencer.now() }, {});
    // 第四 disappears (its text joins 第三), but the secretary had approved it: kept, flagged.
    const kept = await correct(ctx, 's4', '另外，要加强队伍管理。');
    expect(kept.result).toEqual({ added: 0, updated: 1, retracted: 0, kept: 1 });
    expect((await live(ctx)).map((r) => [r.marker, r.orphaned])).toEqual([['第一', false], ['第二', false], ['第三', false], ['第四', true], ['第五', false]]);
    // 第五 disappears too; nobody worked on it: retracted.
    const retracted = await correct(ctx, 's5', '同时，要形成宣传声势。市局宣传部门要加强与各分县局的联系。');
    expect(retracted.result).toMatchObject({ added: 0, retracted: 1, kept: 0 });
    expect((await live(ctx)).map((r) => [r.marker, r.orphaned])).toEqual([['第一', false], ['第二', false], ['第三', false], ['第四', true]]);
    await ctx.close();
  });

  it('a correction queued behind finals still arriving sees them all, and later finals continue from it', async () => {
    const ctx = await open(await freshTarget(dialect));
    await ctx.store.meetings.insert(MEETING);
    // The correction is asked for while 第四 and 第五 are still on their way: it runs after them.
    const finals = speak(ctx, MISHEARD, 0);
    const c = await correct(ctx, 's3', '第三，要真抓实改问题。');
    await finals;
    expect(c.result).toMatchObject({ added: 1, retracted: 0 });
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五']);
    await speak(ctx, ['第六，要组织民警参与。'], MISHEARD.length);
    expect((await live(ctx)).map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六']);
    await ctx.close();
  });
});
});
