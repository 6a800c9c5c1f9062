/** REST routes for venues (import from CSV or JSON), join codes (JSON or CSV download) and joining. */
import type { FastifyInstance } from 'fastify';
import { joinBody, meetingIdParams } from '../../../shared/protocol/rest.ts';
import { wireError } from '../../../shared/protocol/errors.ts';
import { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { normaliseRows, parseVenueCsv } from '../../meeting/venue-import.ts';
import { ANY_ROLE, HOST, requireSession, sessionFromRequest } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

const ROLE_LABELS = { host: '主持人', secretary: '记录员', venue: '分会场' } as const;
const LEVEL_LABELS = { province: '省', prefecture: '市/州', county: '县/区' } as const;

/** CSV field with quotes when needed (RFC 4180). */
const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function registerVenueRoutes(root: FastifyInstance, deps: HttpDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { secret, meetings, store } = deps;
  const params = meetingIdParams;

  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => {
    done(null, { csv: body });
  });

  app.get('/api/meetings/:meetingId/venues', { schema: { params } }, async (request) => {
    requireSession(request, secret, request.params.meetingId, ANY_ROLE);
    return { venues: store.venues.list(request.params.meetingId) };
  });

  app.post('/api/meetings/:meetingId/venues', {
    schema: { params, body: z.union([z.object({ csv: z.string().max(2 * 1024 * 1024) }), z.object({ venues: z.array(z.unknown()).min(1).max(5000) })]) },
    bodyLimit: 2 * 1024 * 1024,
  }, async (request) => {
    requireSession(request, secret, request.params.meetingId, HOST);
    const body = request.body;
    const raw = 'csv' in body ? parseVenueCsv(body.csv) : body.venues;
    const { result, publish } = meetings.importVenues(request.params.meetingId, normaliseRows(raw));
    publish();
    return { venues: result };
  });

  app.get('/api/meetings/:meetingId/join-codes', {
    schema: { params, querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
  }, async (request, reply) => {
    const { meetingId } = request.params;
    requireSession(request, secret, meetingId, HOST);
    const entries = meetings.joinCodes(meetingId);
    if (request.query.format === 'json') return { entries };
    const names = new Map(store.venues.list(meetingId).map((v) => [v.id, v.name]));
    const origin = `${request.protocol}://${request.host}`;
    const lines = [['角色', '会场', '级别', '上级会场', '加入码', '链接'].join(',')];
    for (const e of entries) {
      const parent = e.parentId ? (names.get(e.parentId) ?? '') : '';
      lines.push([ROLE_LABELS[e.role], e.venueName, LEVEL_LABELS[e.level], parent, e.code, `${origin}${e.path}`].map(csvField).join(','));
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="join-codes-${meetingId}.csv"`)
      .send('\uFEFF' + lines.join('\r\n') + '\r\n');
  });

  app.post('/api/join', { schema: { body: joinBody } }, async (request, reply) => {
    if (!deps.joinLimiter.allowed(request.ip)) {
      return reply.status(429).header('retry-after', '10').send({ error: wireError('rate_limited') });
    }
    const joined = meetings.join(request.body.code);
    if (!joined) {
      deps.joinLimiter.consume(request.ip);
      throw new DomainError('invalid_join_code');
    }
    return joined;
  });

  app.get('/api/session', async (request) => {
    const session = sessionFromRequest(request, secret);
    return { session, meeting: meetings.get(session.meetingId), venue: store.venues.get(session.venueId) };
  });
}
