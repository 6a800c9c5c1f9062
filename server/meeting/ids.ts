import { randomUUID } from 'node:crypto';

/** A new record id (UUID v4, 36 chars: within the protocol's 64-char id limit). */
export const newId = (): string => randomUUID();
