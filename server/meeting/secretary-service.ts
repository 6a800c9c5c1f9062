/**
 * Secretary edits: segment text (re-runs extraction for its speaker turn); requirement fields,
 * publish, withdraw, add by hand; merge, split and their undo (list-structure.ts). Each edit is one
 * transaction writing the change, an audit record and sequenced events that reach venues live
 * (when the requirement is visible to them); lists are renumbered in the same transaction.
 */
import type { Requirement, RequirementFields, Segment } from '../../shared/protocol/domain.ts';
import type { ReextractionSummary, SessionClaims } from '../../shared/protocol/socket.ts';
import type { RequirementAddRequest, RequirementEditRequest } from '../../shared/protocol/schemas.ts';
import { markerNumber, markerWithNumber } from '../../shared/requirements/numbering.ts';
import { compareDisplayOrder } from '../../shared/requirements/order.ts';
import { editsOf, isLive, toWire, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { newId } from './ids.ts';
import type { EditContext } from './edit-context.ts';
import { createListStructure } from './list-structure.ts';
import { createRequirementWriter, sameFields } from './requirement-writer.ts';
import type { Committed, Sequencer } from './sequencer.ts';
import type { TranscriptPipeline } from './transcript-pipeline.ts';

export interface SecretaryDeps {
  store: Store;
  sequencer: Sequencer;
  /** Re-extraction after a segment correction; absent: corrections only change the transcript. */
  pipeline?: Pick<TranscriptPipeline, 'reextract' | 'exclusive' | 'prepareCorrection'>;
}

export function createSecretaryService({ store, sequencer, pipeline }: SecretaryDeps) {
  /**
   * Run `work` in one transaction with an edit context; pending requirement events are flushed
   * after it (work may flush earlier itself, to read numbered states for its own event).
   */
  function edit<T>(s: SessionClaims, work: (ctx: EditContext) => Promise<T>): Promise<Committed<T>> {
    return sequencer.commit(async (append) => {
      // Read first: in the transaction this locks the meeting (PostgreSQL) before anything the edit
      // decides on, so another node's edit of this meeting waits, then is seen.
      const meeting = await store.meetings.get(s.meetingId);
      if (!meeting) throw new DomainError('not_found');
      // An ended meeting's record is final until a secretary reopens it for corrections.
      if (meeting.status === 'ended' && !meeting.reopenedForCorrections) throw new DomainError('meeting_closed');
      const now = sequencer.now();
      const w = createRequirementWriter(store, meeting, append, now);
      const ctx: EditContext = {
        s, w, append,
        async requirement(id) {
          const r = await store.requirements.get(id);
          if (!r || r.meetingId !== s.meetingId) throw new DomainError('not_found');
          if (r.retractedAt !== null) throw new DomainError('conflict', ['requirement was retracted']);
          return r;
        },
        async audit(action, targetId, before, after) {
          await store.audit.record({ meetingId: s.meetingId, at: now, role: s.role, venueId: s.venueId, action, targetId, before, after });
        },
        edited(r, edits, patch = {}) {
          const fields = { ...r.machine, ...edits };
          const editedFields = (Object.keys(edits) as (keyof RequirementFields)[]).sort(); // keys of a Partial<RequirementFields>
          const bump = sameFields(r.fields, fields) ? 0 : 1;
          return { ...r, ...patch, fields, editedFields, version: r.version + bump, reviewedAt: now, updatedAt: now };
        },
        async fresh(id) {
          const r = await store.requirements.get(id);
          if (!r) throw new DomainError('not_found');
          return toWire(r);
        },
      };
      const result = await work(ctx);
      await w.flush();
      return result;
    });
  }

  /** Publish or withdraw (idempotent): numbering and the list's found count follow. */
  function setStatus(s: SessionClaims, id: string, status: 'published' | 'withdrawn'): Promise<Committed<Requirement>> {
    return edit(s, async (ctx) => {
      const r = await ctx.requirement(id);
      if (r.status === status) return toWire(r);
      const patch: Partial<StoredRequirement> = { status };
      if (status === 'published') patch.publishedAt = r.publishedAt ?? ctx.w.now;
      const next = ctx.edited(r, editsOf(r), patch);
      await ctx.w.save(r, next, editsOf(r), `requirement:${status}`);
      await ctx.audit(`requirement:${status === 'published' ? 'publish' : 'withdraw'}`, r.id, { status: r.status }, { status });
      return toWire(next);
    });
  }

  const structure = createListStructure(store, edit);

  return {
    editSegment(s: SessionClaims, segmentId: string, text: string): Promise<Committed<{ segment: Segment; reextraction: ReextractionSummary }>> {
      // In the meeting's pipeline queue: no final or peek of the meeting runs half-way while the
      // turn it reads is being re-extracted (the transaction alone does not cover in-memory state).
      const run = <T>(work: () => Promise<T>) => (pipeline ? pipeline.exclusive(s.meetingId, work) : work());
      return run(async () => {
        await pipeline?.prepareCorrection(s.meetingId);
        return edit(s, async (ctx) => {
          const seg = await store.segments.get(segmentId);
          if (!seg || seg.meetingId !== s.meetingId) throw new DomainError('not_found');
          const at = ctx.w.now;
          await store.segments.editText(seg.id, text, at);
          const segment: Segment = { ...seg, text, editedAt: at };
          await ctx.audit('segment:edit', seg.id, { text: seg.text }, { text });
          await ctx.append(s.meetingId, 'segment:edited', 'all', { segment });
          const reextraction = (await pipeline?.reextract(s.meetingId, seg.id, ctx.append)) ?? { added: 0, updated: 0, retracted: 0, kept: 0 };
          return { segment, reextraction };
        });
      });
    },

    edit(s: SessionClaims, req: RequirementEditRequest): Promise<Committed<Requirement>> {
      return edit(s, async (ctx) => {
        const r = await ctx.requirement(req.requirementId);
        const edits = editsOf(r);
        const patch = req.fields;
        if (patch.headline !== undefined) edits.headline = patch.headline;
        if (patch.text !== undefined) edits.text = patch.text;
        if (patch.responsible !== undefined) edits.responsible = patch.responsible;
        if (patch.deadline !== undefined) edits.deadline = patch.deadline;
        const next = ctx.edited(r, edits, { provisional: false });
        await ctx.w.save(r, next, edits, 'requirement:edited');
        await ctx.audit('requirement:edit', r.id, r.fields, next.fields);
        return toWire(next);
      });
    },

    publish: (s: SessionClaims, id: string) => setStatus(s, id, 'published'),

    withdraw: (s: SessionClaims, id: string) => setStatus(s, id, 'withdrawn'),

    /**
     * Add an item by hand (a point the recogniser missed). With `ordinal` it takes that number:
     * between the items numbered below and above it, filling a gap, or moving later items up.
     */
    add(s: SessionClaims, req: RequirementAddRequest): Promise<Committed<Requirement>> {
      return edit(s, async (ctx) => {
        const list = await store.requirements.getList(req.listId);
        if (!list || list.meetingId !== s.meetingId) throw new DomainError('not_found');
        const parentId = req.parentId ?? null;
        if (parentId !== null && (await ctx.requirement(parentId)).listId !== list.id) throw new DomainError('bad_request', ['parentId: not in this list']);
        const siblings = (await store.requirements.byList(list.id)).filter((r) => r.parentId === parentId && isLive(r)).sort(compareDisplayOrder);
        const n = req.ordinal ?? (siblings[siblings.length - 1]?.ordinal ?? 0) + 1;
        const before = siblings.filter((r) => r.ordinal < n).pop();
        const after = siblings.find((r) => r.ordinal >= n);
        const lo = before?.sortKey ?? (after ? after.sortKey - 1 : 0);
        const sortKey = after ? (lo + after.sortKey) / 2 : lo + 0.5;
        const template = siblings.find((r) => markerNumber(r.marker) !== null)?.marker ?? (parentId ? '一是' : '第一');
        const now = ctx.w.now;
        const fields: RequirementFields = {
          headline: req.fields.headline,
          text: req.fields.text ?? '',
          responsible: req.fields.responsible ?? [],
          deadline: req.fields.deadline ?? null,
        };
        const r: StoredRequirement = {
          id: newId(), meetingId: s.meetingId, listId: list.id, parentId, ordinal: n, sortKey, marker: markerWithNumber(template, n),
          // Written by the secretary, so already reviewed: it reaches the venues in either publish mode.
          status: 'published', closed: true, provisional: false, retractedAt: null, version: 1, origin: 'manual', orphaned: false,
          fields, machine: fields, editedFields: [], createdAt: now, updatedAt: now, publishedAt: now,
          path: null, nominal: req.ordinal ?? null, nominalEnd: null, reviewedAt: now,
        };
        await ctx.w.insert(r, 'requirement:added');
        await ctx.audit('requirement:add', r.id, null, { listId: list.id, ordinal: n, fields, segmentId: req.segmentId ?? null });
        await ctx.w.flush();
        return ctx.fresh(r.id);
      });
    },

    merge: structure.merge,
    split: structure.split,
    undo: structure.undo,
  };
}

export type SecretaryService = ReturnType<typeof createSecretaryService>;
