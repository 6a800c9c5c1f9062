/**
 * REST calls to the Luoshi server (same origin). Every failure becomes a `UserFacingError`
 * with the server's Chinese message, so views only ever toast `error.message`.
 */
import { UserFacingError, parseWireError } from './errors.ts';

/** How long one HTTP request may take, ms. */
export const HTTP_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body (objects) or raw text (CSV upload). */
  body?: unknown;
  contentType?: string;
  token?: string | null;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
      headers['content-type'] = options.contentType ?? 'text/plain; charset=utf-8';
    } else {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
  } catch (error) {
    throw new UserFacingError(error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'network');
  }
  const text = await response.text();
  let json: unknown = null;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const wire = parseWireError(json);
    if (wire) throw UserFacingError.fromWire(wire);
    if (response.status === 401) throw new UserFacingError('unauthorized');
    if (response.status === 403) throw new UserFacingError('forbidden');
    if (response.status === 404) throw new UserFacingError('not_found');
    if (response.status === 413) throw new UserFacingError('payload_too_large');
    if (response.status === 429) throw new UserFacingError('rate_limited');
    throw new UserFacingError(response.status >= 500 ? 'internal' : 'bad_request');
  }
  return json as T; // the server's route schemas fix the body shape; callers name it
}

/** Download a file (an export) with the session token and hand it to the browser. */
export async function downloadFile(path: string, token: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch {
    throw new UserFacingError('network');
  }
  if (!response.ok) {
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      json = null;
    }
    const wire = parseWireError(json);
    throw wire ? UserFacingError.fromWire(wire) : new UserFacingError(response.status === 404 ? 'not_found' : 'internal');
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
