/**
 * Follow-up after the meeting (督查督办): issues tasks from the minutes' requirements, runs every
 * venue and organiser command through the pure state machine, sends 催办 rounds, and fires
 * colour warnings from stored deadlines. Every change is one transaction holding the task, its
 * timeline entry and its sequenced `task:changed` event, broadcast after the commit.
 *
 * Several server nodes may run these at once (HTTP commands, the warning sweep, the dispatch at
 * boot). Every decision is made on tasks read inside the commit, before anything is written:
 * such a read takes the meeting's write lock (db/repositories/meeting-lock.ts), so two commits on
 * one meeting run one after the other and each decides on what the other stored — a 催办 never
 * goes twice inside the interval, a command never applies to a task that changed under it. The
 * once-only writes are also constraints: a warning's firing is a task_warnings row whose key is
 * unique, a task is unique per (requirement, venue), a file binds only while it is unsent.
 */
import { DEFAULT_THRESHOLDS, type FollowupThresholds, type Task, type TaskActor } from '../../shared/followup/types.ts';
import { ALLOWED_IN, awaitsReaction, type Party, type TaskCommand } from '../../shared/followup/task-machine.ts';
import { dueWarnings, isOpen } from '../../shared/followup/warnings.ts';
import type { DispatchReply, RemindRoundReply, TaskActionReply } from '../../shared/followup/schemas.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { planRequirements } from './requirement-plan.ts';
import { dispatchIn } from './task-dispatch.ts';
import { createTaskWriter, FRESH } from './task-writer.ts';
import type { Append, Committed, Sequencer } from '../meeting/sequencer.ts';

export interface FollowupDeps {
  store: Store;
  sequencer: Sequencer;
  /** The follow-up clock (deadlines, warnings, timeline times); injectable for tests. */
  clock: () => Date;
}

/** Who issues a command: the party the state machine checks, and the name for the timeline. */
export interface Actor extends TaskActor {
  party: Party;
}

/** The system itself (dispatch, warnings). */
const SYSTEM: TaskActor = { kind: 'system', name: '系统' };

