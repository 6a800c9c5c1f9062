/**
 * REST calls to the Luoshi server (same origin). Every failure becomes a `UserFacingError`
 * with the server's Chinese message, so views only ever toast `error.message`.
 */
import { UserFacingError, parseWireError } from './errors.ts';

/** How long one HTTP request may take, ms. */
export const HTTP_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body (objects), raw text, or raw bytes (a CSV upload, decoded by the server whatever its encoding). */
  body?: unknown;
  contentType?: string;
  token?: string | null;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
      headers['content-type'] = options.contentType ?? 'text/plain; charset=utf-8';
    } else if (options.body instanceof Uint8Array) {
      body = new Uint8Array(options.body);
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
  }
  const response = await send(path, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const json = parseJson(await response.text());
  if (!response.ok) throw responseError(response.status, json);
  return json as T; // the server's route schemas fix the body shape; callers name it
}

/** Download a file (an export) with the session token and hand it to the browser. */
export async function downloadFile(path: string, token: string, fallbackName: string): Promise<void> {
  const response = await send(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw responseError(response.status, parseJson(await response.text()));
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

/**
 * Upload a file as the raw request body (the follow-up attachments): the browser sends the File as
 * is, its name goes percent-encoded in `X-File-Name`; the server decides the type from the bytes.
 */
export async function uploadFile<T>(path: string, token: string, file: Blob, name: string): Promise<T> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), accept: 'application/json' };
  const response = await send(path, { method: 'POST', headers, body: file });
  const json = parseJson(await response.text());
  if (!response.ok) throw responseError(response.status, json);
  return json as T; // the server's reply shape, named by the caller
}

/** `fetch` with the request timeout; a failure to get any answer becomes a `UserFacingError`. */
async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (error) {
    throw new UserFacingError(error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'network');
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The error of a failed response: the server's own when it sent one, else one chosen by status. */
function responseError(status: number, body: unknown): UserFacingError {
  const wire = parseWireError(body);
  if (wire) return UserFacingError.fromWire(wire);
  if (status === 401) return new UserFacingError('unauthorized');
  if (status === 403) return new UserFacingError('forbidden');
  if (status === 404) return new UserFacingError('not_found');
  if (status === 413) return new UserFacingError('payload_too_large');
  if (status === 429) return new UserFacingError('rate_limited');
  return new UserFacingError(status >= 500 ? 'internal' : 'bad_request');
}
