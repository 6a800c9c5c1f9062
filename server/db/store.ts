/** All repositories over one database, plus its transaction helper. */
import { DomainError } from '../errors.ts';
import type { Database } from './database.ts';
import { createSql } from './sql.ts';
import { createAcksRepo } from './repositories/acks.ts';
import { createAsrLeasesRepo } from './repositories/asr-leases.ts';
import { createAttachmentBlobsRepo } from './repositories/attachment-blobs.ts';
import { createAttendanceRepo } from './repositories/attendance.ts';
import { createAuditRepo } from './repositories/audit.ts';
import { createEventsRepo } from './repositories/events.ts';
import { createMeetingsRepo } from './repositories/meetings.ts';
import { createMinutesDraftsRepo } from './repositories/minutes-drafts.ts';
import { createOrganisersRepo } from './repositories/organisers.ts';
import { createRequirementsRepo } from './repositories/requirements.ts';
import { createSearchRepo } from './repositories/search.ts';
import { createSegmentsRepo } from './repositories/segments.ts';
import { createTaskScopesRepo } from './repositories/task-scopes.ts';
import { createTaskTimelineRepo } from './repositories/task-timeline.ts';
import { createTasksRepo } from './repositories/tasks.ts';
import { createUndoRepo } from './repositories/undo.ts';
import { createVenuesRepo } from './repositories/venues.ts';

/** `writable`: false refuses every transaction with `storage_unavailable` (the file is gone: writes would vanish). */
export function createStore(database: Database, options: { writable?: () => boolean } = {}) {
  const db = createSql(database);
  return {
    database,
    dialect: database.dialect,
    meetings: createMeetingsRepo(db),
    venues: createVenuesRepo(db),
    segments: createSegmentsRepo(db),
    requirements: createRequirementsRepo(db),
    acks: createAcksRepo(db),
    events: createEventsRepo(db),
    audit: createAuditRepo(db),
    undo: createUndoRepo(db),
    organisers: createOrganisersRepo(db),
    attendance: createAttendanceRepo(db),
    minutesDrafts: createMinutesDraftsRepo(db),
    attachmentBlobs: createAttachmentBlobsRepo(db),
    search: createSearchRepo(db),
    // Tasks and their timeline (entries, attachments, fired warnings): two files, one face to callers.
    tasks: { ...createTasksRepo(db), ...createTaskTimelineRepo(db) },
    taskScopes: createTaskScopesRepo(db),
    asrLeases: createAsrLeasesRepo(db),
    /** Run `fn` in one transaction (a call inside another joins it; see Sql.tx). */
    async tx<T>(fn: () => Promise<T>): Promise<T> {
      if (options.writable && !options.writable()) throw new DomainError('storage_unavailable', ['database file missing or replaced: restart the server'], true);
      return db.tx(fn);
    },
    inTx: () => db.inTx(),
  };
}

export type Store = ReturnType<typeof createStore>;
