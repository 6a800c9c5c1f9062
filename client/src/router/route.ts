/**
 * Route parsing (pure, unit-tested). Meeting pages: join (a venue's link carries its join code
 * as /join/CODE or ?code=CODE), host, venue, secretary (?focus=segment:ID or requirement:ID
 * opens at a search hit). Organiser pages: login and the meeting list.
 */

/** A search hit the secretary desk scrolls to and marks. */
export interface Focus {
  kind: 'segment' | 'requirement';
  id: string;
}

/** The pages of the app. */
export type Route =
  | { page: 'join'; code: string | null }
  | { page: 'host' }
  | { page: 'venue' }
  | { page: 'secretary'; focus: Focus | null }
  | { page: 'login' }
  | { page: 'meetings' }
  /** 督办台: one meeting's follow-up (a secretary session). */
  | { page: 'followup' }
  /** 督办总览: the organiser's follow-up across meetings. */
  | { page: 'supervision' };

/** `segment:ID` / `requirement:ID` → Focus; anything else → null. */
export function parseFocus(raw: string | null): Focus | null {
  const m = /^(segment|requirement):([A-Za-z0-9_-]{1,64})$/.exec(raw ?? '');
  return m?.[1] && m[2] ? { kind: m[1] === 'segment' ? 'segment' : 'requirement', id: m[2] } : null;
}

/** The secretary desk's path opening at a focus. */
export function secretaryPath(focus: Focus | null): string {
  return focus ? `/secretary?focus=${focus.kind}:${encodeURIComponent(focus.id)}` : '/secretary';
}

/** Parse a URL into a route: /join/CODE, /?code=CODE, /host, /venue, /secretary, /login, /meetings, /followup, /supervision. */
export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const queryCode = params.get('code');
  const parts = pathname.split('/').filter(Boolean);
  const [first, second] = parts;
  if (first === 'host') return { page: 'host' };
  if (first === 'venue') return { page: 'venue' };
  if (first === 'secretary') return { page: 'secretary', focus: parseFocus(params.get('focus')) };
  if (first === 'login') return { page: 'login' };
  if (first === 'meetings') return { page: 'meetings' };
  if (first === 'followup') return { page: 'followup' };
  if (first === 'supervision') return { page: 'supervision' };
  if (first === 'join' && second) return { page: 'join', code: decodeURIComponent(second) };
  return { page: 'join', code: queryCode && queryCode.trim() ? queryCode.trim() : null };
}
