/**
 * Where each requirement sits in the minutes: 一、 per speaker's list, （一） per top-level
 * requirement, 1. per nested item. The minutes, the Markdown and the ledger's 纪要位置 column all
 * number from this one outline, so they always agree.
 */
import type { Requirement } from '../../shared/protocol/domain.ts';
import { outlineMarker } from './format.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** One requirement's place in the minutes. */
export interface OutlineItem {
  requirement: Requirement;
  /** 2 for a top-level requirement （一）, 3 for a nested one 1. */
  level: 2 | 3;
  /** Its marker in the minutes: （三） or 2. */
  marker: string;
  /** Full position, e.g. 一（三） or 一（三）2. */
  position: string;
}

/** One section of the minutes: a speaker's requirement list. */
export interface OutlineSection {
  listId: string;
  /** 一、 */
  marker: string;
  speakerName: string | null;
  speakerRole: string | null;
  /** Top-level requirements found in the list. */
  topLevelCount: number;
  items: OutlineItem[];
}

/** The outline of a snapshot's requirements. */
export function buildOutline(s: ExportSnapshot): OutlineSection[] {
  return s.lists.map((l, li) => {
    const sectionMarker = outlineMarker(1, li);
    const section = sectionMarker.replace('、', '');
    const topIndex = new Map<string, number>();
    const childCount = new Map<string, number>();
    const items: OutlineItem[] = [];
    for (const r of l.requirements) {
      if (r.parentId === null) {
        const i = topIndex.size;
        topIndex.set(r.id, i);
        const marker = outlineMarker(2, i);
        items.push({ requirement: r, level: 2, marker, position: `${section}${marker}` });
      } else {
        const parentIndex = topIndex.get(r.parentId) ?? 0;
        const k = childCount.get(r.parentId) ?? 0;
        childCount.set(r.parentId, k + 1);
        const marker = outlineMarker(3, k);
        items.push({ requirement: r, level: 3, marker, position: `${section}${outlineMarker(2, parentIndex)}${k + 1}` });
      }
    }
    return {
      listId: l.list.id,
      marker: sectionMarker,
      speakerName: l.list.speakerName,
      speakerRole: l.list.speakerRole,
      topLevelCount: topIndex.size,
      items,
    };
  });
}
