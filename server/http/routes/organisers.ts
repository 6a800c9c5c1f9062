/**
 * Organiser login and accounts: log in/out, who am I, change password; administrators list,
 * add and manage accounts. Login is throttled per account and source (see login-limiter.ts).
 */
import type { FastifyInstance } from 'fastify';
import { wireError } from '../../../shared/protocol/errors.ts';
import { loginBody, organiserCreateBody, organiserIdParams, organiserUpdateBody, passwordChangeBody } from '../../../shared/protocol/organiser.ts';
import { LoginThrottledError } from '../../organisers/organiser-service.ts';
import type { HttpDeps } from '../deps.ts';
import { organiserOnly, requireOrganiser } from '../organiser-auth.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';

export function registerOrganiserRoutes(root: FastifyInstance, deps: Pick<HttpDeps, 'organisers'>): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { organisers } = deps;
  // Every route but login: authenticated before its body is validated (anonymous is always 401).
  const onRequest = organiserOnly(organisers);

  // Unauthenticated: a small body limit, so nobody can make the server parse a large one here.
  app.post('/api/auth/login', { schema: { body: loginBody }, bodyLimit: 8 * 1024 }, async (request, reply) => {
    try {
      const reply200 = await organisers.login(request.body, request.ip);
      request.log.info({ organiserId: reply200.organiser.id }, 'organiser logged in');
      return reply200;
    } catch (err) {
      if (err instanceof LoginThrottledError) {
        request.log.warn({ ip: request.ip }, 'organiser login throttled');
        return reply.status(429).header('retry-after', String(err.retryAfterS)).send({ error: wireError('rate_limited') });
      }
      throw err;
    }
  });

  app.post('/api/auth/logout', { onRequest }, async (request, reply) => {
    await organisers.logout(requireOrganiser(request));
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { onRequest }, async (request) => {
    const auth = requireOrganiser(request);
    const { passwordHash: _h, passwordChangedAt: _c, ...organiser } = auth.organiser;
    return { organiser, expiresAt: auth.session.expiresAt };
  });

  app.post('/api/auth/password', { onRequest, schema: { body: passwordChangeBody } }, async (request, reply) => {
    const auth = requireOrganiser(request);
    try {
      await organisers.changePassword(auth, request.body.currentPassword, request.body.newPassword, request.ip);
    } catch (err) {
      if (err instanceof LoginThrottledError) {
        return reply.status(429).header('retry-after', String(err.retryAfterS)).send({ error: wireError('rate_limited') });
      }
      throw err;
    }
    return reply.status(204).send();
  });

  app.get('/api/organisers', { onRequest }, async (request) => ({ organisers: await organisers.list(requireOrganiser(request)) }));

  app.post('/api/organisers', { onRequest, schema: { body: organiserCreateBody } }, async (request, reply) => {
    const auth = requireOrganiser(request);
    const organiser = await organisers.create(auth, request.body);
    request.log.info({ organiserId: organiser.id, by: auth.organiser.id }, 'organiser account created');
    return reply.status(201).send({ organiser });
  });

  app.patch('/api/organisers/:organiserId', { onRequest, schema: { params: organiserIdParams, body: organiserUpdateBody } }, async (request) => {
    const auth = requireOrganiser(request);
    const organiser = await organisers.update(auth, request.params.organiserId, request.body);
    request.log.info({ organiserId: organiser.id, by: auth.organiser.id, fields: Object.keys(request.body) }, 'organiser account changed');
    return { organiser };
  });
}
