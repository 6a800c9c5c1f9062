/**
 * What the follow-up routes read and file, so they never reach into repositories: boards and
 * task details (followup-views.ts), report inputs, an organiser's thresholds, task files' rows,
 * and the lookups that decide who is calling (http/followup-auth.ts).
 */
import { DEFAULT_THRESHOLDS, type FollowupThresholds, type Task, type TaskAttachment } from '../../shared/followup/types.ts';
import type { Meeting, Venue } from '../../shared/protocol/domain.ts';
import type { StoredAttachment } from '../db/repositories/tasks.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { FollowupService } from './followup-service.ts';
import { meetingBoard, organiserOverview, taskDetail } from './followup-views.ts';

/** One meeting and its tasks, as a report takes them. */
export interface MeetingTasks {
  meeting: Meeting;
  tasks: Task[];
}

export function createFollowupRecords(store: Store, followup: Pick<FollowupService, 'thresholdsOf'>) {
  const thresholds = async (organiserId: string): Promise<FollowupThresholds> => (await store.tasks.thresholds(organiserId)) ?? DEFAULT_THRESHOLDS;
  return {
    /** The meeting's 督办台 as of `asOf`. */
    board: async (meetingId: string, asOf: Date) => meetingBoard(store, meetingId, asOf, await followup.thresholdsOf(meetingId)),
    /** One task with its timeline and files. */
    taskDetail: async (task: Task, asOf: Date) => taskDetail(store, task, asOf, await followup.thresholdsOf(task.meetingId)),
    /** 督办总览 over the organiser's meetings. */
    overview: async (organiserId: string, asOf: Date) => organiserOverview(store, organiserId, asOf, await thresholds(organiserId)),
    /** The meeting and its tasks (not_found when there is no such meeting). */
    async meetingTasks(meetingId: string): Promise<MeetingTasks> {
      const meeting = await store.meetings.get(meetingId);
      if (!meeting) throw new DomainError('not_found');
      return { meeting, tasks: await store.tasks.listByMeeting(meetingId) };
    },
    /** Every meeting of the organiser that has tasks, oldest first. */
    async organiserTasks(organiserId: string): Promise<MeetingTasks[]> {
      const byMeeting = new Map<string, Task[]>();
      for (const t of await store.tasks.listByOrganiser(organiserId)) byMeeting.set(t.meetingId, [...(byMeeting.get(t.meetingId) ?? []), t]);
      const found: MeetingTasks[] = [];
      for (const [id, tasks] of byMeeting) {
        const meeting = await store.meetings.get(id);
        if (meeting) found.push({ meeting, tasks });
      }
      return found.sort((a, b) => (a.meeting.startedAt ?? a.meeting.scheduledAt).localeCompare(b.meeting.startedAt ?? b.meeting.scheduledAt));
    },
    /** The thresholds of the meeting's organiser. */
    thresholdsOf: (meetingId: string) => followup.thresholdsOf(meetingId),
    /** An organiser's warning thresholds (the defaults until saved). */
    thresholds,
    saveThresholds: (organiserId: string, t: FollowupThresholds, at: string): Promise<void> => store.tasks.saveThresholds(organiserId, t, at),
    /** Files of the task not yet sent with a report. */
    unsentCount: (taskId: string): Promise<number> => store.tasks.unsentCount(taskId),
    /**
     * The row of a file already written (the file first: a row never points at a missing file),
     * unless the task has `maxUnsent` files waiting to be sent; false when refused (checked and inserted atomically).
     */
    recordAttachment: (a: TaskAttachment & { meetingId: string }, maxUnsent: number): Promise<boolean> => store.tasks.insertAttachment(a, maxUnsent),
    attachment: (id: string): Promise<StoredAttachment | null> => store.tasks.attachment(id),
    task: (taskId: string): Promise<Task | null> => store.tasks.get(taskId),
    meeting: (meetingId: string): Promise<Meeting | null> => store.meetings.get(meetingId),
    meetingOwner: (meetingId: string): Promise<string | null> => store.meetings.ownerOf(meetingId),
    venue: (venueId: string): Promise<Venue | null> => store.venues.get(venueId),
  };
}

export type FollowupRecords = ReturnType<typeof createFollowupRecords>;
