/**
 * A task's audited timeline (every change, who and when), the files uploaded to it (bound to the
 * report or submission that sent them), and the warnings that fired (each key once, across
 * restarts and nodes: the primary key decides). Served with the tasks as `store.tasks`.
 */
import { sql } from 'kysely';
import type { TaskActor, TaskAttachment, TaskEntry, TaskEntryAction, TaskStatus, WarningLevel } from '../../../shared/followup/types.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

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

const toAttachment = (r: AttachmentRow): TaskAttachment => ({
  id: r.id, taskId: r.task_id, name: r.name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at,
});

/** A stored attachment with where it belongs. */
export interface StoredAttachment extends TaskAttachment {
  meetingId: string;
  entryId: number | null;
}

const toStored = (r: AttachmentRow): StoredAttachment => ({ ...toAttachment(r), meetingId: r.meeting_id, entryId: r.entry_id });

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

export function createTaskTimelineRepo(db: Sql) {
  const lock = meetingLock(db);
  const sentOfTask = (taskId: string) =>
    db.all(sql<AttachmentRow>`SELECT * FROM task_attachments WHERE task_id = ${taskId} AND entry_id IS NOT NULL ORDER BY created_at, id`);
  const sentOfMeeting = (meetingId: string) =>
    db.all(sql<AttachmentRow>`SELECT * FROM task_attachments WHERE meeting_id = ${meetingId} AND entry_id IS NOT NULL ORDER BY created_at, id`);
  return {
    /** Append a timeline entry; returns it with its id (attachments bound separately). */
    async addEntry(e: Omit<TaskEntry, 'id' | 'attachments'>): Promise<TaskEntry> {
      const row = await db.one(sql<{ id: number }>`INSERT INTO task_entries (task_id, meeting_id, at, action, actor_kind, actor_name, from_status, to_status, text, date, level)
        VALUES (${e.taskId}, ${e.meetingId}, ${e.at}, ${e.action}, ${e.actor.kind}, ${e.actor.name}, ${e.fromStatus}, ${e.toStatus}, ${e.text}, ${e.date}, ${e.level})
        RETURNING id`);
      if (!row) throw new Error('task entry not stored');
      return { ...e, id: row.id, attachments: [] };
    },
    async entriesOfTask(taskId: string): Promise<TaskEntry[]> {
      const rows = await db.all(sql<EntryRow>`SELECT * FROM task_entries WHERE task_id = ${taskId} ORDER BY id`);
      return withAttachments(rows, await sentOfTask(taskId));
    },
    async entriesOfMeeting(meetingId: string): Promise<TaskEntry[]> {
      const rows = await db.all(sql<EntryRow>`SELECT * FROM task_entries WHERE meeting_id = ${meetingId} ORDER BY id`);
      return withAttachments(rows, await sentOfMeeting(meetingId));
    },
    async entriesOfVenue(venueId: string, meetingId: string): Promise<TaskEntry[]> {
      const rows = await db.all(sql<EntryRow>`SELECT e.* FROM task_entries e JOIN tasks t ON t.id = e.task_id WHERE t.venue_id = ${venueId} ORDER BY e.id`);
      return withAttachments(rows, await sentOfMeeting(meetingId));
    },

    /**
     * Insert an upload's row unless its task already has `maxUnsent` uploads not yet sent; false
     * when refused. The count and the insert are one statement under the meeting's write lock, in
     * one transaction: parallel uploads (through any node) are counted one after the other, so
     * together they never pass the limit. (On SQLite the transaction holds the whole database.)
     */
    async insertAttachment(a: TaskAttachment & { meetingId: string }, maxUnsent: number): Promise<boolean> {
      return db.tx(async () => {
        await lock(a.meetingId);
        const inserted = await db.run(sql`INSERT INTO task_attachments (id, task_id, meeting_id, entry_id, name, media_type, size_bytes, sha256, created_at)
          SELECT ${a.id}, ${a.taskId}, ${a.meetingId}, NULL, ${a.name}, ${a.mediaType}, ${a.sizeBytes}, ${a.sha256}, ${a.createdAt}
          WHERE (SELECT COUNT(*) FROM task_attachments WHERE task_id = ${a.taskId} AND entry_id IS NULL) < ${maxUnsent}`);
        return inserted === 1;
      });
    },
    async attachment(id: string): Promise<StoredAttachment | null> {
      const r = await db.one(sql<AttachmentRow>`SELECT * FROM task_attachments WHERE id = ${id}`);
      return r ? toStored(r) : null;
    },
    /**
     * Attach uploaded files to an entry; false when one is not an unsent upload of this task (the
     * caller then rolls back). Each binding is one conditional UPDATE, so a file goes with one report only.
     */
    async bindAttachments(ids: readonly string[], taskId: string, entryId: number): Promise<boolean> {
      for (const id of ids) {
        const bound = await db.run(sql`UPDATE task_attachments SET entry_id = ${entryId} WHERE id = ${id} AND task_id = ${taskId} AND entry_id IS NULL`);
        if (bound !== 1) return false;
      }
      return true;
    },
    /** Uploads never sent with a report, older than `beforeIso`. */
    async unboundBefore(beforeIso: string): Promise<StoredAttachment[]> {
      return (await db.all(sql<AttachmentRow>`SELECT * FROM task_attachments WHERE entry_id IS NULL AND created_at < ${beforeIso}`)).map(toStored);
    },
    /** Uploads of the task not yet sent with a report or submission. */
    async unsentCount(taskId: string): Promise<number> {
      return (await db.one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM task_attachments WHERE task_id = ${taskId} AND entry_id IS NULL`))?.n ?? 0;
    },
    async deleteAttachment(id: string): Promise<void> {
      await db.run(sql`DELETE FROM task_attachments WHERE id = ${id}`);
    },
    async allAttachmentIds(): Promise<{ id: string; meetingId: string }[]> {
      return (await db.all(sql<{ id: string; meeting_id: string }>`SELECT id, meeting_id FROM task_attachments`)).map((r) => ({ id: r.id, meetingId: r.meeting_id }));
    },

    /** Record that a warning fired; false when this key had fired before. */
    async fireWarning(taskId: string, key: string, level: WarningLevel, at: string): Promise<boolean> {
      return (await db.run(sql`INSERT INTO task_warnings (task_id, key, level, fired_at) VALUES (${taskId}, ${key}, ${level}, ${at}) ON CONFLICT DO NOTHING`)) === 1;
    },
    async firedKeys(taskId: string): Promise<Set<string>> {
      return new Set((await db.all(sql<{ key: string }>`SELECT key FROM task_warnings WHERE task_id = ${taskId}`)).map((r) => r.key));
    },
  };
}

export type TaskTimelineRepo = ReturnType<typeof createTaskTimelineRepo>;
