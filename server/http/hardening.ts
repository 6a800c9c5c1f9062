/**
 * HTTP protections that apply to every route: JSON bodies are checked for nesting depth before
 * they are parsed (and prototype keys are refused by Fastify's own parser), TCP connections that
 * sit idle with no request in progress are closed, and responses carry security headers — the
 * client pages a strict Content-Security-Policy that forbids framing.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';
import { jsonTooDeep } from './json-depth.ts';

export interface HardeningOptions {
  /** Close a connection idle this long while no request is in progress, ms. */
  idleTimeoutMs: number;
  /** LiveKit's ws(s):// URL, allowed as a connection target of the pages (null: video off). */
  livekitUrl: string | null;
}

/** Content-Security-Policy of the client pages. */
export function contentSecurityPolicy(livekitUrl: string | null): string {
  const livekit = livekitUrl ? livekitOrigins(livekitUrl) : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Solid sets style attributes (meters, layout sizes); no inline <style> or scripts exist.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...livekit].join(' '),
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** `wss://lk.example:7880/x` → its wss:// and https:// origins (signalling and its HTTP checks). */
function livekitOrigins(url: string): string[] {
  try {
    const u = new URL(url);
    const secure = u.protocol === 'wss:' || u.protocol === 'https:';
    return [`${secure ? 'wss' : 'ws'}://${u.host}`, `${secure ? 'https' : 'http'}://${u.host}`];
  } catch {
    return [];
  }
}

export function installHttpHardening(app: FastifyInstance, options: HardeningOptions): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonTooDeep(text)) {
      done(new DomainError('bad_request', ['json: nested too deeply']), undefined);
      return;
    }
    void defaultJson(request, text, done); // callback style: its result arrives through `done`
  });

  // Node closes nothing that never sends a byte; a request in progress (a long poll, an
  // upload) is bounded by the request timeout instead. WebSockets clear their own timeout.
  const inFlight = new WeakMap<Socket, number>();
  app.server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => inFlight.set(socket, Math.max(0, (inFlight.get(socket) ?? 1) - 1)));
  });
  app.server.setTimeout(options.idleTimeoutMs, (socket: Socket) => {
    if ((inFlight.get(socket) ?? 0) === 0) socket.destroy();
  });

  const csp = contentSecurityPolicy(options.livekitUrl);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // Join links carry the code: never let it leave in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/socket.io/')) {
      reply.header('content-security-policy', csp);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
