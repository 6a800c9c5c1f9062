/**
 * Merge and split of requirements, and their undo. Both renumber the list (no two 第五: the
 * second half of a split takes the next number and later items move up; a merge moves them
 * down again), and store what an undo restores.
 */
import type { Requirement, RequirementFields, RequirementStatus } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { draftFromText } from '../../shared/requirements/draft.ts';
import { editsOf, isLive, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { newId } from './ids.ts';
import type { EditContext, EditRunner } from './edit-context.ts';
import type { Committed } from './sequencer.ts';

/** What undoing a merge restores. */
interface MergeUndo {
  intoId: string;
  before: { edits: Partial<RequirementFields>; nominalEnd: number | null };
  removed: { id: string; status: RequirementStatus }[];
}

/** What undoing a split restores. */
interface SplitUndo {
  sourceId: string;
  createdId: string;
  before: { edits: Partial<RequirementFields>; nominalEnd: number | null };
}

/** Venues hear of a change if they could see any requirement involved, before or after it. */
const audienceOf = (...involved: Requirement[]) => (involved.some((r) => r.status === 'published') ? 'all' : 'staff');

export function createListStructure(store: Store, edit: EditRunner) {
  async function undoMerge(ctx: EditContext, op: MergeUndo): Promise<string[]> {
    const into = await ctx.requirement(op.intoId);
    const removed: { r: StoredRequirement; status: RequirementStatus }[] = [];
    for (const x of op.removed) removed.push({ r: await ctx.requirement(x.id), status: x.status });
    if (!isLive(into) || removed.some((x) => x.r.status !== 'withdrawn')) throw new DomainError('conflict', ['merged items changed since']);
    await ctx.w.save(into, ctx.edited(into, op.before.edits, { nominalEnd: op.before.nominalEnd }), op.before.edits, 'requirement:edited');
    for (const { r, status } of removed) await ctx.w.save(r, { ...r, status, updatedAt: ctx.w.now }, editsOf(r), 'requirement:restored');
    return [into.id, ...removed.map((x) => x.r.id)];
  }

  async function undoSplit(ctx: EditContext, op: SplitUndo): Promise<string[]> {
    const source = await ctx.requirement(op.sourceId);
    const created = await ctx.requirement(op.createdId);
    if (!isLive(source) || !isLive(created)) throw new DomainError('conflict', ['split items changed since']);
    await ctx.w.save(source, ctx.edited(source, op.before.edits, { nominalEnd: op.before.nominalEnd }), op.before.edits, 'requirement:edited');
    await ctx.w.save(created, { ...created, status: 'withdrawn', updatedAt: ctx.w.now }, editsOf(created), 'requirement:withdrawn');
    return [source.id, created.id];
  }

  /** The stored states of `ids`, in order, for the wire. */
  async function freshAll(ctx: EditContext, ids: string[]): Promise<Requirement[]> {
    const out: Requirement[] = [];
    for (const id of ids) out.push(await ctx.fresh(id));
    return out;
  }

  return {
    /**
     * The first requirement absorbs the others (texts joined, responsible units united, the
     * highest spoken number kept so later items move down); they are withdrawn.
     */
    async merge(s: SessionClaims, ids: string[]): Promise<Committed<{ requirement: Requirement; undoId: string }>> {
      if (new Set(ids).size !== ids.length) throw new DomainError('bad_request', ['requirementIds: duplicates']);
      return edit(s, async (ctx) => {
        const involved: StoredRequirement[] = [];
        for (const id of ids) involved.push(await ctx.requirement(id));
        const [first, ...rest] = involved;
        if (!first) throw new DomainError('bad_request');
        if ([first, ...rest].some((r) => !isLive(r) || r.listId !== first.listId || r.parentId !== first.parentId)) {
          throw new DomainError('conflict', ['merge needs live requirements of one list and level']);
        }
        const edits = editsOf(first);
        edits.text = [first, ...rest].map((r) => r.fields.text).join('');
        edits.responsible = [...new Set([first, ...rest].flatMap((r) => r.fields.responsible))];
        edits.deadline = first.fields.deadline ?? rest.find((r) => r.fields.deadline)?.fields.deadline ?? null;
        const ends = [first, ...rest].map((r) => r.nominalEnd ?? r.nominal).filter((n): n is number => n !== null);
        const nominalEnd = ends.length > 0 && Math.max(...ends) > (first.nominal ?? 0) ? Math.max(...ends) : null;
        await ctx.w.save(first, ctx.edited(first, edits, { nominalEnd, provisional: false }), edits, 'requirement:updated');
        for (const r of rest) await ctx.w.save(r, { ...r, status: 'withdrawn', updatedAt: ctx.w.now }, editsOf(r), 'requirement:withdrawn');
        const undo: MergeUndo = { intoId: first.id, before: { edits: editsOf(first), nominalEnd: first.nominalEnd }, removed: rest.map((r) => ({ id: r.id, status: r.status })) };
        const undoId = newId();
        await store.undo.insert({ id: undoId, meetingId: s.meetingId, kind: 'merge', state: undo, createdAt: ctx.w.now });
        await ctx.w.flush(new Set(ids));
        const into = await ctx.fresh(first.id);
        const removed = await freshAll(ctx, rest.map((r) => r.id));
        await ctx.audit('requirement:merge', first.id, { ids }, { into: into.fields, undoId });
        await ctx.append(s.meetingId, 'requirement:merged', audienceOf(first, ...rest, into), { into, removed });
        return { requirement: into, undoId };
      });
    },

    /** Cut a requirement's text at `at`: the source keeps the first half, a new requirement (the next number) the rest. */
    split(s: SessionClaims, id: string, at: number): Promise<Committed<{ source: Requirement; created: Requirement; undoId: string }>> {
      return edit(s, async (ctx) => {
        const r = await ctx.requirement(id);
        if (!isLive(r)) throw new DomainError('conflict', ['requirement is withdrawn']);
        if (at >= r.fields.text.length) throw new DomainError('bad_request', ['at: beyond the end of the text']);
        const firstText = r.fields.text.slice(0, at);
        const secondText = r.fields.text.slice(at);
        const edits = { ...editsOf(r), text: firstText };
        await ctx.w.save(r, ctx.edited(r, edits, { provisional: false, nominalEnd: null }), edits, 'requirement:updated');
        const nextKey = await store.requirements.nextSortKey(r.listId, r.parentId, r.sortKey);
        const now = ctx.w.now;
        const fields: RequirementFields = { headline: draftFromText(secondText).headline || secondText.slice(0, 40), text: secondText, responsible: [], deadline: null };
        const created: StoredRequirement = {
          ...r,
          id: newId(), path: null, origin: 'split', nominal: null, nominalEnd: r.nominalEnd,
          sortKey: nextKey === null ? r.sortKey + 1 : (r.sortKey + nextKey) / 2,
          closed: true, provisional: false, orphaned: false, retractedAt: null, version: 1,
          fields, machine: fields, editedFields: [], createdAt: now, updatedAt: now, reviewedAt: now,
          publishedAt: r.status === 'published' ? now : null,
        };
        await ctx.w.insert(created, 'requirement:opened');
        const undo: SplitUndo = { sourceId: r.id, createdId: created.id, before: { edits: editsOf(r), nominalEnd: r.nominalEnd } };
        const undoId = newId();
        await store.undo.insert({ id: undoId, meetingId: s.meetingId, kind: 'split', state: undo, createdAt: now });
        await ctx.w.flush(new Set([r.id, created.id]));
        const source = await ctx.fresh(r.id);
        const second = await ctx.fresh(created.id);
        await ctx.audit('requirement:split', r.id, { text: r.fields.text }, { source: firstText, created: created.id, undoId });
        await ctx.append(s.meetingId, 'requirement:split', audienceOf(r, source), { source, created: second });
        return { source, created: second, undoId };
      });
    },

    /** Undo a merge or split (once), if the items it touched are still as it left them. */
    undo(s: SessionClaims, undoId: string): Promise<Committed<{ requirements: Requirement[] }>> {
      return edit(s, async (ctx) => {
        const op = await store.undo.get(undoId);
        if (!op || op.meetingId !== s.meetingId) throw new DomainError('not_found');
        if (op.undoneAt !== null) throw new DomainError('conflict', ['already undone']);
        // The state was written by merge/split above with these shapes.
        const ids = op.kind === 'merge' ? await undoMerge(ctx, op.state as MergeUndo) : await undoSplit(ctx, op.state as SplitUndo);
        // Checked again where it is written: two undos racing past the check above, one applies.
        if (!(await store.undo.markUndone(op.id, ctx.w.now))) throw new DomainError('conflict', ['already undone']);
        await ctx.audit('requirement:undo', ids[0] ?? undoId, { kind: op.kind, undoId }, { ids });
        await ctx.w.flush();
        return { requirements: await freshAll(ctx, ids) };
      });
    },
  };
}
