/**
 * Join: a join code (host, secretary or a venue's) becomes a signed session.
 */
import { apiRequest } from './http.ts';
import { UserFacingError } from './errors.ts';
import { sessionFromJoinResponse, type Session } from '../session.ts';

/** Join codes are short and printable; anything else is rejected before a request. */
export function normaliseJoinCode(raw: string): string | null {
  const code = raw.trim().replace(/\s+/g, '');
  return /^[A-Za-z0-9_-]{4,64}$/.test(code) ? code : null;
}

export async function joinWithCode(rawCode: string): Promise<Session> {
  const code = normaliseJoinCode(rawCode);
  if (!code) throw new UserFacingError('invalid_join_code');
  const body = await apiRequest<unknown>('/api/join', { method: 'POST', body: { code } });
  const session = sessionFromJoinResponse(body);
  if (!session) throw new UserFacingError('internal');
  return session;
}
