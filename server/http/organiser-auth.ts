/**
 * Organiser sessions on HTTP: `Authorization: Bearer lso_…`. Organiser-only routes authenticate
 * in one shared `onRequest` hook, before the body is read or validated, so an anonymous caller
 * always gets 401 and never learns what a valid body looks like (a malformed body would be a 400).
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { OrganiserAuth, OrganiserService } from '../organisers/organiser-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organiser the `organiserOnly` hook authenticated; null on every other route. */
    organiserAuth: OrganiserAuth | null;
  }
}

/** The bearer token of a request, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Declares `request.organiserAuth` once for the app (before any route uses `organiserOnly`). */
export function installOrganiserAuth(app: FastifyInstance): void {
  app.decorateRequest('organiserAuth', null);
}

/**
 * The `onRequest` hook of every organiser-only route: the organiser behind the request, stored on
 * it; `login_required` (401) otherwise. It runs before body parsing and schema validation.
 */
export function organiserOnly(organisers: OrganiserService): onRequestAsyncHookHandler {
  return async (request) => {
    request.organiserAuth = await organisers.authenticate(bearerToken(request));
  };
}

/** The organiser of a route guarded by `organiserOnly` (its hook has run). */
export function requireOrganiser(request: FastifyRequest): OrganiserAuth {
  // A route that forgot the hook fails closed and loudly (500), instead of authenticating late.
  if (!request.organiserAuth) throw new Error(`${request.routeOptions.url ?? request.url}: organiser-only route without the organiserOnly hook`);
  return request.organiserAuth;
}
