/** Organiser sessions on HTTP: `Authorization: Bearer lso_…`. */
import type { FastifyRequest } from 'fastify';
import type { OrganiserAuth, OrganiserService } from '../organisers/organiser-service.ts';

/** The bearer token of a request, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The organiser behind the request; throws `login_required` (401) otherwise. */
export function requireOrganiser(request: FastifyRequest, organisers: OrganiserService): Promise<OrganiserAuth> {
  return organisers.authenticate(bearerToken(request));
}
