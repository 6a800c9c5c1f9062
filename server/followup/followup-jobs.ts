/**
 * The follow-up's background work, as the composition root runs it: issue a meeting's tasks at
 * its end (or at boot when a crash came in between), refresh them when the corrected minutes are
 * approved, sweep warnings and stale uploads on a timer, and remove files without a record at boot.
 * Failures are logged, never thrown: the meeting's end or a correction must not fail for them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/store.ts';
import type { AttachmentFiles } from './attachment-store.ts';
import type { FollowupService } from './followup-service.ts';

/** Uploads never sent with a report are removed after this long, ms. */
const UNSENT_UPLOAD_TTL_MS = 24 * 3_600_000;

export interface FollowupJobDeps {
  store: Store;
  followup: FollowupService;
  files: AttachmentFiles;
  clock: () => Date;
  log: FastifyBaseLogger;
}

export function createFollowupJobs({ store, followup, files, clock, log }: FollowupJobDeps) {
  function dispatch(meetingId: string, what: string): void {
    try {
      const c = followup.dispatch(meetingId);
      c.publish();
      log.info({ meetingId, ...c.result }, what);
    } catch (err) {
      log.error({ err, meetingId }, `${what}: failed`);
    }
  }

  return {
    /** The meeting ended: issue its tasks unless they were issued already. */
    issueTasks(meetingId: string): void {
      if (!store.tasks.dispatchedAt(meetingId)) dispatch(meetingId, 'follow-up tasks issued');
    },

    /** The corrected minutes were approved (corrections closed): tasks follow them. */
    refreshTasks(meetingId: string): void {
      dispatch(meetingId, 'follow-up tasks refreshed from the corrected minutes');
    },

    /** Fire due warnings and remove uploads never sent with a report. */
    sweep(): void {
      try {
        const fired = followup.sweep();
        if (fired > 0) log.info({ fired }, 'follow-up warnings fired');
        for (const a of store.tasks.unboundBefore(new Date(clock().getTime() - UNSENT_UPLOAD_TTL_MS).toISOString())) {
          store.tasks.deleteAttachment(a.id);
          files.remove(a.meetingId, a.id);
        }
      } catch (err) {
        log.error({ err }, 'follow-up sweep failed');
      }
    },

    /** At boot: tasks a crash kept from being issued, then files without a record. */
    recover(): void {
      for (const meetingId of store.tasks.endedNotDispatched()) this.issueTasks(meetingId);
      const pruned = files.prune(new Set(store.tasks.allAttachmentIds().map((a) => a.id)));
      if (pruned > 0) log.warn({ pruned }, 'attachment files without a record removed');
    },
  };
}
