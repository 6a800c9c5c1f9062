/**
 * One transaction's worth of requirement changes, and the events they produce. Changes go to
 * the database at once; `flush()` then renumbers every touched list (shared/requirements/numbering.ts),
 * and appends one event per changed requirement with its final state, and one per changed list.
 * Collapsing to final states keeps replays and batches from emitting intermediate states.
 *
 * Lists are kept per speaker turn: turn T owns list indices [T × TURN_LIST_STRIDE, (T+1) × …),
 * and the extractor's list i of that turn is the turn's i-th list not retracted. A correction
 * re-extracting one turn therefore never renumbers the lists of another.
 *
 * A writer keeps what it touched in memory until `flush`: use it inside one transaction and
 * await each call before the next (never several at once).
 */
import type { ExtractedSpeaker } from '../../shared/extraction/types.ts';
import type { MeetingEventType } from '../../shared/protocol/events.ts';
import type { Meeting, RequirementFields, RequirementList } from '../../shared/protocol/domain.ts';
import { numberItems } from '../../shared/requirements/numbering.ts';
import { compareDisplayOrder } from '../../shared/requirements/order.ts';
import { editsOf, isLive, toWire, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { newId } from './ids.ts';
import type { Append } from './sequencer.ts';
import { requirementAudience } from './visibility.ts';

/** List indices reserved per speaker turn. */
export const TURN_LIST_STRIDE = 1000;

/** Item event types the writer decides between. */
type ItemEvent = Extract<MeetingEventType, `requirement:${string}`>;

interface Pending {
  /** The event the first change asked for (opened, added, restored, updated, edited …). */
  type: ItemEvent;
  /** Live before this batch (not retracted/withdrawn). */
  liveBefore: boolean;
  /** Venues could see it before this batch (published): they must hear what became of it. */
  publishedBefore: boolean;
  closedBefore: boolean;
}

export const sameFields = (a: RequirementFields, b: RequirementFields): boolean =>
  a.headline === b.headline && a.text === b.text && a.deadline === b.deadline &&
  a.responsible.length === b.responsible.length && a.responsible.every((r, i) => r === b.responsible[i]);

const sameList = (a: RequirementList, b: RequirementList): boolean =>
  a.speakerName === b.speakerName && a.speakerRole === b.speakerRole && a.announcedCount === b.announcedCount &&
  a.foundCount === b.foundCount && a.countMismatch === b.countMismatch && a.closed === b.closed &&
  a.provisional === b.provisional && a.retracted === b.retracted;

/** A secretary edited, approved, added or split it: the machine may never retract it silently. */
export const secretaryTouched = (r: StoredRequirement): boolean =>
  r.editedFields.length > 0 || r.origin !== 'machine' || r.reviewedAt !== null;

export interface RequirementWriter {
  readonly meeting: Meeting;
  readonly now: string;
  /** The turn's i-th list that is not retracted, or null. */
  listOf(turn: number, i: number): Promise<RequirementList | null>;
  /** The turn's lists that are not retracted, in order. */
  turnLists(turn: number): Promise<RequirementList[]>;
  /** The turn's i-th list, created when missing; a confirmed list stops being provisional. */
  ensureList(turn: number, i: number, speaker: ExtractedSpeaker | null, provisional: boolean): Promise<RequirementList>;
  saveList(list: RequirementList): Promise<void>;
  retractList(list: RequirementList): Promise<void>;
  /** Insert a new requirement and queue its event. */
  insert(r: StoredRequirement, type: 'requirement:opened' | 'requirement:added', edits?: Partial<RequirementFields>): Promise<void>;
  /** Save a changed requirement (edits as given) and queue `type` for it. */
  save(before: StoredRequirement, next: StoredRequirement, edits: Partial<RequirementFields>, type: ItemEvent): Promise<void>;
  /**
   * The machine no longer supports `r`: retract it, or — when a secretary worked on it — keep it
   * flagged `orphaned`. Returns what happened (nothing for items already gone).
   */
  retractOrKeep(r: StoredRequirement): Promise<'retracted' | 'kept' | 'none'>;
  /** Renumber this sibling group at flush (after a structural change made elsewhere). */
  touchGroup(listId: string, parentId: string | null): Promise<void>;
  /** Renumber touched groups and append the events; ids in `exclude` get no item event (the caller emits its own). */
  flush(exclude?: ReadonlySet<string>): Promise<void>;
}

export function createRequirementWriter(store: Store, meeting: Meeting, append: Append, now: string): RequirementWriter {
  const pending = new Map<string, Pending>();
  const listsBefore = new Map<string, RequirementList | null>();
  const groups = new Map<string, { listId: string; parentId: string | null }>();

  const touchList = async (id: string): Promise<void> => {
    if (!listsBefore.has(id)) listsBefore.set(id, await store.requirements.getList(id));
  };
  const touchGroup = async (listId: string, parentId: string | null): Promise<void> => {
    groups.set(`${listId}|${parentId ?? ''}`, { listId, parentId });
    await touchList(listId);
  };
  const mark = (before: StoredRequirement | null, id: string, type: ItemEvent) => {
    if (pending.has(id)) return;
    pending.set(id, { type, liveBefore: before !== null && isLive(before), publishedBefore: before?.status === 'published', closedBefore: before?.closed ?? false });
  };

  const turnLists = async (turn: number): Promise<RequirementList[]> =>
    (await store.requirements.listsInRange(meeting.id, turn * TURN_LIST_STRIDE, (turn + 1) * TURN_LIST_STRIDE)).filter((l) => !l.retracted);

  async function retractList(list: RequirementList): Promise<void> {
    await touchList(list.id);
    await store.requirements.retractList(list.id, now);
  }

  const writer: RequirementWriter = {
    meeting,
    now,
    turnLists,
    listOf: async (turn, i) => (await turnLists(turn))[i] ?? null,

    async ensureList(turn, i, speaker, provisional) {
      const existing = await writer.listOf(turn, i);
      if (existing) {
        await touchList(existing.id);
        if (existing.provisional && !provisional) await writer.saveList({ ...existing, provisional: false });
        return (await store.requirements.getList(existing.id)) ?? existing;
      }
      const all = await store.requirements.listsInRange(meeting.id, turn * TURN_LIST_STRIDE, (turn + 1) * TURN_LIST_STRIDE);
      const list: RequirementList = {
        id: newId(),
        meetingId: meeting.id,
        index: (all[all.length - 1]?.index ?? turn * TURN_LIST_STRIDE - 1) + 1,
        speakerName: speaker?.name ?? null,
        speakerRole: speaker?.role ?? null,
        announcedCount: speaker?.announced_count ?? null,
        foundCount: 0,
        countMismatch: false,
        closed: false,
        provisional,
        retracted: false,
      };
      await store.requirements.insertList(list);
      listsBefore.set(list.id, null);
      return (await store.requirements.getList(list.id)) ?? list;
    },

    async saveList(list) {
      await touchList(list.id);
      await store.requirements.saveList(list);
    },

    retractList,

    // Groups (and their lists) are touched before the write, so a list's state before it is kept.
    async insert(r, type, edits = {}) {
      await touchGroup(r.listId, r.parentId);
      await store.requirements.insert(r, edits);
      mark(null, r.id, type);
    },

    async save(before, next, edits, type) {
      await touchGroup(next.listId, next.parentId);
      if (before.parentId !== next.parentId || before.listId !== next.listId) await touchGroup(before.listId, before.parentId);
      await store.requirements.save(next, edits);
      mark(before, next.id, type);
    },

    async retractOrKeep(r) {
      if (!isLive(r)) return 'none';
      if (secretaryTouched(r)) {
        if (r.orphaned) return 'kept';
        await writer.save(r, { ...r, orphaned: true, provisional: false, updatedAt: now }, editsOf(r), 'requirement:updated');
        return 'kept';
      }
      await writer.save(r, { ...r, retractedAt: now, updatedAt: now }, editsOf(r), 'requirement:retracted');
      return 'retracted';
    },

    touchGroup,

    async flush(exclude = new Set()) {
      for (const { listId, parentId } of groups.values()) await renumber(listId, parentId);
      // New lists first, so every item event refers to a list the client knows.
      for (const [id, before] of listsBefore) {
        const list = before === null ? await store.requirements.getList(id) : null;
        if (list) await append(meeting.id, 'list:opened', 'all', { list });
      }
      for (const [id, p] of pending) {
        if (exclude.has(id)) continue;
        const r = await store.requirements.get(id);
        if (!r) continue;
        const type = eventType(p, r);
        const audience = p.publishedBefore ? 'all' : requirementAudience(r);
        if (type) await append(meeting.id, type, audience, { requirement: toWire(r) });
      }
      for (const [id, before] of listsBefore) {
        const list = before ? await store.requirements.getList(id) : null;
        if (list && before && !sameList(before, list)) await append(meeting.id, 'list:updated', 'all', { list });
      }
      pending.clear();
      listsBefore.clear();
      groups.clear();
    },
  };

  /** Ordinals and markers of one sibling group, from its live items in display order. */
  async function renumber(listId: string, parentId: string | null): Promise<void> {
    const siblings = (await store.requirements.byList(listId)).filter((r) => r.parentId === parentId && isLive(r)).sort(compareDisplayOrder);
    const numbered = numberItems(siblings.map((r) => ({ id: r.id, nominal: r.nominal, nominalEnd: r.nominalEnd, marker: r.marker })));
    for (const [i, n] of numbered.entries()) {
      const r = siblings[i];
      if (!r || (r.ordinal === n.ordinal && r.marker === n.marker)) continue;
      await store.requirements.save({ ...r, ordinal: n.ordinal, marker: n.marker }, editsOf(r));
      mark(r, r.id, 'requirement:updated');
    }
  }

  return writer;
}

/** The one event a requirement changed in a batch gets, from its state before and after. */
function eventType(p: Pending, after: StoredRequirement): ItemEvent | null {
  const liveAfter = isLive(after);
  if (p.type === 'requirement:opened' || p.type === 'requirement:added') return liveAfter ? p.type : null;
  if (!p.liveBefore && liveAfter && p.type === 'requirement:updated') return 'requirement:opened';
  if (p.liveBefore && after.retractedAt !== null) return 'requirement:retracted';
  if (p.type === 'requirement:updated' && after.closed && !p.closedBefore) return 'requirement:closed';
  return p.type;
}
