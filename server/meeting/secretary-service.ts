/**
 * Secretary edits: segment text; requirement fields, merge, split, withdraw, publish. Each edit
 * is one transaction writing the change, an audit record and a sequenced event that reaches
 * venues live (when the requirement is visible to them).
 */
import type { Requirement, RequirementFields, RequirementStatus, Segment } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { RequirementEditRequest } from '../../shared/protocol/schemas.ts';
import { editsOf, toWire, type StoredRequirement } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { newId } from './ids.ts';
import type { Append, Committed, Sequencer } from './sequencer.ts';
import { requirementAudience } from './visibility.ts';

export function createSecretaryService({ store, sequencer }: { store: Store; sequencer: Sequencer }) {
  function requirement(s: SessionClaims, id: string): StoredRequirement {
    const r = store.requirements.get(id);
    if (!r || r.meetingId !== s.meetingId) throw new DomainError('not_found');
    return r;
  }

  function audit(s: SessionClaims, action: string, targetId: string, before: unknown, after: unknown): void {
    store.audit.record({ meetingId: s.meetingId, at: sequencer.now(), role: s.role, venueId: s.venueId, action, targetId, before, after });
  }

  /** Save a requirement with new edits/status and return its new state. */
  function save(r: StoredRequirement, edits: Partial<RequirementFields>, patch: Partial<StoredRequirement> = {}): StoredRequirement {
    const next: StoredRequirement = { ...r, ...patch, fields: { ...r.machine, ...edits }, updatedAt: sequencer.now() };
    next.editedFields = (Object.keys(edits) as (keyof RequirementFields)[]).sort(); // keys of a Partial<RequirementFields>
    store.requirements.save(next, edits);
    return next;
  }

  /** Venues hear of a change if they could see any requirement involved, before or after it. */
  const audienceOf = (...involved: Requirement[]) =>
    involved.some((r) => requirementAudience(r) === 'all') ? 'all' : 'staff';

  function listUpdated(append: Append, listId: string): void {
    const list = store.requirements.getList(listId);
    if (list) append(list.meetingId, 'list:updated', 'all', { list });
  }

  /** Publish or withdraw (idempotent): the list's found count follows. */
  function setStatus(
    s: SessionClaims,
    id: string,
    status: Extract<RequirementStatus, 'published' | 'withdrawn'>,
    action: 'requirement:publish' | 'requirement:withdraw',
  ): Committed<Requirement> {
    return sequencer.commit((append) => {
      const r = requirement(s, id);
      if (r.status === status) return toWire(r);
      const next = save(r, editsOf(r), { status });
      audit(s, action, r.id, { status: r.status }, { status });
      append(s.meetingId, `requirement:${status}`, audienceOf(r, next), { requirement: toWire(next) });
      listUpdated(append, r.listId);
      return toWire(next);
    });
  }

  return {
    editSegment(s: SessionClaims, segmentId: string, text: string): Committed<Segment> {
      return sequencer.commit((append) => {
        const seg = store.segments.get(segmentId);
        if (!seg || seg.meetingId !== s.meetingId) throw new DomainError('not_found');
        const at = sequencer.now();
        store.segments.editText(seg.id, text, at);
        const next: Segment = { ...seg, text, editedAt: at };
        audit(s, 'segment:edit', seg.id, { text: seg.text }, { text });
        append(s.meetingId, 'segment:edited', 'all', { segment: next });
        return next;
      });
    },

    edit(s: SessionClaims, req: RequirementEditRequest): Committed<Requirement> {
      return sequencer.commit((append) => {
        const r = requirement(s, req.requirementId);
        const edits = editsOf(r);
        const patch = req.fields;
        if (patch.headline !== undefined) edits.headline = patch.headline;
        if (patch.text !== undefined) edits.text = patch.text;
        if (patch.responsible !== undefined) edits.responsible = patch.responsible;
        if (patch.deadline !== undefined) edits.deadline = patch.deadline;
        const next = save(r, edits);
        audit(s, 'requirement:edit', r.id, r.fields, next.fields);
        append(s.meetingId, 'requirement:edited', audienceOf(r, next), { requirement: toWire(next) });
        return toWire(next);
      });
    },

    publish: (s: SessionClaims, id: string) => setStatus(s, id, 'published', 'requirement:publish'),

    withdraw: (s: SessionClaims, id: string) => setStatus(s, id, 'withdrawn', 'requirement:withdraw'),

    /** The first requirement absorbs the others (texts joined, responsible units united); they are withdrawn. */
    merge(s: SessionClaims, ids: string[]): Committed<Requirement> {
      if (new Set(ids).size !== ids.length) throw new DomainError('bad_request', ['requirementIds: duplicates']);
      return sequencer.commit((append) => {
        const [first, ...rest] = ids.map((id) => requirement(s, id));
        if (!first) throw new DomainError('bad_request');
        if ([first, ...rest].some((r) => r.status === 'withdrawn' || r.listId !== first.listId)) {
          throw new DomainError('conflict', ['merge needs live requirements of one list']);
        }
        const edits = editsOf(first);
        edits.text = [first, ...rest].map((r) => r.fields.text).join('');
        edits.responsible = [...new Set([first, ...rest].flatMap((r) => r.fields.responsible))];
        edits.deadline = first.fields.deadline ?? rest.find((r) => r.fields.deadline)?.fields.deadline ?? null;
        const into = save(first, edits);
        const removed = rest.map((r) => save(r, editsOf(r), { status: 'withdrawn' }));
        audit(s, 'requirement:merge', first.id, { ids }, { into: into.fields });
        append(s.meetingId, 'requirement:merged', audienceOf(first, ...rest, into), { into: toWire(into), removed: removed.map(toWire) });
        listUpdated(append, first.listId);
        return toWire(into);
      });
    },

    /** Cut a requirement's text at `at`: the source keeps the first half, a new requirement the rest. */
    split(s: SessionClaims, id: string, at: number): Committed<{ source: Requirement; created: Requirement }> {
      return sequencer.commit((append) => {
        const r = requirement(s, id);
        if (r.status === 'withdrawn') throw new DomainError('conflict', ['requirement is withdrawn']);
        if (at >= r.fields.text.length) throw new DomainError('bad_request', ['at: beyond the end of the text']);
        const firstText = r.fields.text.slice(0, at);
        const secondText = r.fields.text.slice(at);
        const source = save(r, { ...editsOf(r), text: firstText });
        const nextKey = store.requirements.nextSortKey(r.listId, r.parentId, r.sortKey);
        const now = sequencer.now();
        const fields: RequirementFields = { headline: secondText.slice(0, 40), text: secondText, responsible: [], deadline: null };
        const created: StoredRequirement = {
          ...r,
          id: newId(),
          path: null,
          sortKey: nextKey === null ? r.sortKey + 1 : (r.sortKey + nextKey) / 2,
          marker: r.marker,
          closed: true,
          fields,
          machine: fields,
          editedFields: [],
          createdAt: now,
          updatedAt: now,
        };
        store.requirements.insert(created);
        audit(s, 'requirement:split', r.id, { text: r.fields.text }, { source: firstText, created: created.id });
        append(s.meetingId, 'requirement:split', audienceOf(r, source), { source: toWire(source), created: toWire(created) });
        listUpdated(append, r.listId);
        return { source: toWire(source), created: toWire(created) };
      });
    },
  };
}

export type SecretaryService = ReturnType<typeof createSecretaryService>;