export function createFollowupService({ store, sequencer, clock }: FollowupDeps) {
  const now = () => clock().toISOString();

  const writer = createTaskWriter(store);
  const { record, applyCommand } = writer;
  const issueIn = (append: Append, meetingId: string, at: string, actor: TaskActor) => dispatchIn(store, writer, append, meetingId, at, actor);

  async function thresholdsOf(meetingId: string): Promise<FollowupThresholds> {
    return (await store.tasks.thresholds(await store.meetings.ownerOf(meetingId))) ?? DEFAULT_THRESHOLDS;
  }

  /** The task as stored (inside a commit: under its meeting's lock). */
  async function getTask(taskId: string): Promise<Task> {
    const t = await store.tasks.get(taskId);
    if (!t) throw new DomainError('not_found');
    return t;
  }


  return {
    thresholdsOf,

    /**
     * Issue tasks from the minutes (idempotent): one per published requirement (in the minutes'
     * order) × venue of its scope (every branch venue, the venues a secretary confirmed, or none
     * while named units wait for the confirmation). Existing tasks keep their state; an open one
     * gets the requirement's new wording after a correction (and a re-read deadline when it came
     * from the wording); tasks of a requirement no longer in the minutes, or of a venue confirmed
     * out of its scope, are cancelled.
     */
    async dispatch(meetingId: string): Promise<Committed<DispatchReply>> {
      const at = now();
      return sequencer.commit(async (append) => {
        const meeting = await store.meetings.get(meetingId);
        if (!meeting) throw new DomainError('not_found');
        if (meeting.status !== 'ended') throw new DomainError('conflict', ['tasks are issued after the meeting has ended']);
        return issueIn(append, meetingId, at, SYSTEM);
      });
    },

    /**
     * The secretary (or organiser) confirms which branch venues a requirement concerns (null:
     * every one). After the meeting its tasks follow at once: created for venues in the scope
     * (issued again to a venue confirmed back in), cancelled for venues out of it.
     */
    async confirmScope(meetingId: string, requirementId: string, venueIds: string[] | null, actor: Actor): Promise<Committed<DispatchReply>> {
      const at = now();
      return sequencer.commit(async (append) => {
        const { meeting, venues, plans } = await planRequirements(store, meetingId);
        const plan = plans.find((p) => p.requirementId === requirementId);
        if (!plan) throw new DomainError('bad_request', ['requirementId: not a requirement of the minutes']);
        const known = new Set(venues.map((v) => v.id));
        const chosen = venueIds === null ? null : venues.filter((v) => venueIds.includes(v.id)).map((v) => v.id);
        if (venueIds !== null && venueIds.some((id) => !known.has(id))) throw new DomainError('bad_request', ['venueIds: not branch venues of this meeting']);
        await store.taskScopes.save(meetingId, { requirementId, venueIds: chosen, by: actor.name, at });
        if (meeting.status !== 'ended') return { created: 0, updated: 0, cancelled: 0, held: 0 };
        // Venues confirmed back into the scope get their cancelled task again, as a new issue.
        const before = new Set(plan.venueIds ?? []);
        let revived = 0;
        for (const t of await store.tasks.listByMeeting(meetingId)) {
          if (t.requirementId !== requirementId || t.status !== 'cancelled' || before.has(t.venueId)) continue;
          if (chosen !== null && !chosen.includes(t.venueId)) continue;
          const next: Task = { ...t, ...FRESH, createdAt: at, updatedAt: at };
          await record(append, next, t.status, { action: 'created', actor: { kind: actor.kind, name: actor.name }, text: '经确认为本项责任单位，重新下发', date: next.deadline, level: null });
          revived++;
        }
        const counts = await issueIn(append, meetingId, at, { kind: actor.kind, name: actor.name });
        return { ...counts, created: counts.created + revived };
      });
    },

    /**
     * One command on one task by `actor` (the caller checked the actor may see the task), with the
     * uploaded files a report or submission carries.
     */
    async act(taskId: string, command: TaskCommand, actor: Actor, attachmentIds: readonly string[] = []): Promise<Committed<TaskActionReply>> {
      const at = now();
      return sequencer.commit(async (append) => {
        const task = await getTask(taskId);
        return applyCommand(append, task, command, actor, at, await thresholdsOf(task.meetingId), attachmentIds);
      });
    },

    /**
     * A round of 催办: every open task of the meeting (or of one requirement, or some venues) whose
     * venue has not reacted since the last reminder, and whose last reminder is older than the interval.
     * Both are read inside the commit, under the meeting's lock: two rounds at once remind each task once.
     */
    async remindRound(meetingId: string, filter: { requirementId?: string | undefined; venueIds?: string[] | undefined; message?: string | undefined }, actor: Actor): Promise<Committed<RemindRoundReply>> {
      const at = now();
      const venues = filter.venueIds ? new Set(filter.venueIds) : null;
      return sequencer.commit(async (append) => {
        const th = await thresholdsOf(meetingId);
        const reply: RemindRoundReply = { reminded: [], reacted: [], tooSoon: [] };
        for (const t of await store.tasks.listByMeeting(meetingId)) {
          if (!ALLOWED_IN.remind.includes(t.status)) continue;
          if (filter.requirementId && t.requirementId !== filter.requirementId) continue;
          if (venues && !venues.has(t.venueId)) continue;
          if (!awaitsReaction(t)) {
            reply.reacted.push(t.id);
            continue;
          }
          try {
            await applyCommand(append, t, { type: 'remind', ...(filter.message ? { message: filter.message } : {}) }, actor, at, th);
            reply.reminded.push(t.id);
          } catch (err) {
            if (err instanceof DomainError && err.code === 'remind_too_soon') reply.tooSoon.push(t.id);
            else throw err;
          }
        }
        return reply;
      });
    },

    /** Set the due date of every task of a requirement that can take one (pending, in progress, extended). */
    async setRequirementDeadline(meetingId: string, requirementId: string, deadline: string, comment: string | undefined, actor: Actor): Promise<Committed<{ updated: number }>> {
      const at = now();
      return sequencer.commit(async (append) => {
        const th = await thresholdsOf(meetingId);
        let updated = 0;
        for (const t of await store.tasks.listByMeeting(meetingId)) {
          if (t.requirementId !== requirementId || !ALLOWED_IN.set_deadline.includes(t.status) || t.deadline === deadline) continue;
          await applyCommand(append, t, { type: 'set_deadline', deadline, ...(comment ? { comment } : {}) }, actor, at, th);
          updated++;
        }
        return { updated };
      });
    },

    /**
     * Fire every warning that is due and has not fired. A firing is an insert into task_warnings
     * that does nothing when its key is there, so a restart, a second sweep or another node's sweep
     * at the same moment fires nothing again. Returns how many fired here, after they are broadcast.
     */
    async sweep(): Promise<number> {
      const nowMs = clock().getTime();
      const at = now();
      // Only which meetings to visit: each meeting's tasks are read again under its lock.
      const meetingIds = new Set((await store.tasks.listOpen()).map((t) => t.meetingId));
      let fired = 0;
      for (const meetingId of meetingIds) {
        const c = await sequencer.commit(async (append) => {
          const th = await thresholdsOf(meetingId);
          let n = 0;
          for (const t of (await store.tasks.listByMeeting(meetingId)).filter(isOpen)) {
            // Lowest first, so a task that jumps straight to red still shows its blue in the timeline order.
            for (const w of dueWarnings(t, nowMs, th).reverse()) {
              if (!(await store.tasks.fireWarning(t.id, w.key, w.level, at))) continue;
              await record(append, { ...t, updatedAt: at }, t.status, { action: 'warned', actor: SYSTEM, text: w.reason, date: t.deadline, level: w.level });
              n++;
            }
          }
          return n;
        });
        c.publish();
        fired += c.result;
      }
      return fired;
    },

    /** Ended meetings whose tasks were never issued (a crash right after the end): issue them now. */
    async dispatchMissing(): Promise<string[]> {
      const ids = await store.tasks.endedNotDispatched();
      for (const id of ids) (await this.dispatch(id)).publish();
      return ids;
    },
  };
}

export type FollowupService = ReturnType<typeof createFollowupService>;
