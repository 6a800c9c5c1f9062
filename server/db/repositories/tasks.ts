/**
 * Follow-up aggregate: tasks (one requirement at one venue), their audited timeline, the files
 * attached to reports, the warnings that fired, and per-organiser thresholds. Writes run inside
 * the caller's transaction (the sequencer's), so a change, its timeline entry and its event commit together.
 */
import type {
  DeadlineSource,
  FollowupThresholds,
  Task,
  TaskActor,
  TaskAttachment,
  TaskEntry,
  TaskEntryAction,
  TaskStatus,
  WarningLevel,
} from '../../../shared/followup/types.ts';
import type { Db } from '../database.ts';

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

interface EntryRow {
  id: number;
  task_id: string;
  meeting_id: string;
  at: string;
  action: TaskEntryAction;
  actor_kind: TaskActor['kind'];
  actor_name: string;
  from_status: TaskStatus | null;
  to_status: TaskStatus;
  text: string | null;
  date: string | null;
  level: WarningLevel | null;
}

interface AttachmentRow {
  id: string;
  task_id: string;
  meeting_id: string;
  entry_id: number | null;
  name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
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

const toAttachment = (r: AttachmentRow): TaskAttachment => ({
  id: r.id, taskId: r.task_id, name: r.name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at,
});

/** A stored attachment with where it belongs. */
export interface StoredAttachment extends TaskAttachment {
  meetingId: string;
  entryId: number | null;
}

const params = (t: Task) => ({
  id: t.id,
  meetingId: t.meetingId,
  requirementId: t.requirementId,
  venueId: t.venueId,
  requirement: JSON.stringify(t.requirement),
  order: t.order,
  status: t.status,
  deadline: t.deadline,
  deadlineSource: t.deadlineSource,
  returned: t.returned ? 1 : 0,
  returnedAt: t.returnedAt,
  extensions: t.extensions,
  extensionRequest: t.extensionRequest === null ? null : JSON.stringify(t.extensionRequest),
  signedAt: t.signedAt,
  lastReportAt: t.lastReportAt,
  submittedAt: t.submittedAt,
  closedAt: t.closedAt,
  lastRemindedAt: t.lastRemindedAt,
  reminders: t.reminders,
  lastVenueActionAt: t.lastVenueActionAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

const SELECT = 'SELECT t.*, v.name AS venue_name FROM tasks t JOIN venues v ON v.id = t.venue_id';
/** Tasks in board order: by meeting, the requirement's place in the minutes, venue import order. */
const ORDER = 'ORDER BY t.meeting_id, t.requirement_order, v.position';

export function createTasksRepo(db: Db) {
  const insert = db.prepare(`INSERT OR IGNORE INTO tasks (id, meeting_id, requirement_id, venue_id, requirement, requirement_order, status, deadline, deadline_source,
    returned, returned_at, extensions, extension_request, signed_at, last_report_at, submitted_at, closed_at, last_reminded_at, reminders,
    last_venue_action_at, created_at, updated_at) VALUES (@id, @meetingId, @requirementId, @venueId, @requirement, @order, @status, @deadline,
    @deadlineSource, @returned, @returnedAt, @extensions, @extensionRequest, @signedAt, @lastReportAt, @submittedAt, @closedAt, @lastRemindedAt,
    @reminders, @lastVenueActionAt, @createdAt, @updatedAt)`);
  const update = db.prepare(`UPDATE tasks SET requirement = @requirement, requirement_order = @order, status = @status, deadline = @deadline, deadline_source = @deadlineSource,
    returned = @returned, returned_at = @returnedAt, extensions = @extensions, extension_request = @extensionRequest, signed_at = @signedAt,
    last_report_at = @lastReportAt, submitted_at = @submittedAt, closed_at = @closedAt, last_reminded_at = @lastRemindedAt, reminders = @reminders,
    last_venue_action_at = @lastVenueActionAt, updated_at = @updatedAt WHERE id = @id`);
  const one = db.prepare<[string], TaskRow>(`${SELECT} WHERE t.id = ?`);
  const byMeeting = db.prepare<[string], TaskRow>(`${SELECT} WHERE t.meeting_id = ? ${ORDER}`);
  const byVenue = db.prepare<[string], TaskRow>(`${SELECT} WHERE t.venue_id = ? ${ORDER}`);
  const open = db.prepare<[], TaskRow>(`${SELECT} WHERE t.status IN ('pending','in_progress','extension_requested','extended') ${ORDER}`);
  const byOrganiser = db.prepare<[string], TaskRow>(`${SELECT} JOIN meetings m ON m.id = t.meeting_id WHERE m.organiser_id = ? ${ORDER}`);

  const insertEntry = db.prepare(`INSERT INTO task_entries (task_id, meeting_id, at, action, actor_kind, actor_name, from_status, to_status, text, date, level)
    VALUES (@taskId, @meetingId, @at, @action, @actorKind, @actorName, @fromStatus, @toStatus, @text, @date, @level)`);
  const entriesOfTask = db.prepare<[string], EntryRow>('SELECT * FROM task_entries WHERE task_id = ? ORDER BY id');
  const entriesOfMeeting = db.prepare<[string], EntryRow>('SELECT * FROM task_entries WHERE meeting_id = ? ORDER BY id');
  const entriesOfVenue = db.prepare<[string], EntryRow>('SELECT e.* FROM task_entries e JOIN tasks t ON t.id = e.task_id WHERE t.venue_id = ? ORDER BY e.id');
  const attachmentsOfTask = db.prepare<[string], AttachmentRow>('SELECT * FROM task_attachments WHERE task_id = ? AND entry_id IS NOT NULL ORDER BY created_at, id');
  const attachmentsOfMeeting = db.prepare<[string], AttachmentRow>('SELECT * FROM task_attachments WHERE meeting_id = ? AND entry_id IS NOT NULL ORDER BY created_at, id');

  const insertAttachment = db.prepare(`INSERT INTO task_attachments (id, task_id, meeting_id, entry_id, name, media_type, size_bytes, sha256, created_at)
    VALUES (@id, @taskId, @meetingId, NULL, @name, @mediaType, @sizeBytes, @sha256, @createdAt)`);
  const oneAttachment = db.prepare<[string], AttachmentRow>('SELECT * FROM task_attachments WHERE id = ?');
  const bind = db.prepare('UPDATE task_attachments SET entry_id = ? WHERE id = ? AND task_id = ? AND entry_id IS NULL');
  const unboundBefore = db.prepare<[string], AttachmentRow>('SELECT * FROM task_attachments WHERE entry_id IS NULL AND created_at < ?');
  const deleteAttachment = db.prepare('DELETE FROM task_attachments WHERE id = ?');
  const unsent = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM task_attachments WHERE task_id = ? AND entry_id IS NULL');
  const allAttachmentIds = db.prepare<[], { id: string; meeting_id: string }>('SELECT id, meeting_id FROM task_attachments');

  const fire = db.prepare('INSERT OR IGNORE INTO task_warnings (task_id, key, level, fired_at) VALUES (?, ?, ?, ?)');
  const fired = db.prepare<[string], { key: string }>('SELECT key FROM task_warnings WHERE task_id = ?');

  const dispatchedAt = db.prepare<[string], { dispatched_at: string }>('SELECT dispatched_at FROM followup_meetings WHERE meeting_id = ?');
  const markDispatched = db.prepare('INSERT OR IGNORE INTO followup_meetings (meeting_id, dispatched_at) VALUES (?, ?)');
  const endedNotDispatched = db.prepare<[], { id: string }>(`SELECT m.id FROM meetings m LEFT JOIN followup_meetings f ON f.meeting_id = m.id
    WHERE m.status = 'ended' AND f.meeting_id IS NULL`);

  const settings = db.prepare<[string], { thresholds: string }>('SELECT thresholds FROM followup_settings WHERE organiser_id = ?');
  const saveSettings = db.prepare(`INSERT INTO followup_settings (organiser_id, thresholds, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (organiser_id) DO UPDATE SET thresholds = excluded.thresholds, updated_at = excluded.updated_at`);

  function withAttachments(rows: EntryRow[], attachments: AttachmentRow[]): TaskEntry[] {
    const byEntry = new Map<number, TaskAttachment[]>();
    for (const a of attachments) {
      if (a.entry_id === null) continue;
      byEntry.set(a.entry_id, [...(byEntry.get(a.entry_id) ?? []), toAttachment(a)]);
    }
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      meetingId: r.meeting_id,
      at: r.at,
      action: r.action,
      actor: { kind: r.actor_kind, name: r.actor_name },
      fromStatus: r.from_status,
      toStatus: r.to_status,
      text: r.text,
      date: r.date,
      level: r.level,
      attachments: byEntry.get(r.id) ?? [],
    }));
  }

