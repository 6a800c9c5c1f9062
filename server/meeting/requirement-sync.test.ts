/**
 * Extractor events → stored requirements, on a real in-memory SQLite: idempotent replay,
 * secretary edits kept under machine updates, count check, review-mode audience.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractedItem, ExtractedSpeaker, ExtractorEvent } from '../../shared/extraction/types.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { openDatabase } from '../db/database.ts';
import { createStore } from '../db/store.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { applyExtractorEvents, collapseEvents } from './requirement-sync.ts';
import { createSequencer } from './sequencer.ts';

const SPEAKER: ExtractedSpeaker = { name: '王国强', role: '副厅长', announced_count: 2, count_mismatch: false, items: [], span: [0, 10] };
const item = (ordinal: number, headline: string, text = headline): ExtractedItem => ({
  ordinal, marker: ['第一', '第二'][ordinal - 1] ?? '第三', headline, text, responsible: [], deadline: null, children: [], span: [0, 1],
});

function setup(publishMode: 'auto' | 'review') {
  const store = createStore(openDatabase(':memory:'));
  const meeting: Meeting = {
    id: 'm1', title: 't', organiser: 'o', scheduledAt: '2026-11-22T09:00:00+08:00', status: 'live', publishMode,
    speakers: [], currentSpeakerId: null, glossary: [], createdAt: 'x', startedAt: null, endedAt: null,
  };
  store.meetings.insert(meeting);
  const sequencer = createSequencer(store, () => silentBroadcaster);
  const apply = (events: ExtractorEvent[]) =>
    sequencer.commit((append) => applyExtractorEvents(store, meeting, events, append, sequencer.now())).events.map((e) => `${e.event.type}:${e.event.audience}`);
  return { store, apply };
}

const SCRIPT: ExtractorEvent[] = [
  { type: 'list:opened', listIndex: 0, speaker: SPEAKER },
  { type: 'item:opened', listIndex: 0, path: [0], item: item(1, '要精心组织部署') },
  { type: 'item:updated', listIndex: 0, path: [0], item: item(1, '要精心组织部署', '要精心组织部署。各单位要抓好宣传。') },
  { type: 'item:closed', listIndex: 0, path: [0], item: item(1, '要精心组织部署', '要精心组织部署。各单位要抓好宣传。') },
  { type: 'item:opened', listIndex: 0, path: [1], item: item(2, '要走访听取意见') },
];

describe('applyExtractorEvents', () => {
  it('creates lists and requirements once; replaying the same events changes nothing', () => {
    const { store, apply } = setup('auto');
    // live: one batch per transcript push
    expect(SCRIPT.flatMap((e) => apply([e]))).toEqual([
      'list:opened:all', 'requirement:opened:all', 'list:updated:all', 'requirement:updated:all', 'requirement:closed:all', 'requirement:opened:all', 'list:updated:all',
    ]);
    // restart: the whole speech re-fed at once lands on the stored state, nothing emitted
    expect(apply(SCRIPT)).toEqual([]);
    const reqs = store.requirements.list('m1');
    expect(reqs.map((r) => [r.ordinal, r.closed, r.status])).toEqual([[1, true, 'published'], [2, false, 'published']]);
    expect(store.requirements.lists('m1')[0]).toMatchObject({ announcedCount: 2, foundCount: 2, countMismatch: false });
    expect(store.events.lastSeq('m1')).toBe(7);
  });

  it('collapses a batch to the final state per item, closed being sticky', () => {
    expect(collapseEvents(SCRIPT).map((e) => `${e.type}${'path' in e ? e.path.join('.') : ''}`)).toEqual(['list:opened', 'item:closed0', 'item:opened1']);
  });

  it('keeps a secretary edit on top of later machine updates', () => {
    const { store, apply } = setup('auto');
    apply(SCRIPT.slice(0, 2));
    const r = store.requirements.list('m1')[0]!;
    store.requirements.save(r, { headline: '精心组织（改）' });
    apply(SCRIPT.slice(2, 4));
    const after = store.requirements.get(r.id)!;
    expect(after.fields.headline).toBe('精心组织（改）');
    expect(after.machine.text).toBe('要精心组织部署。各单位要抓好宣传。');
    expect(after.fields.text).toBe(after.machine.text);
    expect(after.editedFields).toEqual(['headline']);
  });

  it('review mode: machine items are staff-only drafts', () => {
    const { store, apply } = setup('review');
    expect(apply(SCRIPT.slice(0, 2))).toEqual(['list:opened:all', 'requirement:opened:staff', 'list:updated:all']);
    expect(store.requirements.list('m1')[0]!.status).toBe('draft');
  });
});
