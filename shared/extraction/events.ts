/**
 * Event diffing for the incremental extractor: compares the previous and current views of the
 * not-yet-settled lists and emits list/item opened, updated, closed and retracted events.
 */
import type { ExtractedItem, ExtractedSpeaker, ExtractorEvent } from './types.ts';

/** A list as last reported, with whether it was closed. */
export interface ListView {
  speaker: ExtractedSpeaker;
  closed: boolean;
}

function speakerKey(s: ExtractedSpeaker): string {
  return JSON.stringify([s.name, s.role, s.announced_count, s.count_mismatch, s.span]);
}

/** The text is not compared: the span says where it is, and a growing text moves the span's end. */
function itemKey(i: ExtractedItem): string {
  return JSON.stringify([i.marker, i.headline, i.responsible, i.deadline, i.span, i.children.length]);
}

/** Where a list starts: a list reported at the same index but starting elsewhere is another list. */
const listStart = (s: ExtractedSpeaker): number => s.items[0]?.span[0] ?? s.span[0];

function retractItems(out: ExtractorEvent[], listIndex: number, path: number[], items: ExtractedItem[], from: number): void {
  for (let i = items.length - 1; i >= from; i--) {
    const item = items[i];
    if (!item) continue;
    retractItems(out, listIndex, [...path, i], item.children, 0);
    out.push({ type: 'item:retracted', listIndex, path: [...path, i] });
  }
}

function diffItems(
  out: ExtractorEvent[], listIndex: number, path: number[], before: ExtractedItem[], after: ExtractedItem[],
  beforeClosed: boolean, afterClosed: boolean,
): void {
  retractItems(out, listIndex, path, before, after.length);
  after.forEach((item, i) => {
    const old = before[i];
    const p = [...path, i];
    const wasClosed = old !== undefined && (beforeClosed || i < before.length - 1);
    const isClosed = afterClosed || i < after.length - 1;
    if (!old) out.push({ type: 'item:opened', listIndex, path: p, item });
    else if (old !== item && itemKey(old) !== itemKey(item)) out.push({ type: 'item:updated', listIndex, path: p, item });
    diffItems(out, listIndex, p, old?.children ?? [], item.children, wasClosed, isClosed);
    if (isClosed && !wasClosed) out.push({ type: 'item:closed', listIndex, path: p, item });
  });
}

/**
 * Events turning `before` into `after`; both start at list index `base`. A list that is gone, or
 * replaced by another one at its index, is retracted (the last first, so indices stay valid).
 */
export function diffLists(base: number, before: ListView[], after: ListView[]): ExtractorEvent[] {
  const out: ExtractorEvent[] = [];
  let same = 0;
  for (let b = before[0], a = after[0]; b && a && listStart(b.speaker) === listStart(a.speaker); b = before[same], a = after[same]) same++;
  for (let i = before.length - 1; i >= same; i--) out.push({ type: 'list:retracted', listIndex: base + i });
  after.forEach((view, i) => {
    const listIndex = base + i;
    const old = i < same ? before[i] : undefined;
    if (!old) out.push({ type: 'list:opened', listIndex, speaker: view.speaker });
    else if (speakerKey(old.speaker) !== speakerKey(view.speaker)) out.push({ type: 'list:updated', listIndex, speaker: view.speaker });
    diffItems(out, listIndex, [], old?.speaker.items ?? [], view.speaker.items, old?.closed ?? false, view.closed);
    if (view.closed && !old?.closed) out.push({ type: 'list:closed', listIndex, speaker: view.speaker });
  });
  return out;
}