  return {
    /** Insert unless the (requirement, venue) task exists; true when inserted. */
    insert(t: Task): boolean {
      return insert.run(params(t)).changes === 1;
    },
    save(t: Task): void {
      update.run(params(t));
    },
    get(id: string): Task | null {
      const r = one.get(id);
      return r ? toTask(r) : null;
    },
    listByMeeting(meetingId: string): Task[] {
      return byMeeting.all(meetingId).map(toTask);
    },
    listByVenue(venueId: string): Task[] {
      return byVenue.all(venueId).map(toTask);
    },
    listOpen(): Task[] {
      return open.all().map(toTask);
    },
    listByOrganiser(organiserId: string): Task[] {
      return byOrganiser.all(organiserId).map(toTask);
    },

    /** Append a timeline entry; returns it with its id (attachments bound separately). */
    addEntry(e: Omit<TaskEntry, 'id' | 'attachments'>): TaskEntry {
      const id = Number(insertEntry.run({
        taskId: e.taskId, meetingId: e.meetingId, at: e.at, action: e.action, actorKind: e.actor.kind, actorName: e.actor.name,
        fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text, date: e.date, level: e.level,
      }).lastInsertRowid);
      return { ...e, id, attachments: [] };
    },
    entriesOfTask(taskId: string): TaskEntry[] {
      return withAttachments(entriesOfTask.all(taskId), attachmentsOfTask.all(taskId));
    },
    entriesOfMeeting(meetingId: string): TaskEntry[] {
      return withAttachments(entriesOfMeeting.all(meetingId), attachmentsOfMeeting.all(meetingId));
    },
    entriesOfVenue(venueId: string, meetingId: string): TaskEntry[] {
      return withAttachments(entriesOfVenue.all(venueId), attachmentsOfMeeting.all(meetingId));
    },

    insertAttachment(a: TaskAttachment & { meetingId: string }): void {
      insertAttachment.run(a);
    },
    attachment(id: string): StoredAttachment | null {
      const r = oneAttachment.get(id);
      return r ? { ...toAttachment(r), meetingId: r.meeting_id, entryId: r.entry_id } : null;
    },
    /** Attach uploaded files to an entry; false when one is not an unsent upload of this task. */
    bindAttachments(ids: readonly string[], taskId: string, entryId: number): boolean {
      return ids.every((id) => bind.run(entryId, id, taskId).changes === 1);
    },
    /** Uploads never sent with a report, older than `beforeIso`. */
    unboundBefore(beforeIso: string): StoredAttachment[] {
      return unboundBefore.all(beforeIso).map((r) => ({ ...toAttachment(r), meetingId: r.meeting_id, entryId: r.entry_id }));
    },
    /** Uploads of the task not yet sent with a report or submission. */
    unsentCount(taskId: string): number {
      return unsent.get(taskId)?.n ?? 0;
    },
    deleteAttachment(id: string): void {
      deleteAttachment.run(id);
    },
    allAttachmentIds(): { id: string; meetingId: string }[] {
      return allAttachmentIds.all().map((r) => ({ id: r.id, meetingId: r.meeting_id }));
    },

    /** Record that a warning fired; false when this key had fired before. */
    fireWarning(taskId: string, key: string, level: WarningLevel, at: string): boolean {
      return fire.run(taskId, key, level, at).changes === 1;
    },
    firedKeys(taskId: string): Set<string> {
      return new Set(fired.all(taskId).map((r) => r.key));
    },

    dispatchedAt(meetingId: string): string | null {
      return dispatchedAt.get(meetingId)?.dispatched_at ?? null;
    },
    markDispatched(meetingId: string, at: string): void {
      markDispatched.run(meetingId, at);
    },
    /** Ended meetings whose tasks were never issued (a crash between the end and the dispatch). */
    endedNotDispatched(): string[] {
      return endedNotDispatched.all().map((r) => r.id);
    },

    thresholds(organiserId: string | null): FollowupThresholds | null {
      if (!organiserId) return null;
      const r = settings.get(organiserId);
      return r ? (JSON.parse(r.thresholds) as FollowupThresholds) : null; // written by saveThresholds only
    },
    saveThresholds(organiserId: string, t: FollowupThresholds, at: string): void {
      saveSettings.run(organiserId, JSON.stringify(t), at);
    },
  };
}

export type TasksRepo = ReturnType<typeof createTasksRepo>;
