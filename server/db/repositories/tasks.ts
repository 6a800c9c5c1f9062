/**
 * Follow-up aggregate: tasks (one requirement at one venue), the record that a meeting's tasks
 * were issued, and per-organiser thresholds; the timeline, attachments and fired warnings are in
 * task-timeline.ts (the store serves both as `store.tasks`). Writes run inside the caller's
 * transaction (the sequencer's), so a change, its timeline entry and its event commit together;
 * reads of a meeting's tasks there take the meeting's write lock first (meeting-lock.ts), so a
 * status transition is checked against the task as it is and written before another node looks.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DeadlineSource, FollowupThresholds, Task, TaskStatus } from '../../../shared/followup/types.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

export type { StoredAttachment } from './task-timeline.ts';

interface TaskRow {
  id: string;
  meeting_id: string;
  requirement_id: string;
  venue_id: string;
  venue_name: string;
  requirement: string;
  requirement_order: number;
  status: TaskStatus;
  deadline: string | null;
  deadline_source: DeadlineSource | null;
  returned: number;
  returned_at: string | null;
  extensions: number;
  extension_request: string | null;
  signed_at: string | null;
  last_report_at: string | null;
  submitted_at: string | null;
  closed_at: string | null;
  last_reminded_at: string | null;
  reminders: number;
  last_venue_action_at: string | null;
  created_at: string;
  updated_at: string;
}

const toTask = (r: TaskRow): Task => ({
  id: r.id,
  meetingId: r.meeting_id,
  requirementId: r.requirement_id,
  venueId: r.venue_id,
  venueName: r.venue_name,
  requirement: JSON.parse(r.requirement) as Task['requirement'], // written by this repository only
  order: r.requirement_order,
  status: r.status,
  deadline: r.deadline,
  deadlineSource: r.deadline_source,
  returned: r.returned === 1,
  returnedAt: r.returned_at,
  extensions: r.extensions,
  extensionRequest: r.extension_request === null ? null : (JSON.parse(r.extension_request) as Task['extensionRequest']), // written by this repository only
  signedAt: r.signed_at,
  lastReportAt: r.last_report_at,
  submittedAt: r.submitted_at,
  closedAt: r.closed_at,
  lastRemindedAt: r.last_reminded_at,
  reminders: r.reminders,
  lastVenueActionAt: r.last_venue_action_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SELECT = sql`SELECT t.*, v.name AS venue_name FROM tasks t JOIN venues v ON v.id = t.venue_id`;
/** Tasks in board order: by meeting, the requirement's place in the minutes, venue import order. */
const ORDER = sql`ORDER BY t.meeting_id, t.requirement_order, v.position`;

const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

