/**
 * Route schemas are zod schemas: a type provider gives handlers the parsed types, a validator
 * compiler runs `safeParse`, and the error handler turns every failure into `{ error: WireError }`
 * with a known code and its Chinese message.
 */
import type { FastifyError, FastifyInstance, FastifyRequest, FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';
import { wireError } from '../../shared/protocol/errors.ts';
import { isStorageError } from '../db/storage-health.ts';
import { DomainError, HTTP_STATUS, zodDetails } from '../errors.ts';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

class RouteValidationError extends Error {
  constructor(readonly details: string[]) {
    super('validation failed');
  }
}

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && 'safeParse' in schema;
}

/**
 * Maps a module's own errors to domain errors before the shared mapping (e.g. LiveKit's "venue not
 * in the room" → not_found); null leaves the error as it is.
 */
export type ErrorTranslator = (err: unknown, request: FastifyRequest) => DomainError | null;

/** Zod route schemas on `app` (and the scopes below it): validated with `safeParse`, failures a 400. */
export function installZodValidator(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    if (!isZod(schema)) return { value: data };
    const r = schema.safeParse(data);
    return r.success ? { value: r.data } : { error: new RouteValidationError(zodDetails(r.error.issues)) };
  });
}

/** The one error mapping of every route: `{ error: WireError }` with the code's HTTP status. */
export function installErrorMapper(app: FastifyInstance, translate: ErrorTranslator = () => null): void {
  app.setErrorHandler((thrown: FastifyError | DomainError | Error, request, reply) => {
    const err = translate(thrown, request) ?? thrown;
    if (err instanceof DomainError) {
      return reply.status(HTTP_STATUS[err.code]).send({ error: err.toWire() });
    }
    if (err instanceof RouteValidationError) {
      return reply.status(400).send({ error: wireError('bad_request', err.details) });
    }
    const fe = err as FastifyError; // fastify's own errors carry code/statusCode
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: wireError('payload_too_large') });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 429) return reply.status(429).send({ error: wireError('rate_limited') });
      return reply.status(fe.statusCode).send({ error: wireError('bad_request', [fe.message.slice(0, 200)]) });
    }
    if (isStorageError(err)) {
      request.log.error({ err }, 'request failed: database cannot be written');
      return reply.status(503).send({ error: wireError('storage_unavailable') });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: wireError('internal') });
  });
}

/** Zod validation, the shared error mapping, and JSON 404s (or the SPA's index.html) for the whole app. */
export function installZodValidation(app: FastifyInstance, spaRoot: string | null = null): void {
  installZodValidator(app);
  installErrorMapper(app);

  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    // Client-side routes (/join/…, /venue …) get the SPA's index.html; API paths a JSON 404.
    if (spaRoot && request.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/socket.io/')) {
      return reply.type('text/html').sendFile('index.html', spaRoot);
    }
    return reply.status(404).send({ error: wireError('not_found') });
  });
}
