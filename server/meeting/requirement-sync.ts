/**
 * Extractor output → stored requirement lists and requirements, through a RequirementWriter.
 *
 * - `applyExtractorEvents`: what the extractor confirmed from final segments. Idempotent:
 *   replaying the same events (the extractor is rebuilt from the stored transcript after a
 *   restart) changes and emits nothing. Machine updates touch only `machine`; a secretary's
 *   edits stay on top.
 * - `applyPreview`: the extractor's look ahead at unconfirmed (interim) text. New items are
 *   stored `provisional` and published at once; provisional items the preview no longer shows
 *   are retracted (or kept, flagged, when a secretary worked on them). Confirmed items are never
 *   touched by a preview.
 */
import type { ExtractedItem, ExtractedSpeaker, ExtractionResult, ExtractorEvent } from '../../shared/extraction/types.ts';
import type { RequirementFields, RequirementList } from '../../shared/protocol/domain.ts';
import { markerNumber } from '../../shared/requirements/numbering.ts';
import { editsOf, isLive, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { newId } from './ids.ts';
import { sameFields, type RequirementWriter } from './requirement-writer.ts';

const machineFields = (item: ExtractedItem): RequirementFields => ({
  headline: item.headline,
  text: item.text,
  responsible: [...item.responsible],
  deadline: item.deadline,
});

/**
 * Collapse a batch to the final state per list and per item, in order of first appearance:
 * the last payload wins and `closed` is sticky. Replaying a whole speech through a fresh
 * extractor then lands on the stored state directly instead of re-emitting every intermediate one.
 * Callers split batches at `list:retracted` (list indices shift there).
 */
export function collapseEvents(events: readonly ExtractorEvent[]): ExtractorEvent[] {
  const order: string[] = [];
  const last = new Map<string, ExtractorEvent>();
  for (const e of events) {
    const key = 'path' in e ? `i${e.listIndex}:${e.path.join('.')}` : `l${e.listIndex}`;
    const prev = last.get(key);
    if (!prev) order.push(key);
    const closed = prev?.type === 'item:closed' || prev?.type === 'list:closed';
    if (closed && e.type !== 'item:retracted' && e.type !== 'list:retracted') {
      if ('item' in e) last.set(key, { ...e, type: 'item:closed' });
      else last.set(key, { ...e, type: 'list:closed' });
    } else last.set(key, e);
  }
  return order.map((k) => last.get(k)).filter((e): e is ExtractorEvent => e !== undefined);
}

/** Runs of events between list retractions (each retraction alone), so indices within a run agree. */
function runs(events: readonly ExtractorEvent[]): ExtractorEvent[][] {
  const out: ExtractorEvent[][] = [[]];
  for (const e of events) {
    if (e.type === 'list:retracted') out.push([e], []);
    else out[out.length - 1]!.push(e);
  }
  return out.filter((r) => r.length > 0);
}

/** How an item is being written: confirmed by a final, or previewed from interim text. */
type Mode = 'confirmed' | 'provisional';

/**
 * Write one extracted item at `path` of `list`. Returns the stored id. A provisional write never
 * changes a confirmed item; a confirmed write confirms a provisional one.
 */
export async function writeItem(w: RequirementWriter, store: Store, list: RequirementList, path: number[], item: ExtractedItem, closed: boolean, mode: Mode): Promise<string> {
  const key = path.join('.');
  const existing = await store.requirements.findByPath(list.id, key);
  const machine = machineFields(item);
  const nominal = markerNumber(item.marker);
  const sortKey = (path[path.length - 1] ?? 0) + 1;
  if (!existing) {
    const parentId = path.length > 1 ? ((await store.requirements.findByPath(list.id, path.slice(0, -1).join('.')))?.id ?? null) : null;
    const bound = mode === 'confirmed' && nominal !== null ? await handAddedWithNumber(store, list.id, parentId, nominal) : null;
    if (bound) {
      // The secretary added this point before the recogniser found it: the machine takes it over.
      const next: StoredRequirement = { ...bound, path: key, sortKey, machine, fields: { ...machine, ...editsOf(bound) }, closed, orphaned: false, updatedAt: w.now };
      await store.requirements.movePaths([{ id: bound.id, path: key }]);
      await w.save(bound, next, editsOf(bound), 'requirement:updated');
      return bound.id;
    }
    const published = w.meeting.publishMode === 'auto';
    const r: StoredRequirement = {
      id: newId(), meetingId: w.meeting.id, listId: list.id, parentId, ordinal: nominal ?? item.ordinal, sortKey, marker: item.marker,
      status: published ? 'published' : 'draft', closed, provisional: mode === 'provisional', retractedAt: null, version: 1, origin: 'machine',
      orphaned: false, fields: machine, machine, editedFields: [], createdAt: w.now, updatedAt: w.now, publishedAt: published ? w.now : null,
      path: key, nominal, nominalEnd: null, reviewedAt: null,
    };
    await w.insert(r, 'requirement:opened');
    return r.id;
  }
  if (mode === 'provisional' && !existing.provisional && existing.retractedAt === null) return existing.id;
  const edits = editsOf(existing);
  const fields = { ...machine, ...edits };
  const next: StoredRequirement = {
    ...existing,
    // The displayed marker may be renumbered (after a split); it only follows a different spoken number.
    marker: existing.nominal === nominal ? existing.marker : item.marker,
    nominal,
    nominalEnd: existing.nominalEnd !== null && nominal !== null && existing.nominalEnd > nominal ? existing.nominalEnd : null,
    sortKey,
    closed: existing.closed || closed,
    provisional: mode === 'provisional',
    retractedAt: null,
    orphaned: false,
    machine,
    fields,
    // A point still being spoken grows freely; once closed, a content change needs re-confirming.
    version: existing.version + (existing.closed && !sameFields(existing.fields, fields) ? 1 : 0),
    updatedAt: w.now,
  };
  const unchanged = sameFields(existing.machine, machine) && next.marker === existing.marker && next.closed === existing.closed &&
    next.provisional === existing.provisional && existing.retractedAt === null && !existing.orphaned && next.nominal === existing.nominal &&
    next.sortKey === existing.sortKey;
  if (!unchanged) await w.save(existing, next, edits, 'requirement:updated');
  return existing.id;
}

/** A live item a secretary added by hand with this number, not yet taken over by the machine. */
async function handAddedWithNumber(store: Store, listId: string, parentId: string | null, nominal: number): Promise<StoredRequirement | null> {
  return (await store.requirements.byList(listId)).find((r) => r.origin === 'manual' && r.path === null && r.parentId === parentId && r.nominal === nominal && isLive(r)) ?? null;
}

function saveSpeaker(w: RequirementWriter, list: RequirementList, speaker: ExtractedSpeaker, closed: boolean, provisional: boolean): Promise<void> {
  const next = {
    ...list,
    speakerName: speaker.name,
    speakerRole: speaker.role,
    announcedCount: speaker.announced_count,
    closed: list.closed || closed,
    provisional,
  };
  return w.saveList(next);
}

/** Retract a list: its items go (or stay, flagged, when a secretary worked on them). */
export async function retractListWithItems(w: RequirementWriter, store: Store, list: RequirementList): Promise<void> {
  for (const r of await store.requirements.byList(list.id)) await w.retractOrKeep(r);
  await w.retractList(list);
}

/**
 * Apply confirmed extractor events of speaker turn `turn` (collapsed per run). Returns the ids of
 * the requirements the events wrote (re-extraction sweeps the others).
 */
export async function applyExtractorEvents(w: RequirementWriter, store: Store, turn: number, events: readonly ExtractorEvent[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (const run of runs(events)) {
    for (const e of collapseEvents(run)) {
      switch (e.type) {
        case 'list:opened':
        case 'list:updated':
        case 'list:closed':
          await saveSpeaker(w, await w.ensureList(turn, e.listIndex, e.speaker, false), e.speaker, e.type === 'list:closed', false);
          break;
        case 'item:opened':
        case 'item:updated':
        case 'item:closed':
          written.add(await writeItem(w, store, await w.ensureList(turn, e.listIndex, null, false), e.path, e.item, e.type === 'item:closed', 'confirmed'));
          break;
        case 'item:retracted': {
          const list = await w.listOf(turn, e.listIndex);
          const key = e.path.join('.');
          const gone = list ? (await store.requirements.byList(list.id)).filter((r) => r.path === key || r.path?.startsWith(`${key}.`)) : [];
          for (const r of gone) await w.retractOrKeep(r);
          break;
        }
        case 'list:retracted': {
          const list = await w.listOf(turn, e.listIndex);
          if (list) await retractListWithItems(w, store, list);
          break;
        }
        default: {
          const never: never = e;
          throw new Error(`unknown extractor event ${JSON.stringify(never)}`);
        }
      }
    }
  }
  return written;
}

/**
 * Bring the turn's provisional lists and items in line with `preview` (the extractor's result
 * as if the unconfirmed text followed): new items are stored provisional, provisional ones
 * follow the preview, and provisional ones it no longer shows are retracted. With
 * `settled` (after a final, or when the turn ended: the preview then rests on confirmed text
 * only), machine items and lists it no longer shows are retracted too — the extractor's live
 * preview of a next point, for one, may not survive the text that follows.
 */
export async function applyPreview(w: RequirementWriter, store: Store, turn: number, preview: ExtractionResult, settled = false): Promise<void> {
  const shown = new Set<string>();
  for (const [i, speaker] of preview.speakers.entries()) {
    const list = await w.ensureList(turn, i, speaker, true);
    if (list.provisional) await saveSpeaker(w, list, speaker, false, true);
    const walk = async (items: ExtractedItem[], prefix: number[]): Promise<void> => {
      for (const [k, item] of items.entries()) {
        const path = [...prefix, k];
        shown.add(await writeItem(w, store, list, path, item, false, 'provisional'));
        await walk(item.children, path);
      }
    };
    await walk(speaker.items, []);
  }
  for (const [i, list] of (await w.turnLists(turn)).entries()) {
    if (i >= preview.speakers.length && (list.provisional || settled)) {
      await retractListWithItems(w, store, list);
      continue;
    }
    for (const r of await store.requirements.byList(list.id)) {
      const machine = r.provisional || (settled && r.path !== null && r.origin === 'machine');
      if (machine && isLive(r) && !shown.has(r.id)) await w.retractOrKeep(r);
    }
  }
}
