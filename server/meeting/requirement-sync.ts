/**
 * Applies extractor events to stored requirement lists and requirements. Idempotent: replaying
 * the same events (after a restart the extractor is rebuilt from the stored transcript) changes
 * and emits nothing. Machine updates touch only `machine`; a secretary's edits stay on top.
 */
import type { ExtractedItem, ExtractedSpeaker, ExtractorEvent } from '../../shared/extraction/types.ts';
import type { Meeting, RequirementFields, RequirementList } from '../../shared/protocol/domain.ts';
import { editsOf, toWire, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { newId } from './ids.ts';
import type { Append } from './sequencer.ts';
import { requirementAudience } from './visibility.ts';

const machineFields = (item: ExtractedItem): RequirementFields => ({
  headline: item.headline,
  text: item.text,
  responsible: [...item.responsible],
  deadline: item.deadline,
});

const sameFields = (a: RequirementFields, b: RequirementFields): boolean =>
  a.headline === b.headline && a.text === b.text && a.deadline === b.deadline &&
  a.responsible.length === b.responsible.length && a.responsible.every((r, i) => r === b.responsible[i]);

const sameList = (a: RequirementList, b: RequirementList): boolean =>
  a.speakerName === b.speakerName && a.speakerRole === b.speakerRole && a.announcedCount === b.announcedCount &&
  a.foundCount === b.foundCount && a.countMismatch === b.countMismatch && a.closed === b.closed;

/**
 * Collapse a batch to the final state per list and per item, in order of first appearance:
 * the last payload wins and `closed` is sticky. Replaying a whole speech through a fresh
 * extractor then lands on the stored state directly instead of re-emitting every intermediate one.
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

/** Apply one batch of extractor events inside the caller's transaction (collapsed first). */
export function applyExtractorEvents(store: Store, meeting: Meeting, events: readonly ExtractorEvent[], append: Append, now: string): void {
  const before = new Map<string, RequirementList>();
  const touch = (list: RequirementList) => {
    if (!before.has(list.id)) before.set(list.id, list);
  };

  function ensureList(listIndex: number, speaker: ExtractedSpeaker | null): RequirementList {
    const existing = store.requirements.findListByIndex(meeting.id, listIndex);
    if (existing) {
      touch(existing);
      return existing;
    }
    const list: RequirementList = {
      id: newId(),
      meetingId: meeting.id,
      index: listIndex,
      speakerName: speaker?.name ?? null,
      speakerRole: speaker?.role ?? null,
      announcedCount: speaker?.announced_count ?? null,
      foundCount: 0,
      countMismatch: false,
      closed: false,
    };
    store.requirements.insertList(list);
    const stored = store.requirements.getList(list.id) ?? list;
    append(meeting.id, 'list:opened', 'all', { list: stored });
    before.set(stored.id, stored);
    return stored;
  }

  for (const e of collapseEvents(events)) {
    switch (e.type) {
      case 'list:opened':
      case 'list:updated':
      case 'list:closed': {
        const list = ensureList(e.listIndex, e.speaker);
        store.requirements.saveList({
          ...list,
          speakerName: e.speaker.name,
          speakerRole: e.speaker.role,
          announcedCount: e.speaker.announced_count,
          closed: list.closed || e.type === 'list:closed',
        });
        break;
      }
      case 'item:opened':
      case 'item:updated':
      case 'item:closed':
        applyItem(e, ensureList(e.listIndex, null));
        break;
      case 'item:retracted':
      case 'list:retracted':
        // TODO(#10): the live path publishes guesses and retracts them; this walk never emits these yet.
        break;
      default: {
        const never: never = e;
        throw new Error(`unknown extractor event ${JSON.stringify(never)}`);
      }
    }
  }

  // Count check: one list:updated per changed list (found count follows requirements).
  for (const [id, old] of before) {
    const list = store.requirements.getList(id);
    if (list && !sameList(old, list)) append(meeting.id, 'list:updated', 'all', { list });
  }

  function applyItem(e: Extract<ExtractorEvent, { item: ExtractedItem }>, list: RequirementList): void {
    const path = e.path.join('.');
    const closed = e.type === 'item:closed';
    const existing = store.requirements.findByPath(list.id, path);
    const machine = machineFields(e.item);
    if (!existing) {
      const parent = e.path.length > 1 ? store.requirements.findByPath(list.id, e.path.slice(0, -1).join('.')) : null;
      const r: StoredRequirement = {
        id: newId(),
        meetingId: meeting.id,
        listId: list.id,
        parentId: parent?.id ?? null,
        ordinal: e.item.ordinal,
        sortKey: e.item.ordinal,
        marker: e.item.marker,
        status: meeting.publishMode === 'auto' ? 'published' : 'draft',
        closed,
        fields: machine,
        machine,
        editedFields: [],
        createdAt: now,
        updatedAt: now,
        path,
      };
      store.requirements.insert(r);
      append(meeting.id, 'requirement:opened', requirementAudience(r), { requirement: toWire(r) });
      return;
    }
    const becameClosed = closed && !existing.closed;
    if (!becameClosed && sameFields(existing.machine, machine) && existing.marker === e.item.marker) return;
    const edits = editsOf(existing);
    const next: StoredRequirement = {
      ...existing,
      marker: e.item.marker,
      closed: existing.closed || closed,
      machine,
      fields: { ...machine, ...edits },
      updatedAt: now,
    };
    store.requirements.save(next, edits);
    const type = becameClosed ? 'requirement:closed' : 'requirement:updated';
    append(meeting.id, type, requirementAudience(next), { requirement: toWire(next) });
  }
}
