/** REST routes for meetings: create (organiser), read, update, delete, start/end, reopen for corrections, snapshot, audit, board. */
import type { FastifyInstance } from 'fastify';
import { meetingCreateBody, meetingIdParams, meetingUpdateBody } from '../../../shared/protocol/rest.ts';
import { ANY_ROLE, HOST, requireSession, STAFF } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { sendThenPublish } from '../send-then-publish.ts';
import { organiserOnly, requireOrganiser } from '../organiser-auth.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

export function registerMeetingRoutes(root: FastifyInstance, deps: HttpDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, meetings } = deps;
  const params = meetingIdParams;

  // Only a logged-in organiser creates meetings; the meeting is theirs (list, search, open).
  // Authenticated before the body is validated: anonymous is always 401, never a 400.
  app.post('/api/meetings', { onRequest: organiserOnly(deps.organisers), schema: { body: meetingCreateBody } }, async (request, reply) => {
    const { organiser } = requireOrganiser(request);
    const created = await meetings.create(request.body, organiser.id);
    request.log.info({ meetingId: created.meeting.id, organiserId: organiser.id }, 'meeting created');
    return reply.status(201).send(created);
  });

  app.get('/api/meetings/:meetingId', { schema: { params } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, ANY_ROLE);
    return { meeting: await meetings.get(request.params.meetingId) };
  });

  app.patch('/api/meetings/:meetingId', { schema: { params, body: meetingUpdateBody } }, async (request, reply) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    const { result, publish } = await meetings.update(request.params.meetingId, request.body);
    return sendThenPublish(reply, { meeting: result }, publish);
  });

  app.delete('/api/meetings/:meetingId', { schema: { params } }, async (request, reply) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    await meetings.delete(request.params.meetingId);
    deps.disconnectMeeting(request.params.meetingId);
    return reply.status(204).send();
  });

  app.post('/api/meetings/:meetingId/start', { schema: { params } }, async (request, reply) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    const { result, publish } = await deps.lifecycle.start(request.params.meetingId);
    return sendThenPublish(reply, { meeting: result }, publish);
  });

  app.post('/api/meetings/:meetingId/end', { schema: { params } }, async (request, reply) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    const { result, publish } = await deps.lifecycle.end(request.params.meetingId);
    return sendThenPublish(reply, { meeting: result }, publish);
  });

  // Corrections after the meeting (secretary or host): reopen the record, then close it again.
  app.post('/api/meetings/:meetingId/reopen', { schema: { params } }, async (request, reply) => {
    const session = requireSession(request, secret, request.params.meetingId, STAFF);
    const { result, publish } = await meetings.reopen(session);
    return sendThenPublish(reply, { meeting: result }, publish);
  });

  app.post('/api/meetings/:meetingId/close-corrections', { schema: { params } }, async (request, reply) => {
    const session = requireSession(request, secret, request.params.meetingId, STAFF);
    const { result, publish } = await meetings.closeCorrections(session);
    return sendThenPublish(reply, { meeting: result }, publish);
  });

  app.get('/api/meetings/:meetingId/snapshot', { schema: { params } }, async (request) => {
    const session = requireSession(request, secret, request.params.meetingId, ANY_ROLE);
    return deps.snapshot(session);
  });

  app.get('/api/meetings/:meetingId/audit', { schema: { params } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, STAFF);
    return { entries: await meetings.audit(request.params.meetingId) };
  });

  app.get('/api/meetings/:meetingId/board', { schema: { params } }, async (request) => {
    const { meetingId } = request.params;
    requireSession(request, secret, meetingId, STAFF);
    const board = await meetings.board(meetingId);
    return { ...board, presence: await deps.presence.list(board.venues.map((v) => v.id)) };
  });
}
