import { randomBytes } from 'node:crypto';

/** Length of a join code in characters (base64url, 6 bits each → 120 bits of entropy). */
export const JOIN_CODE_LENGTH = 20;

/** An unguessable join code from the OS CSPRNG, safe in URLs. */
export function generateJoinCode(): string {
  return randomBytes((JOIN_CODE_LENGTH * 6) / 8).toString('base64url');
}
