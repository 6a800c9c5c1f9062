/**
 * Schema migration 5: follow-up: tasks, timeline, attachments, fired warnings, confirmed scopes,
 * thresholds; for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts).
 */
import type { Migration } from './types.ts';

export const migration5: Migration = {
  version: 5,
  name: 'follow-up: tasks, timeline, attachments, fired warnings, confirmed scopes, thresholds',
  sql: `
-- Tasks were issued for the meeting (at its end; dispatch is idempotent and may run again).
CREATE TABLE followup_meetings (
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  dispatched_at TEXT NOT NULL
);

-- One requirement followed at one venue (shared/followup/types.ts: Task). requirement: the
-- requirement as issued (JSON). extension_request: the pending request (JSON) or NULL.
CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
  venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  requirement TEXT NOT NULL,
  -- the requirement's place in the minutes' order (boards list tasks by it)
  requirement_order INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','in_progress','extension_requested','extended','review','done','cancelled')),
  deadline TEXT,
  deadline_source TEXT CHECK (deadline_source IN ('parsed','set','extended')),
  returned INTEGER NOT NULL DEFAULT 0,
  returned_at TEXT,
  extensions INTEGER NOT NULL DEFAULT 0,
  extension_request TEXT,
  signed_at TEXT,
  last_report_at TEXT,
  submitted_at TEXT,
  closed_at TEXT,
  last_reminded_at TEXT,
  reminders INTEGER NOT NULL DEFAULT 0,
  last_venue_action_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (requirement_id, venue_id)
);
CREATE INDEX tasks_meeting ON tasks(meeting_id);
CREATE INDEX tasks_venue ON tasks(venue_id);
CREATE INDEX tasks_open ON tasks(status) WHERE status IN ('pending','in_progress','extension_requested','extended');

-- The audited timeline: every change of a task, who and when (TaskEntry).
CREATE TABLE task_entries (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  text TEXT,
  date TEXT,
  level TEXT
);
CREATE INDEX task_entries_task ON task_entries(task_id, id);

-- Uploaded files (stored on disk beside the database under their id). entry_id: the report or
-- submission they belong to; NULL while uploaded but not yet sent (removed after a day).
CREATE TABLE task_attachments (
  id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  entry_id INTEGER REFERENCES task_entries(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX task_attachments_task ON task_attachments(task_id);
CREATE INDEX task_attachments_entry ON task_attachments(entry_id);

-- Warnings that fired, so none fires twice (across restarts): key per level and cause.
CREATE TABLE task_warnings (
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('blue','yellow','red')),
  fired_at TEXT NOT NULL,
  PRIMARY KEY (task_id, key)
) WITHOUT ROWID;

-- The venues a requirement concerns, as the secretary confirmed them (venue_ids JSON array,
-- NULL = every branch venue). Without a row: every venue, unless named units suggest fewer
-- (then the requirement's tasks wait for this confirmation).
CREATE TABLE task_scopes (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  venue_ids TEXT,
  confirmed_by TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, requirement_id)
) WITHOUT ROWID;

-- Per-organiser warning thresholds (FollowupThresholds JSON); defaults when absent.
CREATE TABLE followup_settings (
  organiser_id TEXT PRIMARY KEY REFERENCES organisers(id),
  thresholds TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
  postgres: `
CREATE TABLE followup_meetings (
  meeting_id TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  dispatched_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE tasks (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  requirement_id TEXT COLLATE "C" NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
  venue_id TEXT COLLATE "C" NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  requirement TEXT COLLATE "C" NOT NULL,
  requirement_order INTEGER NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending','in_progress','extension_requested','extended','review','done','cancelled')),
  deadline TEXT COLLATE "C",
  deadline_source TEXT COLLATE "C" CHECK (deadline_source IN ('parsed','set','extended')),
  returned INTEGER NOT NULL DEFAULT 0,
  returned_at TEXT COLLATE "C",
  extensions INTEGER NOT NULL DEFAULT 0,
  extension_request TEXT COLLATE "C",
  signed_at TEXT COLLATE "C",
  last_report_at TEXT COLLATE "C",
  submitted_at TEXT COLLATE "C",
  closed_at TEXT COLLATE "C",
  last_reminded_at TEXT COLLATE "C",
  reminders INTEGER NOT NULL DEFAULT 0,
  last_venue_action_at TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  UNIQUE (requirement_id, venue_id)
);
CREATE INDEX tasks_meeting ON tasks(meeting_id);
CREATE INDEX tasks_venue ON tasks(venue_id);
CREATE INDEX tasks_open ON tasks(status) WHERE status IN ('pending','in_progress','extension_requested','extended');

CREATE TABLE task_entries (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  task_id TEXT COLLATE "C" NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  at TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  actor_kind TEXT COLLATE "C" NOT NULL,
  actor_name TEXT COLLATE "C" NOT NULL,
  from_status TEXT COLLATE "C",
  to_status TEXT COLLATE "C" NOT NULL,
  text TEXT COLLATE "C",
  date TEXT COLLATE "C",
  level TEXT COLLATE "C"
);
CREATE INDEX task_entries_task ON task_entries(task_id, id);

CREATE TABLE task_attachments (
  id TEXT COLLATE "C" PRIMARY KEY,
  task_id TEXT COLLATE "C" NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  entry_id BIGINT REFERENCES task_entries(id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  media_type TEXT COLLATE "C" NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX task_attachments_task ON task_attachments(task_id);
CREATE INDEX task_attachments_entry ON task_attachments(entry_id);

CREATE TABLE task_warnings (
  task_id TEXT COLLATE "C" NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  key TEXT COLLATE "C" NOT NULL,
  level TEXT COLLATE "C" NOT NULL CHECK (level IN ('blue','yellow','red')),
  fired_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (task_id, key)
);

CREATE TABLE task_scopes (
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  requirement_id TEXT COLLATE "C" NOT NULL,
  venue_ids TEXT COLLATE "C",
  confirmed_by TEXT COLLATE "C" NOT NULL,
  confirmed_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (meeting_id, requirement_id)
);

CREATE TABLE followup_settings (
  organiser_id TEXT COLLATE "C" PRIMARY KEY REFERENCES organisers(id),
  thresholds TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);
`,
};
