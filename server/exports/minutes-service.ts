/**
 * The secretary's minutes draft: the generated draft with the stored edits applied, and new
 * edits saved under optimistic concurrency (by revision, so two desks never overwrite each other
 * unseen), audited. The minutes exports render the same edited draft. The revision is compared
 * under the meeting's write lock, so two saves over one revision on two server nodes cannot both pass.
 */
import type { MinutesDraftReply, MinutesEdits } from '../../shared/protocol/minutes.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { loadExportSnapshot } from './load.ts';
import { generateMinutesDraft } from './minutes-draft.ts';
import { applyMinutesEdits, reviewEdits } from './minutes-edits.ts';

/** Read and edit a meeting's minutes draft. */
export interface MinutesService {
  draft(meetingId: string): Promise<MinutesDraftReply>;
  /** Save `edits` over `revision` (conflict when another desk saved since); returns the new draft. */
  saveEdits(session: SessionClaims, meetingId: string, edits: MinutesEdits, revision: number): Promise<MinutesDraftReply>;
}

/** Edits may only name this meeting's requirements and lists. */
async function assertOwnTargets(store: Store, meetingId: string, edits: MinutesEdits): Promise<void> {
  const requirements = new Set((await store.requirements.list(meetingId)).map((r) => r.id));
  const lists = new Set((await store.requirements.lists(meetingId)).map((l) => l.id));
  const unknown = [
    ...Object.keys(edits.items ?? {}).filter((id) => !requirements.has(id)).map((id) => `items.${id}: not a requirement of this meeting`),
    ...Object.keys(edits.headings ?? {}).filter((id) => !lists.has(id)).map((id) => `headings.${id}: not a list of this meeting`),
  ];
  if (unknown.length > 0) throw new DomainError('bad_request', unknown.slice(0, 10));
}

export function createMinutesService(store: Store): MinutesService {
  const draft = async (meetingId: string): Promise<MinutesDraftReply> => {
    const snapshot = await loadExportSnapshot(store, meetingId);
    const stored = await store.minutesDrafts.get(meetingId);
    const generated = generateMinutesDraft(snapshot);
    const inMinutes = snapshot.lists.flatMap((l) => l.requirements);
    return {
      generated,
      edits: stored.edits,
      draft: applyMinutesEdits(generated, stored.edits),
      revision: stored.revision,
      updatedAt: stored.updatedAt,
      ...reviewEdits(stored.edits, inMinutes),
    };
  };
  return {
    draft,
    async saveEdits(session, meetingId, edits, revision) {
      await store.tx(async () => {
        if (!(await store.meetings.get(meetingId))) throw new DomainError('not_found');
        // Reads in here (requirements, the stored draft) take the meeting's write lock (meeting-lock.ts).
        await assertOwnTargets(store, meetingId, edits);
        const before = await store.minutesDrafts.get(meetingId);
        if (before.revision !== revision) throw new DomainError('conflict', [`revision ${revision} is stale: ${before.revision} is stored`]);
        const at = new Date().toISOString();
        await store.minutesDrafts.save(meetingId, edits, at, session.role);
        await store.audit.record({ meetingId, at, role: session.role, venueId: session.venueId, action: 'minutes:edit', targetId: meetingId, before: before.edits, after: edits });
      });
      return draft(meetingId);
    },
  };
}
