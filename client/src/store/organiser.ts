/**
 * Organiser slice: the organiser's login (shared by every tab through localStorage), sign in
 * and out, and `call` for organiser requests — an expired or revoked login ends it, and the
 * pages send the user back to /login.
 */
import { createSignal } from 'solid-js';
import * as api from '../api/organiser.ts';
import { UserFacingError } from '../api/errors.ts';
import {
  loadDeviceToken,
  loadOrganiserLogin,
  loginFromReply,
  saveDeviceToken,
  saveOrganiserLogin,
  type OrganiserLogin,
} from '../organiser-session.ts';

export function createOrganiserSlice() {
  const [login, setLoginSignal] = createSignal<OrganiserLogin | null>(loadOrganiserLogin());

  function setLogin(next: OrganiserLogin | null): void {
    saveOrganiserLogin(next);
    setLoginSignal(next);
  }

  // Another tab logged in or out: follow it.
  window.addEventListener('storage', (e) => {
    if (e.key === null || e.key === 'luoshi.organiser') setLoginSignal(loadOrganiserLogin());
  });

  async function signIn(username: string, password: string): Promise<void> {
    const reply = await api.login(username, password, loadDeviceToken(username));
    saveDeviceToken(reply.organiser.username, reply.deviceToken);
    setLogin(loginFromReply(reply));
  }

  async function signOut(): Promise<void> {
    const current = login();
    setLogin(null);
    if (!current) return;
    try {
      await api.logout(current.token);
    } catch {
      // The local login is gone either way; the server session expires by itself.
    }
  }

  /** Run an organiser request with the login's token. */
  async function call<T>(work: (token: string) => Promise<T>): Promise<T> {
    const current = login();
    if (!current) throw new UserFacingError('login_required');
    try {
      return await work(current.token);
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'login_required') setLogin(null);
      throw error;
    }
  }

  return { login, actions: { signIn, signOut, call } };
}

export type OrganiserActions = ReturnType<typeof createOrganiserSlice>['actions'];