export function createTasksRepo(db: Sql) {
  const lock = meetingLock(db);
  const select = async (where: RawBuilder<unknown>): Promise<Task[]> => (await db.all(sql<TaskRow>`${SELECT} ${where} ${ORDER}`)).map(toTask);

  return {
    /** Insert unless the (requirement, venue) task exists; true when inserted. */
    async insert(t: Task): Promise<boolean> {
      const inserted = await db.run(sql`INSERT INTO tasks (id, meeting_id, requirement_id, venue_id, requirement, requirement_order, status, deadline,
        deadline_source, returned, returned_at, extensions, extension_request, signed_at, last_report_at, submitted_at, closed_at, last_reminded_at,
        reminders, last_venue_action_at, created_at, updated_at)
        VALUES (${t.id}, ${t.meetingId}, ${t.requirementId}, ${t.venueId}, ${JSON.stringify(t.requirement)}, ${t.order}, ${t.status}, ${t.deadline},
        ${t.deadlineSource}, ${t.returned ? 1 : 0}, ${t.returnedAt}, ${t.extensions}, ${json(t.extensionRequest)}, ${t.signedAt}, ${t.lastReportAt},
        ${t.submittedAt}, ${t.closedAt}, ${t.lastRemindedAt}, ${t.reminders}, ${t.lastVenueActionAt}, ${t.createdAt}, ${t.updatedAt})
        ON CONFLICT DO NOTHING`);
      return inserted === 1;
    },
    async save(t: Task): Promise<void> {
      await db.run(sql`UPDATE tasks SET requirement = ${JSON.stringify(t.requirement)}, requirement_order = ${t.order}, status = ${t.status},
        deadline = ${t.deadline}, deadline_source = ${t.deadlineSource}, returned = ${t.returned ? 1 : 0}, returned_at = ${t.returnedAt},
        extensions = ${t.extensions}, extension_request = ${json(t.extensionRequest)}, signed_at = ${t.signedAt}, last_report_at = ${t.lastReportAt},
        submitted_at = ${t.submittedAt}, closed_at = ${t.closedAt}, last_reminded_at = ${t.lastRemindedAt}, reminders = ${t.reminders},
        last_venue_action_at = ${t.lastVenueActionAt}, updated_at = ${t.updatedAt} WHERE id = ${t.id}`);
    },
    async get(id: string): Promise<Task | null> {
      await lock(sql`(SELECT meeting_id FROM tasks WHERE id = ${id})`);
      const r = await db.one(sql<TaskRow>`${SELECT} WHERE t.id = ${id}`);
      return r ? toTask(r) : null;
    },
    async listByMeeting(meetingId: string): Promise<Task[]> {
      await lock(meetingId);
      return select(sql`WHERE t.meeting_id = ${meetingId}`);
    },
    async listByVenue(venueId: string): Promise<Task[]> {
      return select(sql`WHERE t.venue_id = ${venueId}`);
    },
    async listOpen(): Promise<Task[]> {
      return select(sql`WHERE t.status IN ('pending','in_progress','extension_requested','extended')`);
    },
    async listByOrganiser(organiserId: string): Promise<Task[]> {
      return select(sql`JOIN meetings m ON m.id = t.meeting_id WHERE m.organiser_id = ${organiserId}`);
    },

    async dispatchedAt(meetingId: string): Promise<string | null> {
      return (await db.one(sql<{ dispatched_at: string }>`SELECT dispatched_at FROM followup_meetings WHERE meeting_id = ${meetingId}`))?.dispatched_at ?? null;
    },
    async markDispatched(meetingId: string, at: string): Promise<void> {
      await db.run(sql`INSERT INTO followup_meetings (meeting_id, dispatched_at) VALUES (${meetingId}, ${at}) ON CONFLICT DO NOTHING`);
    },
    /** Ended meetings whose tasks were never issued (a crash between the end and the dispatch). */
    async endedNotDispatched(): Promise<string[]> {
      const rows = await db.all(sql<{ id: string }>`SELECT m.id FROM meetings m LEFT JOIN followup_meetings f ON f.meeting_id = m.id
        WHERE m.status = 'ended' AND f.meeting_id IS NULL`);
      return rows.map((r) => r.id);
    },

    async thresholds(organiserId: string | null): Promise<FollowupThresholds | null> {
      if (!organiserId) return null;
      const r = await db.one(sql<{ thresholds: string }>`SELECT thresholds FROM followup_settings WHERE organiser_id = ${organiserId}`);
      return r ? (JSON.parse(r.thresholds) as FollowupThresholds) : null; // written by saveThresholds only
    },
    async saveThresholds(organiserId: string, t: FollowupThresholds, at: string): Promise<void> {
      await db.run(sql`INSERT INTO followup_settings (organiser_id, thresholds, updated_at) VALUES (${organiserId}, ${JSON.stringify(t)}, ${at})
        ON CONFLICT (organiser_id) DO UPDATE SET thresholds = excluded.thresholds, updated_at = excluded.updated_at`);
    },
  };
}

export type TasksRepo = ReturnType<typeof createTasksRepo>;
