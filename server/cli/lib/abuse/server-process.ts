/**
 * The abuse suite's server: the one child-process launcher (../server-process.ts) with a known
 * secret (tests sign short-lived tokens with it), a known organiser, no model preload and quiet logs.
 */
import { startServerProcess as start, type ServerProcess, type StartOptions } from '../server-process.ts';

export { freePort, PROJECT_ROOT, tempDataFile, type ServerProcess, type StartOptions } from '../server-process.ts';

/** The abuse server's session secret: tests sign tokens with it (short-lived ones, for expiry). */
export const ABUSE_SECRET = 'abuse-secret-0123456789abcdef';
export const ABUSE_ADMIN = { username: 'abuse-admin', password: 'abuse-admin-password' } as const;

/** Spawn the server; resolves once it listens (rejects with its output if it exits first). */
export function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  return start({
    ...options,
    env: {
      LUOSHI_PRELOAD_MODEL: 'false',
      LUOSHI_SECRET: ABUSE_SECRET,
      LUOSHI_ADMIN_USER: ABUSE_ADMIN.username,
      LUOSHI_ADMIN_PASSWORD: ABUSE_ADMIN.password,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
}
