/**
 * Event diffing for the incremental extractor: compares the previous and current views of the
 * not-yet-settled lists and emits list/item opened, updated and closed events.
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

function itemKey(i: ExtractedItem): string {
  return JSON.stringify([i.marker, i.headline, i.text, i.responsible, i.deadline, i.span, i.children.length]);
}

function diffItems(
  out: ExtractorEvent[], listIndex: number, path: number[], before: ExtractedItem[], after: ExtractedItem[],
  beforeClosed: boolean, afterClosed: boolean,
): void {
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

/** Events turning `before` into `after`; both start at list index `base`. */
export function diffLists(base: number, before: ListView[], after: ListView[]): ExtractorEvent[] {
  const out: ExtractorEvent[] = [];
  after.forEach((view, i) => {
    const listIndex = base + i;
    const old = before[i];
    if (!old) out.push({ type: 'list:opened', listIndex, speaker: view.speaker });
    else if (speakerKey(old.speaker) !== speakerKey(view.speaker)) {
      out.push({ type: 'list:updated', listIndex, speaker: view.speaker });
    }
    diffItems(out, listIndex, [], old?.speaker.items ?? [], view.speaker.items, old?.closed ?? false, view.closed);
    if (view.closed && !old?.closed) out.push({ type: 'list:closed', listIndex, speaker: view.speaker });
  });
  return out;
}
