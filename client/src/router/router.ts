/**
 * A minimal history router: the app has four fixed pages, so a signal on `location.pathname`
 * is all it needs (no dependency). `navigate` pushes or replaces history entries.
 */
import { createSignal } from 'solid-js';

import { parseRoute, type Route } from './route.ts';

export type { Route };

const [location, setLocation] = createSignal({ pathname: window.location.pathname, search: window.location.search });

window.addEventListener('popstate', () => {
  setLocation({ pathname: window.location.pathname, search: window.location.search });
});

/** The current route (reactive). */
export function currentRoute(): Route {
  const loc = location();
  return parseRoute(loc.pathname, loc.search);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = new URL(path, window.location.origin);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  setLocation({ pathname: url.pathname, search: url.search });
}
