/**
 * A venue's screen stays in use for days after the meeting (its task inbox), longer than one
 * session token lives (LUOSHI_TOKEN_TTL_S, 24 h by default). The venue's join code keeps working,
 * so the tab remembers the code it joined with and joins again with it an hour before the token
 * expires, when the server refuses the token, or when a reload finds it expired.
 */

const CODE_KEY = 'luoshi.venueCode';
/** Renew this long before the token expires, ms. */
export const RENEW_BEFORE_MS = 3_600_000;
/** Never renew sooner than this after a renewal was scheduled, ms (a token that is already short-lived). */
export const MIN_RENEW_DELAY_MS = 60_000;

/** When to renew a token expiring at `expS` (seconds since the epoch), as a delay from `nowMs`. */
export function renewalDelayMs(expS: number, nowMs: number): number {
  return Math.max(MIN_RENEW_DELAY_MS, expS * 1000 - nowMs - RENEW_BEFORE_MS);
}

export function rememberVenueCode(code: string | null): void {
  try {
    if (code) sessionStorage.setItem(CODE_KEY, code);
    else sessionStorage.removeItem(CODE_KEY);
  } catch {
    // storage unavailable (private mode): the venue re-enters its link by hand
  }
}

export function rememberedVenueCode(): string | null {
  try {
    return sessionStorage.getItem(CODE_KEY);
  } catch {
    return null;
  }
}
