/**
 * The organiser's login (from POST /api/auth/login), kept in localStorage so every tab of the
 * browser shares it until logout or expiry; and the per-account device tokens that keep this
 * browser's login apart from other people's wrong guesses.
 */
import type { LoginReply, OrganiserAccount } from '../../shared/protocol/index.ts';

/** What the client keeps about the organiser's login. */
export interface OrganiserLogin {
  token: string;
  /** ISO-8601. */
  expiresAt: string;
  organiser: OrganiserAccount;
}

const LOGIN_KEY = 'luoshi.organiser';
const DEVICE_KEY_PREFIX = 'luoshi.device.';

function isAccount(v: unknown): v is OrganiserAccount {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>; // a plain JSON object, fields checked below
  return typeof o.id === 'string' && typeof o.username === 'string' && typeof o.displayName === 'string' && typeof o.isAdmin === 'boolean';
}

/** The stored login, or null when absent, malformed or expired at `nowMs`. */
export function parseOrganiserLogin(raw: string | null, nowMs = Date.now()): OrganiserLogin | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const { token, expiresAt, organiser } = v as Record<string, unknown>; // checked below
    if (typeof token !== 'string' || typeof expiresAt !== 'string' || !isAccount(organiser)) return null;
    const exp = Date.parse(expiresAt);
    if (!Number.isFinite(exp) || exp <= nowMs) return null;
    return { token, expiresAt, organiser };
  } catch {
    return null;
  }
}

export function loadOrganiserLogin(): OrganiserLogin | null {
  return parseOrganiserLogin(localStorage.getItem(LOGIN_KEY));
}

export function saveOrganiserLogin(login: OrganiserLogin | null): void {
  if (login) localStorage.setItem(LOGIN_KEY, JSON.stringify(login));
  else localStorage.removeItem(LOGIN_KEY);
}

/** The login to keep from a login reply (the device token is stored apart, per account). */
export function loginFromReply(reply: LoginReply): OrganiserLogin {
  return { token: reply.token, expiresAt: reply.expiresAt, organiser: reply.organiser };
}

const deviceKey = (username: string) => `${DEVICE_KEY_PREFIX}${username.trim().toLowerCase()}`;

export function loadDeviceToken(username: string): string | undefined {
  return localStorage.getItem(deviceKey(username)) ?? undefined;
}

export function saveDeviceToken(username: string, token: string): void {
  localStorage.setItem(deviceKey(username), token);
}
