/**
 * Re-running extraction over one speaker turn (after a secretary corrected one of its segments)
 * and reconciling the stored requirements with the new result:
 * - items are matched by their spoken number first (a corrected "第三" that appears between
 *   第二 and 第四 becomes a new item; 第四… keep their identity and acknowledgements), then by path;
 * - machine fields follow the new result, the secretary's edits stay on top;
 * - machine items the new result no longer has are retracted, unless a secretary worked on them
 *   (then they stay, flagged `orphaned`).
 */
import type { ExtractionResult, ExtractorEvent } from '../../shared/extraction/types.ts';
import type { ReextractionSummary } from '../../shared/protocol/socket.ts';
import { markerNumber } from '../../shared/requirements/numbering.ts';
import { isLive, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { applyExtractorEvents, retractListWithItems } from './requirement-sync.ts';
import type { RequirementWriter } from './requirement-writer.ts';

/**
 * Move stored machine items to the paths their spoken numbers have in `result`, so a new item in
 * the middle of a list does not shift every later item's identity. Items displaced from a path
 * they no longer match are parked (`~id`) for the sweep.
 */
export async function rekeyByNumber(w: RequirementWriter, store: Store, turn: number, result: ExtractionResult): Promise<void> {
  for (const [i, speaker] of result.speakers.entries()) {
    const list = await w.listOf(turn, i);
    if (!list) continue;
    const stored = (await store.requirements.byList(list.id)).filter((r) => r.path !== null);
    const tops = stored.filter((r) => r.parentId === null);
    const target = new Map<string, string>();
    speaker.items.forEach((item, k) => {
      const n = markerNumber(item.marker);
      if (n === null) return;
      const matches = tops.filter((r) => r.nominal === n);
      const match = matches.find(isLive) ?? matches[0];
      if (match && match.path !== String(k) && !target.has(match.id)) target.set(match.id, String(k));
    });
    if (target.size === 0) continue;
    const taken = new Set(target.values());
    const moves: { id: string; path: string | null }[] = [];
    const moveWithChildren = (r: StoredRequirement, to: string) => {
      moves.push({ id: r.id, path: to });
      for (const c of stored.filter((x) => x.parentId === r.id && x.path?.startsWith(`${r.path}.`))) {
        moves.push({ id: c.id, path: `${to}${c.path?.slice(r.path?.length ?? 0) ?? ''}` });
      }
    };
    for (const r of tops) {
      const to = target.get(r.id);
      if (to !== undefined) moveWithChildren(r, to);
      else if (r.path !== null && taken.has(r.path)) moveWithChildren(r, `~${r.id}`);
    }
    await store.requirements.movePaths(moves);
  }
}

/** Live items of these lists: id → content and whether flagged orphaned. */
async function liveContent(store: Store, listIds: Iterable<string>): Promise<Map<string, { content: string; orphaned: boolean }>> {
  const rows: StoredRequirement[] = [];
  for (const id of listIds) rows.push(...(await store.requirements.byList(id)).filter(isLive));
  return new Map(rows.map((r) => [r.id, { content: JSON.stringify([r.fields, r.marker]), orphaned: r.orphaned }]));
}

/**
 * Apply a fresh extraction of turn `turn` (`events` from pushing its corrected segments, plus
 * `end()` when the turn is over) and sweep what it no longer finds. Returns a function that
 * summarises the changes; `writer.flush()` is left to the caller (after any preview of
 * unconfirmed text).
 */
export async function reconcileTurn(
  w: RequirementWriter,
  store: Store,
  turn: number,
  result: ExtractionResult,
  events: readonly ExtractorEvent[],
): Promise<() => Promise<ReextractionSummary>> {
  const listIds = new Set((await w.turnLists(turn)).map((l) => l.id));
  const before = await liveContent(store, listIds);
  await rekeyByNumber(w, store, turn, result);
  const written = await applyExtractorEvents(w, store, turn, events);
  for (const [i, list] of (await w.turnLists(turn)).entries()) {
    if (i >= result.speakers.length) {
      await retractListWithItems(w, store, list);
      continue;
    }
    for (const r of await store.requirements.byList(list.id)) {
      if (r.path !== null && !r.provisional && isLive(r) && !written.has(r.id)) await w.retractOrKeep(r);
    }
  }
  return async () => {
    for (const l of await w.turnLists(turn)) listIds.add(l.id);
    const after = await liveContent(store, listIds);
    const summary: ReextractionSummary = { added: 0, updated: 0, retracted: 0, kept: 0 };
    for (const [id, now] of after) {
      const old = before.get(id);
      if (!old) summary.added += 1;
      else if (now.orphaned && !old.orphaned) summary.kept += 1;
      else if (now.content !== old.content) summary.updated += 1;
    }
    for (const id of before.keys()) if (!after.has(id)) summary.retracted += 1;
    return summary;
  };
}
