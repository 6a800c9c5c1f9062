/**
 * The secretary's minutes draft: GET the generated draft with the stored edits applied, PUT new
 * edits (optimistic concurrency by revision, so two desks never overwrite each other unseen).
 * The minutes exports render the same edited draft.
 */
import type { FastifyInstance } from 'fastify';
import type { MinutesDraftReply, MinutesEdits } from '../../../shared/protocol/minutes.ts';
import { minutesDraftPutBody } from '../../../shared/protocol/minutes.ts';
import { meetingIdParams } from '../../../shared/protocol/rest.ts';
import type { Store } from '../../db/store.ts';
import { DomainError } from '../../errors.ts';
import { loadExportSnapshot } from '../../exports/load.ts';
import { generateMinutesDraft } from '../../exports/minutes-draft.ts';
import { applyMinutesEdits, reviewEdits } from '../../exports/minutes-edits.ts';
import { STAFF, requireSession } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

function draftReply(store: Store, meetingId: string): MinutesDraftReply {
  const snapshot = loadExportSnapshot(store, meetingId);
  const stored = store.minutesDrafts.get(meetingId);
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
}

/** Edits may only name this meeting's requirements and lists. */
function assertOwnTargets(store: Store, meetingId: string, edits: MinutesEdits): void {
  const requirements = new Set(store.requirements.list(meetingId).map((r) => r.id));
  const lists = new Set(store.requirements.lists(meetingId).map((l) => l.id));
  const unknown = [
    ...Object.keys(edits.items ?? {}).filter((id) => !requirements.has(id)).map((id) => `items.${id}: not a requirement of this meeting`),
    ...Object.keys(edits.headings ?? {}).filter((id) => !lists.has(id)).map((id) => `headings.${id}: not a list of this meeting`),
  ];
  if (unknown.length > 0) throw new DomainError('bad_request', unknown.slice(0, 10));
}

export function registerMinutesRoutes(root: FastifyInstance, deps: Pick<HttpDeps, 'secret' | 'store'>): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, store } = deps;
  const url = '/api/meetings/:meetingId/minutes-draft';

  app.get(url, { schema: { params: meetingIdParams } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, STAFF);
    return draftReply(store, request.params.meetingId);
  });

  app.put(url, { schema: { params: meetingIdParams, body: minutesDraftPutBody } }, async (request) => {
    const { meetingId } = request.params;
    const session = requireSession(request, secret, meetingId, STAFF);
    const { edits, revision } = request.body;
    store.tx(() => {
      if (!store.meetings.get(meetingId)) throw new DomainError('not_found');
      assertOwnTargets(store, meetingId, edits);
      const before = store.minutesDrafts.get(meetingId);
      if (before.revision !== revision) throw new DomainError('conflict', [`revision ${revision} is stale: ${before.revision} is stored`]);
      const at = new Date().toISOString();
      store.minutesDrafts.save(meetingId, edits, at, session.role);
      store.audit.record({ meetingId, at, role: session.role, venueId: session.venueId, action: 'minutes:edit', targetId: meetingId, before: before.edits, after: edits });
    });
    return draftReply(store, meetingId);
  });
}
