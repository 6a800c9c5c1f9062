/**
 * The follow-up's background work, as the composition root runs it: issue a meeting's tasks at
 * its end (or at boot when a crash came in between), refresh them when the corrected minutes are
 * approved, sweep warnings and stale uploads on a timer (`start`/`stop`), and remove files without a
 * record at boot.
 * Failures are logged, never thrown: the meeting's end or a correction must not fail for them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/store.ts';
import type { AttachmentFiles } from './attachment-store.ts';
import type { FollowupService } from './followup-service.ts';

/** Uploads never sent with a report are removed after this long, ms. */
const UNSENT_UPLOAD_TTL_MS = 24 * 3_600_000;

/** How often due follow-up warnings are fired unless `start` is told otherwise, ms. */
const FOLLOWUP_SWEEP_MS = 60_000;

export interface FollowupJobDeps {
  store: Store;
  followup: FollowupService;
  files: AttachmentFiles;
  clock: () => Date;
  log: FastifyBaseLogger;
}

export function createFollowupJobs({ store, followup, files, clock, log }: FollowupJobDeps) {
  // Jobs still running, so the app can wait for them before it closes the database.
  const running = new Set<Promise<void>>();
  function track(job: Promise<void>): Promise<void> {
    running.add(job);
    const done = () => running.delete(job);
    void job.then(done, done);
    return job;
  }

  async function dispatch(meetingId: string, what: string): Promise<void> {
    try {
      const c = await followup.dispatch(meetingId);
      c.publish();
      log.info({ meetingId, ...c.result }, what);
    } catch (err) {
      log.error({ err, meetingId }, `${what}: failed`);
    }
  }

  async function issue(meetingId: string): Promise<void> {
    try {
      if (await store.tasks.dispatchedAt(meetingId)) return;
    } catch (err) {
      log.error({ err, meetingId }, 'follow-up tasks issued: failed');
      return;
    }
    // Another node may issue them at the same moment: the dispatch is idempotent under the meeting's lock.
    await dispatch(meetingId, 'follow-up tasks issued');
  }

  /** Remove one upload never sent, unless a report took it meanwhile; true when it went. */
  async function removeUnsent(a: { id: string; taskId: string; meetingId: string }): Promise<boolean> {
    const removed = await store.tx(async () => {
      // Reading the task takes its meeting's write lock, which every report binding files holds
      // (followup-service.ts): a report sending this file now either came first (the file stays) or finds it gone.
      await store.tasks.get(a.taskId);
      const now = await store.tasks.attachment(a.id);
      if (!now || now.entryId !== null) return false;
      await store.tasks.deleteAttachment(a.id);
      return true;
    });
    // The row first, then the file: a row never points at a missing file.
    if (removed) await files.remove(a.meetingId, a.id);
    return removed;
  }

  async function sweepOnce(): Promise<void> {
    try {
      const fired = await followup.sweep();
      if (fired > 0) log.info({ fired }, 'follow-up warnings fired');
      for (const a of await store.tasks.unboundBefore(new Date(clock().getTime() - UNSENT_UPLOAD_TTL_MS).toISOString())) await removeUnsent(a);
    } catch (err) {
      log.error({ err }, 'follow-up sweep failed');
    }
  }

  // A sweep still running when the timer fires again is joined, not doubled (other nodes may
  // sweep at the same time: that is safe, see followup-service.ts).
  let sweeping: Promise<void> | null = null;
  let sweepTimer: ReturnType<typeof setInterval> | null = null;

  function sweep(): Promise<void> {
    sweeping ??= track(sweepOnce().finally(() => {
      sweeping = null;
    }));
    return sweeping;
  }

  function recover(): Promise<void> {
    return track((async () => {
      try {
        for (const meetingId of await store.tasks.endedNotDispatched()) await issue(meetingId);
        const pruned = await files.prune(new Set((await store.tasks.allAttachmentIds()).map((a) => a.id)));
        if (pruned > 0) log.warn({ pruned }, 'attachment files without a record removed');
      } catch (err) {
        log.error({ err }, 'follow-up recovery failed');
      }
    })());
  }

  return {
    /** The meeting ended: issue its tasks unless they were issued already. Never rejects (failures are logged). */
    issueTasks(meetingId: string): Promise<void> {
      return track(issue(meetingId));
    },

    /** The corrected minutes were approved (corrections closed): tasks follow them. Never rejects. */
    refreshTasks(meetingId: string): Promise<void> {
      return track(dispatch(meetingId, 'follow-up tasks refreshed from the corrected minutes'));
    },

    /** Fire due warnings and remove uploads never sent with a report. Never rejects. */
    sweep,

    /** At boot: tasks a crash kept from being issued, then files without a record. Never rejects. */
    recover,

    /**
     * At boot: `recover`, the first sweep, then a sweep every `sweepEveryMs` (null: no timer; tests
     * sweep by hand). Never rejects.
     */
    async start(sweepEveryMs: number | null = FOLLOWUP_SWEEP_MS): Promise<void> {
      await recover();
      await sweep();
      if (sweepEveryMs === null) return;
      sweepTimer = setInterval(() => void sweep(), sweepEveryMs);
      sweepTimer.unref();
    },

    /** Stop the sweep timer (at shutdown; jobs already running finish, see `settled`). */
    stop(): void {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
    },

    /** Resolves once every job started so far has finished (call before closing the database). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

export type FollowupJobs = ReturnType<typeof createFollowupJobs>;
