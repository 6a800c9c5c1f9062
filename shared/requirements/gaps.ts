/**
 * The gap rule: which points of a numbered list were probably not recognised. Pure; the host
 * console and the secretary desk show its message live, the server reports it on the board.
 *
 * - A jump in the items' numbers (第二 then 第四, read from the markers) means the points in
 *   between are missing, as soon as the later item appears.
 * - A closed list with fewer items than announced ("七点要求", six found) misses the numbers
 *   after its last item (markers without numbers, such as 首先, count by position).
 */
import { markerNumber, markerWithNumber } from './numbering.ts';

/** What the rule needs of a list. */
export interface GapList {
  announcedCount: number | null;
  closed: boolean;
}

/** What the rule needs of each live top-level item, in display order. */
export interface GapItem {
  marker: string;
  ordinal: number;
}

export interface ListGaps {
  /** Numbers of the points probably missing, ascending. */
  missing: number[];
  /** Chinese warning for host and secretary ("第三点可能漏识别"), or null when nothing is missing. */
  message: string | null;
}

/** How a missing number is named: in the list's own marker style when it has one. */
export function missingLabel(n: number, items: readonly GapItem[]): string {
  const template = items.find((i) => markerNumber(i.marker) !== null)?.marker ?? '第一';
  const label = markerWithNumber(template, n);
  return label.startsWith('第') ? `${label}点` : `“${label}”`;
}

export function findListGaps(list: GapList, items: readonly GapItem[]): ListGaps {
  const numbers = items.map((i) => markerNumber(i.marker) ?? i.ordinal);
  const missing = new Set<number>();
  let previous = 0;
  for (const n of numbers) {
    for (let k = previous + 1; k < n; k++) missing.add(k);
    previous = Math.max(previous, n);
  }
  const announced = list.announcedCount;
  if (list.closed && announced !== null) for (let k = previous + 1; k <= announced; k++) missing.add(k);
  const sorted = [...missing].sort((a, b) => a - b);
  const message = sorted.length > 0 ? `${sorted.map((n) => missingLabel(n, items)).join('、')}可能漏识别` : null;
  return { missing: sorted, message };
}
