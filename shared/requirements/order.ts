/**
 * Display order of sibling requirements, shared by server and client (pure). `sortKey` first (the
 * extractor's position; a split's second half or a hand-added item sits between its neighbours);
 * then the displayed number, so that an item the machine no longer finds but a secretary kept
 * (orphaned, at its old position) stays before the later points that moved up to its sortKey.
 */
import type { Requirement } from '../protocol/domain.ts';

/** Comparator for `Array.prototype.sort` over siblings (same list and parent). */
export function compareDisplayOrder(
  a: Pick<Requirement, 'sortKey' | 'ordinal' | 'createdAt' | 'id'>,
  b: Pick<Requirement, 'sortKey' | 'ordinal' | 'createdAt' | 'id'>,
): number {
  return a.sortKey - b.sortKey || a.ordinal - b.ordinal || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
