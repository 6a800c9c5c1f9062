/**
 * The attachment store of a PostgreSQL deployment: bytes in the shared database, so every node
 * serves every file (see attachment-store.ts for the one-node store on disk). The bytes are
 * written before their row, as on disk; bytes without a row (a crash in between, an upload that
 * another node is recording right now) are pruned only once they are an hour old.
 */
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { AttachmentFiles } from './attachment-store.ts';

/** Bytes without a row younger than this are left alone by `prune`: their row may be on its way, ms. */
const ORPHAN_GRACE_MS = 60 * 60_000;

export function createAttachmentBlobs(store: Store, clock: () => Date = () => new Date()): AttachmentFiles {
  const blobs = store.attachmentBlobs;
  return {
    write: (meetingId, id, bytes) => blobs.insert(meetingId, id, bytes, clock().toISOString()),
    async read(meetingId, id) {
      const bytes = await blobs.get(meetingId, id);
      // A row whose bytes are gone (a database restored without them): the file is missing, not the task.
      if (!bytes) throw new DomainError('not_found', ['attachment file missing']);
      return bytes;
    },
    remove: (meetingId, id) => blobs.delete(meetingId, id),
    // Rows are in the same database: the orphans are found there, not from `keep`.
    prune: () => blobs.deleteOrphans(new Date(clock().getTime() - ORPHAN_GRACE_MS).toISOString()),
  };
}
