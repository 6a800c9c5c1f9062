/**
 * REST routes for venues (import from CSV or JSON), join codes (JSON, the venues' CSV download,
 * rotate / revoke) and joining.
 */
import type { FastifyInstance } from 'fastify';
import { codeActionBody, joinBody, meetingIdParams, venueCodeParams, type CodeActionReply } from '../../../shared/protocol/rest.ts';
import { wireError } from '../../../shared/protocol/errors.ts';
import { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { normaliseRows, parseVenueCsv } from '../../meeting/venue-import.ts';
import { ANY_ROLE, HOST, requireSession, sessionFromRequest } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

const LEVEL_LABELS = { province: '省', prefecture: '市/州', county: '县/区' } as const;

/** Longest body `POST /api/join` takes, bytes (a code is 20 characters). */
export const JOIN_BODY_LIMIT_BYTES = 1024;

/**
 * CSV field: a cell Excel would run as a formula (= + - @, or a leading tab/CR) is prefixed with
 * an apostrophe, so an imported venue name like `=HYPERLINK(…)` stays text; quoted when needed (RFC 4180).
 */
export const csvField = (raw: string): string => {
  const v = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
};

export function registerVenueRoutes(root: FastifyInstance, deps: HttpDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, meetings } = deps;
  const params = meetingIdParams;

  // Bytes, not text: the file may be GBK as Excel saves it on Chinese Windows (venue-import.ts decodes).
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => {
    done(null, { csv: body });
  });

  app.get('/api/meetings/:meetingId/venues', { schema: { params } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, ANY_ROLE);
    return { venues: await meetings.venues(request.params.meetingId) };
  });

  app.post('/api/meetings/:meetingId/venues', {
    schema: { params, body: z.union([z.object({ csv: z.instanceof(Uint8Array) }), z.object({ venues: z.array(z.unknown()).min(1).max(5000) })]) },
    bodyLimit: 2 * 1024 * 1024,
  }, async (request) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    const body = request.body;
    const raw = 'csv' in body ? parseVenueCsv(body.csv) : body.venues;
    const { result, publish } = await meetings.importVenues(request.params.meetingId, normaliseRows(raw));
    publish();
    return { venues: result };
  });

  app.get('/api/meetings/:meetingId/join-codes', {
    schema: { params, querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
  }, async (request, reply) => {
    const { meetingId } = request.params;
    requireSession(request, secret, meetingId, HOST);
    const entries = await meetings.joinCodes(meetingId);
    if (request.query.format === 'json') return { entries };
    // The file is handed to branch venues: theirs only (host and secretary codes stay in the console),
    // links from the configured public URL, never from the request's Host header.
    const names = new Map((await meetings.venues(meetingId)).map((v) => [v.id, v.name]));
    const lines = [['会场', '级别', '上级会场', '加入码', '链接'].join(',')];
    for (const e of entries) {
      if (e.role !== 'venue' || !e.code || !e.path) continue;
      const parent = e.parentId ? (names.get(e.parentId) ?? '') : '';
      lines.push([e.venueName, LEVEL_LABELS[e.level], parent, e.code, `${deps.publicUrl ?? ''}${e.path}`].map(csvField).join(','));
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="join-codes-${meetingId}.csv"`)
      .send('\uFEFF' + lines.join('\r\n') + '\r\n');
  });

  // Rotate (a new code replaces the old) or revoke a code; sessions from the old code end at once.
  app.post('/api/meetings/:meetingId/venues/:venueId/code', { schema: { params: venueCodeParams, body: codeActionBody } }, async (request): Promise<CodeActionReply> => {
    const { meetingId, venueId } = request.params;
    const by = requireSession(request, secret, meetingId, HOST);
    const { action, role } = request.body;
    const entry = await (action === 'rotate' ? deps.access.rotate(by, venueId, role) : deps.access.revoke(by, venueId, role));
    const endedSockets = await deps.endStaleSessions(meetingId, venueId);
    request.log.info({ meetingId, venueId, role, action, endedSockets }, 'join code changed');
    return { entry, endedSockets };
  });

  app.post('/api/join', { schema: { body: joinBody }, bodyLimit: JOIN_BODY_LIMIT_BYTES }, async (request, reply) => {
    // A valid code always joins (see join-guard.ts); only wrong ones are counted and limited.
    const joined = await meetings.join(request.body.code);
    if (joined) return joined;
    const limited = await deps.joinGuard.wrongCode(request.ip, request.body.code);
    if (limited) {
      request.log.warn({ ip: request.ip, scope: limited.scope }, 'wrong join codes limited');
      return reply.status(429).header('retry-after', String(Math.max(1, Math.ceil(limited.retryAfterMs / 1000)))).send({ error: wireError('rate_limited') });
    }
    throw new DomainError('invalid_join_code');
  });

  app.get('/api/session', async (request) => {
    const session = sessionFromRequest(request, secret);
    return { session, meeting: await meetings.get(session.meetingId), venue: await meetings.venue(session.venueId) };
  });
}
