/**
 * Numbered schema migrations, applied in order inside one transaction each (see migrate.ts). Never edit a released migration: add one
 * (a new file NNN-name.ts, appended to MIGRATIONS).
 */
import { migration1 } from './001-initial-schema.ts';
import { migration2 } from './002-segment-speaker.ts';
import { migration3 } from './003-live-requirements.ts';
import { migration4 } from './004-archive.ts';
import { migration5 } from './005-followup.ts';
import { migration6 } from './006-storage-probe.ts';
import { migration7 } from './007-asr-leases.ts';
import { migration8 } from './008-attachment-blobs.ts';
import type { Migration } from './types.ts';

/** Every migration, in version order. */
export const MIGRATIONS: Migration[] = [migration1, migration2, migration3, migration4, migration5, migration6, migration7, migration8];
