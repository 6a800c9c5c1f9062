import { createHash, randomBytes } from 'node:crypto';

/** Length of a join code in characters (base64url, 6 bits each → 120 bits of entropy). */
export const JOIN_CODE_LENGTH = 20;

/** An unguessable join code from the OS CSPRNG, safe in URLs. */
export function generateJoinCode(): string {
  return randomBytes((JOIN_CODE_LENGTH * 6) / 8).toString('base64url');
}

/**
 * The id a session token carries for the code it was issued from: a short hash, so a token
 * (stored in a browser) never reveals the code, while rotating or revoking the code ends it.
 */
export function joinCodeId(code: string): string {
  return createHash('sha256').update(code).digest('base64url').slice(0, 16);
}
