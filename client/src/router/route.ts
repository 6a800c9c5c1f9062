/**
 * Route parsing (pure, unit-tested): the app has four pages; a venue's link carries its join
 * code as /join/CODE or ?code=CODE.
 */

/** The pages of the app. */
export type Route =
  | { page: 'join'; code: string | null }
  | { page: 'host' }
  | { page: 'venue' }
  | { page: 'secretary' };

/** Parse a URL into a route: /join/CODE, /?code=CODE, /host, /venue, /secretary. */
export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const queryCode = params.get('code');
  const parts = pathname.split('/').filter(Boolean);
  const [first, second] = parts;
  if (first === 'host') return { page: 'host' };
  if (first === 'venue') return { page: 'venue' };
  if (first === 'secretary') return { page: 'secretary' };
  if (first === 'join' && second) return { page: 'join', code: decodeURIComponent(second) };
  return { page: 'join', code: queryCode && queryCode.trim() ? queryCode.trim() : null };
}
