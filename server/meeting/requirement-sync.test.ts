/**
 * Extractor output → stored requirements, on a real in-memory SQLite: idempotent replay,
 * secretary edits kept under machine updates, count check, review-mode audience, provisional
 * items from previews (published, confirmed, retracted; never silently when edited), retraction
 * events from the extractor, numbering that keeps a spoken gap.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractedItem, ExtractedSpeaker, ExtractionResult, ExtractorEvent } from '../../shared/extraction/types.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { openDatabase } from '../db/database.ts';
import { createStore } from '../db/store.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { applyExtractorEvents, applyPreview, collapseEvents } from './requirement-sync.ts';
import { createRequirementWriter, type RequirementWriter } from './requirement-writer.ts';
import { createSequencer } from './sequencer.ts';

const MARKERS = ['第一', '第二', '第三', '第四', '第五'];
const SPEAKER: ExtractedSpeaker = { name: '王国强', role: '副厅长', announced_count: 2, count_mismatch: false, items: [], span: [0, 10] };
const item = (ordinal: number, headline: string, text = headline, marker = MARKERS[ordinal - 1] ?? '第五'): ExtractedItem => ({
  ordinal, marker, headline, text, responsible: [], deadline: null, children: [], span: [0, 1],
});
const preview = (...items: ExtractedItem[]): ExtractionResult => ({ speakers: [{ ...SPEAKER, items }] });

async function setup(publishMode: 'auto' | 'review') {
  const store = createStore(await openDatabase(':memory:'));
  const meeting: Meeting = {
    id: 'm1', title: 't', organiser: 'o', scheduledAt: '2026-11-22T09:00:00+08:00', status: 'live', publishMode,
    speakers: [], currentSpeakerId: null, glossary: [], createdAt: 'x', startedAt: null, endedAt: null, reopenedForCorrections: false,
  };
  await store.meetings.insert(meeting);
  const sequencer = createSequencer(store, silentBroadcaster);
  const write = async (work: (w: RequirementWriter) => Promise<unknown>) =>
    (
      await sequencer.commit(async (append) => {
        const w = createRequirementWriter(store, meeting, append, sequencer.now());
        await work(w);
        await w.flush();
      })
    ).events.map((e) => `${e.event.type}:${e.event.audience}`);
  const apply = (events: ExtractorEvent[]) => write((w) => applyExtractorEvents(w, store, 0, events));
  const peek = (result: ExtractionResult, settled = false) => write((w) => applyPreview(w, store, 0, result, settled));
  const live = async () => (await store.requirements.list('m1')).filter((r) => r.retractedAt === null && r.status !== 'withdrawn');
  return { store, apply, peek, live };
}

const SCRIPT: ExtractorEvent[] = [
  { type: 'list:opened', listIndex: 0, speaker: SPEAKER },
  { type: 'item:opened', listIndex: 0, path: [0], item: item(1, '要精心组织部署') },
  { type: 'item:updated', listIndex: 0, path: [0], item: item(1, '要精心组织部署', '要精心组织部署。各单位要抓好宣传。') },
  { type: 'item:closed', listIndex: 0, path: [0], item: item(1, '要精心组织部署', '要精心组织部署。各单位要抓好宣传。') },
  { type: 'item:opened', listIndex: 0, path: [1], item: item(2, '要走访听取意见') },
];

describe('applyExtractorEvents', () => {
  it('creates lists and requirements once; replaying the same events changes nothing', async () => {
    const { store, apply } = await setup('auto');
    // live: one batch per transcript push
    const emitted: string[] = [];
    for (const e of SCRIPT) emitted.push(...(await apply([e])));
    expect(emitted).toEqual([
      'list:opened:all', 'requirement:opened:all', 'list:updated:all', 'requirement:updated:all', 'requirement:closed:all', 'requirement:opened:all', 'list:updated:all',
    ]);
    // restart: the whole speech re-fed at once lands on the stored state, nothing emitted
    expect(await apply(SCRIPT)).toEqual([]);
    const reqs = await store.requirements.list('m1');
    expect(reqs.map((r) => [r.ordinal, r.marker, r.closed, r.status, r.version])).toEqual([[1, '第一', true, 'published', 1], [2, '第二', false, 'published', 1]]);
    expect((await store.requirements.lists('m1'))[0]).toMatchObject({ announcedCount: 2, foundCount: 2, countMismatch: false, provisional: false });
    expect(await store.events.lastSeq('m1')).toBe(7);
  });

  it('collapses a batch to the final state per item, closed being sticky', () => {
    expect(collapseEvents(SCRIPT).map((e) => `${e.type}${'path' in e ? e.path.join('.') : ''}`)).toEqual(['list:opened', 'item:closed0', 'item:opened1']);
  });

  it('keeps a secretary edit on top of later machine updates', async () => {
    const { store, apply } = await setup('auto');
    await apply(SCRIPT.slice(0, 2));
    const r = (await store.requirements.list('m1'))[0]!;
    await store.requirements.save(r, { headline: '精心组织（改）' });
    await apply(SCRIPT.slice(2, 4));
    const after = (await store.requirements.get(r.id))!;
    expect(after.fields.headline).toBe('精心组织（改）');
    expect(after.machine.text).toBe('要精心组织部署。各单位要抓好宣传。');
    expect(after.fields.text).toBe(after.machine.text);
    expect(after.editedFields).toEqual(['headline']);
  });

  it('a closed item whose content changes gets a new version; growth while it forms does not', async () => {
    const { store, apply } = await setup('auto');
    await apply(SCRIPT);
    expect((await store.requirements.list('m1')).map((r) => r.version)).toEqual([1, 1]);
    await apply([{ type: 'item:updated', listIndex: 0, path: [0], item: item(1, '要精心组织部署', '要精心组织部署。（更正）') }]);
    await apply([{ type: 'item:updated', listIndex: 0, path: [1], item: item(2, '要走访听取意见', '要走访听取意见。还在讲') }]);
    expect((await store.requirements.list('m1')).map((r) => r.version)).toEqual([2, 1]);
  });

  it('review mode: machine items are staff-only drafts', async () => {
    const { store, apply } = await setup('review');
    expect(await apply(SCRIPT.slice(0, 2))).toEqual(['list:opened:all', 'requirement:opened:staff']);
    expect((await store.requirements.list('m1'))[0]!.status).toBe('draft');
  });

  it('item:retracted and list:retracted from the extractor remove items (venues told), and a later list takes the freed place', async () => {
    const { store, apply, live } = await setup('auto');
    await apply(SCRIPT);
    expect(await apply([{ type: 'item:retracted', listIndex: 0, path: [1] }])).toEqual(['requirement:retracted:all', 'list:updated:all']);
    expect((await live()).map((r) => r.machine.headline)).toEqual(['要精心组织部署']);
    expect(await apply([{ type: 'list:retracted', listIndex: 0 }])).toEqual(['requirement:retracted:all', 'list:updated:all']);
    expect((await store.requirements.lists('m1'))[0]).toMatchObject({ retracted: true, foundCount: 0 });
    // The extractor's list 0 is now a new list; the retracted one keeps its row (and any acks).
    await apply([{ type: 'list:opened', listIndex: 0, speaker: SPEAKER }, { type: 'item:opened', listIndex: 0, path: [0], item: item(1, '要从严治警') }]);
    const lists = await store.requirements.lists('m1');
    expect(lists.map((l) => [l.index, l.retracted])).toEqual([[0, true], [1, false]]);
    expect((await live()).map((r) => [r.listId, r.machine.headline])).toEqual([[lists[1]!.id, '要从严治警']]);
  });

  it('keeps the spoken numbers: 第二 then 第四 stays a jump (the gap rule reads it)', async () => {
    const { apply, live } = await setup('auto');
    await apply([
      { type: 'list:opened', listIndex: 0, speaker: { ...SPEAKER, announced_count: 4 } },
      { type: 'item:opened', listIndex: 0, path: [0], item: item(1, '甲') },
      { type: 'item:opened', listIndex: 0, path: [1], item: item(2, '乙') },
      { type: 'item:opened', listIndex: 0, path: [2], item: item(3, '丁', '丁', '第四') },
    ]);
    expect((await live()).map((r) => [r.ordinal, r.marker, r.sortKey])).toEqual([[1, '第一', 1], [2, '第二', 2], [4, '第四', 3]]);
  });
});

describe('applyPreview (interim text)', () => {
  it('publishes a new item at once as provisional; the final confirms it', async () => {
    const { store, apply, peek } = await setup('auto');
    await apply(SCRIPT.slice(0, 4));
    expect(await peek(preview(item(1, '要精心组织部署', '要精心组织部署。各单位要抓好宣传。'), item(2, '要走访')))).toEqual(['requirement:opened:all', 'list:updated:all']);
    const second = (await store.requirements.list('m1'))[1]!;
    expect(second).toMatchObject({ provisional: true, marker: '第二', fields: { headline: '要走访' } });
    // A later interim fills the headline in (still provisional); the confirmed first item is untouched.
    expect(await peek(preview(item(1, '改不动'), item(2, '要走访听取意见')))).toEqual(['requirement:updated:all']);
    expect(await store.requirements.get(second.id)).toMatchObject({ provisional: true, fields: { headline: '要走访听取意见' } });
    expect((await store.requirements.list('m1'))[0]!.machine.headline).toBe('要精心组织部署');
    // The final confirms the same item (same id).
    expect(await apply([SCRIPT[4]!])).toEqual(['requirement:updated:all']);
    expect(await store.requirements.get(second.id)).toMatchObject({ provisional: false, retractedAt: null });
  });

  it('retracts a provisional item the next interim or final no longer shows; a venue hears of it', async () => {
    const { store, apply, peek, live } = await setup('auto');
    await apply(SCRIPT.slice(0, 4));
    await peek(preview(item(1, '要精心组织部署'), item(2, '要走访听取意见')));
    expect(await peek(preview(item(1, '要精心组织部署')))).toEqual(['requirement:retracted:all', 'list:updated:all']);
    expect(await live()).toHaveLength(1);
    const gone = (await store.requirements.list('m1'))[1]!;
    expect(gone.retractedAt).not.toBeNull();
    // Shown again later: the same row comes back (opened again for clients).
    expect(await peek(preview(item(1, '要精心组织部署'), item(2, '要走访听取意见')))).toEqual(['requirement:opened:all', 'list:updated:all']);
    expect(await store.requirements.get(gone.id)).toMatchObject({ retractedAt: null, provisional: true });
  });

  it('never retracts silently what a secretary edited: it stays, flagged orphaned', async () => {
    const { store, apply, peek, live } = await setup('auto');
    await apply(SCRIPT.slice(0, 4));
    await peek(preview(item(1, '要精心组织部署'), item(2, '要走访听取意见')));
    const second = (await store.requirements.list('m1'))[1]!;
    await store.requirements.save({ ...second, fields: { ...second.fields, headline: '要走访（改）' }, editedFields: ['headline'] }, { headline: '要走访（改）' });
    expect(await peek(preview(item(1, '要精心组织部署')))).toEqual(['requirement:updated:all']);
    expect((await live()).map((r) => [r.fields.headline, r.orphaned])).toEqual([['要精心组织部署', false], ['要走访（改）', true]]);
  });

  it('a list seen only in an interim is provisional and goes when the speech does not bear it out', async () => {
    const { store, peek } = await setup('auto');
    expect(await peek(preview(item(1, '要精心组织部署')))).toEqual(['list:opened:all', 'requirement:opened:all']);
    expect((await store.requirements.lists('m1'))[0]).toMatchObject({ provisional: true, foundCount: 1 });
    expect(await peek({ speakers: [] })).toEqual(['requirement:retracted:all', 'list:updated:all']);
    expect((await store.requirements.lists('m1'))[0]).toMatchObject({ retracted: true, foundCount: 0 });
  });

  it('after a final (settled), a machine item the result no longer has goes even without a retract event; an interim alone never removes it', async () => {
    const { apply, peek, live } = await setup('auto');
    await apply(SCRIPT);
    expect(await peek(preview(item(1, '要精心组织部署')))).toEqual([]);
    expect(await live()).toHaveLength(2);
    expect(await peek(preview(item(1, '要精心组织部署')), true)).toEqual(['requirement:retracted:all', 'list:updated:all']);
    expect((await live()).map((r) => r.marker)).toEqual(['第一']);
  });

  it('review mode: provisional drafts and their retraction stay with staff', async () => {
    const { apply, peek } = await setup('review');
    await apply(SCRIPT.slice(0, 4));
    expect(await peek(preview(item(1, '要精心组织部署'), item(2, '要走访')))).toEqual(['requirement:opened:staff', 'list:updated:all']);
    expect(await peek(preview(item(1, '要精心组织部署')))).toEqual(['requirement:retracted:staff', 'list:updated:all']);
  });
});
