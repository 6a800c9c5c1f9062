/**
 * How the Fastify instance is built (main.ts, tests and tools build it the same way): body
 * limit, trusted proxies, request timeout, and a logger whose request lines never carry a join
 * code or token (`GET /join/<code>` is how venues open the product).
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/** Largest request body by default, bytes (venue import raises it for its own route). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** A whole request (headers and body) must arrive within this, ms: slow uploads cannot hold a socket forever. */
export const REQUEST_TIMEOUT_MS = 120_000;
/**
 * How long the app may take to start, ms. Start-up replays spooled audio after a crash, which first
 * waits for the recogniser to load (a large Whisper model on a busy machine takes well over
 * Fastify's default 10 s); past this bound the process exits instead of hanging.
 */
export const START_TIMEOUT_MS = 300_000;

const SECRET_QUERY_KEYS = /^(code|token|access_token|joinCode)$/i;

/** The URL as logged: join codes in the path and secrets in the query are replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const pathPart = (q < 0 ? url : url.slice(0, q)).replace(/^\/join\/[^/?#]+/, '/join/[redacted]');
  if (q < 0) return pathPart;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_QUERY_KEYS.test(decodeURIComponentSafe(key)) ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return `${pathPart}?${query}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify options for the Luoshi server. `logger: false` (tests) turns logging off; `logStream`
 * sends the JSON lines elsewhere (tests that read the log).
 */
export function fastifyOptions(
  config: Pick<Config, 'LOG_LEVEL' | 'LUOSHI_TRUSTED_PROXIES'>,
  options: { logger?: boolean; logStream?: { write(line: string): void } } = {},
): FastifyServerOptions {
  const serializers = {
    req: (req: LoggedRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
  };
  const logger =
    options.logger === false ? false : { level: config.LOG_LEVEL, serializers, ...(options.logStream ? { stream: options.logStream } : {}) };
  return {
    logger,
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    pluginTimeout: START_TIMEOUT_MS,
    // Same rule as socket handshakes (client-ip.ts): only listed proxies speak for the client.
    trustProxy: (address: string) => config.LUOSHI_TRUSTED_PROXIES.isTrusted(address),
  };
}
