/**
 * The secretary's minutes draft (server/exports/minutes-service.ts): GET the generated draft with
 * the stored edits applied, PUT new edits (optimistic concurrency by revision).
 */
import type { FastifyInstance } from 'fastify';
import { minutesDraftPutBody } from '../../../shared/protocol/minutes.ts';
import { meetingIdParams } from '../../../shared/protocol/rest.ts';
import { STAFF, requireSession } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

export function registerMinutesRoutes(root: FastifyInstance, deps: Pick<HttpDeps, 'secret' | 'minutes'>): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, minutes } = deps;
  const url = '/api/meetings/:meetingId/minutes-draft';

  app.get(url, { schema: { params: meetingIdParams } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, STAFF);
    return minutes.draft(request.params.meetingId);
  });

  app.put(url, { schema: { params: meetingIdParams, body: minutesDraftPutBody } }, async (request) => {
    const { meetingId } = request.params;
    const session = requireSession(request, secret, meetingId, STAFF);
    return minutes.saveEdits(session, meetingId, request.body.edits, request.body.revision);
  });
}
