/**
 * The organiser's archive: its meetings (newest first, with figures), full-text search over
 * them, and opening one as host or secretary without join codes. Another organiser's meeting
 * is answered as not found: its existence is not revealed.
 */
import type { FastifyInstance } from 'fastify';
import { meetingIdParams } from '../../../shared/protocol/rest.ts';
import { meetingListQuery, openMeetingBody, searchQuery } from '../../../shared/protocol/organiser.ts';
import type { HttpDeps } from '../deps.ts';
import { organiserOnly, requireOrganiser } from '../organiser-auth.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

export function registerArchiveRoutes(root: FastifyInstance, deps: Pick<HttpDeps, 'organisers' | 'search' | 'meetings'>): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { meetings } = deps;
  // Every route here is the organiser's: authenticated before its query or body is validated.
  const onRequest = organiserOnly(deps.organisers);

  app.get('/api/meetings', { onRequest, schema: { querystring: meetingListQuery } }, async (request) => {
    const { organiser } = requireOrganiser(request);
    return meetings.summaries(organiser.id, request.query.limit, request.query.offset);
  });

  app.get('/api/search', { onRequest, schema: { querystring: searchQuery } }, async (request) => {
    const { organiser } = requireOrganiser(request);
    const t0 = performance.now();
    const reply = await deps.search(organiser.id, request.query.q, request.query.limit);
    // The query is sensitive text: logged as a count of terms only.
    request.log.info({ terms: reply.terms.length, method: reply.method, hits: reply.hits.length, ms: Math.round(performance.now() - t0) }, 'search');
    return reply;
  });

  app.post('/api/meetings/:meetingId/sessions', { onRequest, schema: { params: meetingIdParams, body: openMeetingBody } }, async (request) => {
    const { organiser, session } = requireOrganiser(request);
    const { meetingId } = request.params;
    await meetings.assertOwner(meetingId, organiser.id);
    const opened = await meetings.openAs(meetingId, request.body.role, Date.parse(session.expiresAt) / 1000);
    request.log.info({ meetingId, role: request.body.role, organiserId: organiser.id }, 'meeting opened by organiser');
    return opened;
  });
}
