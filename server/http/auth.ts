/** Session tokens on HTTP: `Authorization: Bearer <token>`, scoped to one meeting and some roles. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { verifySession } from '../auth/session-token.ts';
import { DomainError } from '../errors.ts';
import { bearerToken } from './organiser-auth.ts';

export function sessionFromRequest(request: FastifyRequest, secret: string): SessionClaims {
  const session = verifySession(bearerToken(request), secret);
  if (!session) throw new DomainError('unauthorized');
  return session;
}

/** The session, if it belongs to `meetingId` and has one of `roles`; else 401/403. */
export function requireSession(request: FastifyRequest, secret: string, meetingId: string, roles: readonly Role[]): SessionClaims {
  const session = sessionFromRequest(request, secret);
  // A token for another meeting learns nothing, not even whether this meeting exists.
  if (session.meetingId !== meetingId) throw new DomainError('forbidden');
  if (!roles.includes(session.role)) throw new DomainError('forbidden');
  return session;
}

export const ANY_ROLE: readonly Role[] = ['host', 'secretary', 'venue'];
export const STAFF: readonly Role[] = ['host', 'secretary'];
export const HOST: readonly Role[] = ['host'];

/**
 * Refuse, on every `/api/` route, a session token whose join code was rotated or revoked since it
 * was issued (`isCurrent`: meeting/access-service.ts). Requests without a valid token pass on to
 * their route, which decides what it needs.
 */
export function installRevokedSessionCheck(app: FastifyInstance, secret: string, isCurrent: (s: SessionClaims) => Promise<boolean>): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearerToken(request);
    const session = token ? verifySession(token, secret) : null;
    if (session && !(await isCurrent(session))) throw new DomainError('unauthorized');
  });
}
