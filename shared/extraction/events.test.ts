/** Event diffing (events.ts): what the live view reports when a list or point changes or goes away. */
import { describe, expect, it } from 'vitest';
import { diffLists, type ListView } from './events.ts';
import type { ExtractedItem, ExtractedSpeaker } from './types.ts';

const item = (marker: string, at: number, children: ExtractedItem[] = []): ExtractedItem => ({
  ordinal: 1, marker, headline: `要${marker}`, text: `要${marker}`, responsible: [], deadline: null, children, span: [at, at + 5],
});
const list = (items: ExtractedItem[], at = items[0]?.span[0] ?? 0): ExtractedSpeaker => ({
  name: null, role: null, announced_count: null, count_mismatch: false, items, span: [at, at + 1],
});
const open = (speaker: ExtractedSpeaker): ListView => ({ speaker, closed: false });
const kinds = (events: ReturnType<typeof diffLists>): string[] =>
  events.map((e) => ('path' in e ? `${e.type}@${e.listIndex}:${e.path.join('.')}` : `${e.type}@${e.listIndex}`));

describe('diffLists', () => {
  it('opens new points and children, closes the points a sibling follows', () => {
    const before = [open(list([item('第一', 10)]))];
    const after = [open(list([item('第一', 10, [item('一是', 20)]), item('第二', 40)]))];
    expect(kinds(diffLists(3, before, after))).toEqual([
      'item:updated@3:0', 'item:opened@3:0.0', 'item:closed@3:0.0', 'item:closed@3:0', 'item:opened@3:1',
    ]);
  });
  it('retracts points the view no longer has, deepest and last first', () => {
    const before = [open(list([item('第一', 10, [item('一是', 20), item('二是', 30)]), item('第二', 40)]))];
    const after = [open(list([item('第一', 10)]))];
    expect(kinds(diffLists(0, before, after))).toEqual([
      'item:retracted@0:1', 'item:updated@0:0', 'item:retracted@0:0.1', 'item:retracted@0:0.0',
    ]);
  });
  it('retracts a list that is gone, or that another list replaced at its index, last first', () => {
    const a = list([item('第一', 10), item('第二', 20)]);
    const b = list([item('一是', 50), item('二是', 60)]);
    expect(kinds(diffLists(2, [open(a), open(b)], [open(a)]))).toEqual(['list:retracted@3']);
    const c = list([item('一要', 80), item('二要', 90)]);
    expect(kinds(diffLists(2, [open(a), open(b)], [open(c)]))).toEqual([
      'list:retracted@3', 'list:retracted@2', 'list:opened@2', 'item:opened@2:0', 'item:closed@2:0', 'item:opened@2:1',
    ]);
  });
  it('reports nothing when nothing changed', () => {
    const a = list([item('第一', 10)]);
    expect(diffLists(0, [open(a)], [open(a)])).toEqual([]);
  });
});
