/**
 * Numbered schema migrations, applied in order inside one transaction each;
 * `PRAGMA user_version` records the last one applied. Never edit a released migration: add one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  organiser TEXT NOT NULL,
  scheduled_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','live','ended')),
  publish_mode TEXT NOT NULL CHECK (publish_mode IN ('auto','review')),
  speakers TEXT NOT NULL,
  current_speaker_id TEXT,
  glossary TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  -- last sequence number used, and the last one visible to venues (audience 'all')
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_public_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE venues (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province','prefecture','county')),
  parent_id TEXT REFERENCES venues(id) ON DELETE SET NULL,
  is_main INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL,
  UNIQUE (meeting_id, name)
);
CREATE UNIQUE INDEX venues_one_main ON venues(meeting_id) WHERE is_main = 1;

CREATE TABLE join_codes (
  code TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('host','secretary','venue')),
  venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE
);
CREATE INDEX join_codes_meeting ON join_codes(meeting_id);

CREATE TABLE segments (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  text TEXT NOT NULL,
  original_text TEXT NOT NULL,
  edited_at TEXT,
  position INTEGER NOT NULL
);
CREATE INDEX segments_meeting ON segments(meeting_id, position);

CREATE TABLE requirement_lists (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  list_index INTEGER NOT NULL,
  speaker_name TEXT,
  speaker_role TEXT,
  announced_count INTEGER,
  closed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (meeting_id, list_index)
);

CREATE TABLE requirements (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  list_id TEXT NOT NULL REFERENCES requirement_lists(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES requirements(id) ON DELETE SET NULL,
  -- extractor path ("0", "0.1"); NULL for items a secretary created by splitting
  path TEXT,
  ordinal INTEGER NOT NULL,
  sort_key REAL NOT NULL,
  marker TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','published','withdrawn')),
  closed INTEGER NOT NULL DEFAULT 0,
  machine TEXT NOT NULL,
  edited TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (list_id, path)
);
CREATE INDEX requirements_meeting ON requirements(meeting_id);

CREATE TABLE acks (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('received','relayed')),
  at TEXT NOT NULL,
  PRIMARY KEY (venue_id, requirement_id, kind)
);
CREATE INDEX acks_meeting ON acks(meeting_id);

CREATE TABLE events (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('all','staff')),
  -- previous seq a venue could see, so venue clients can check continuity
  prev_public_seq INTEGER NOT NULL,
  -- the venue an ack event belongs to (venues see their own acks on replay)
  venue_id TEXT,
  payload TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  role TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX audit_meeting ON audit(meeting_id, id);
`,
  },
  {
    version: 2,
    name: 'segment speaker',
    sql: `
-- The meeting's current speaker when the segment was finalised: the extractor attributes
-- first-person lead-ins ("我讲三点意见") to it, and restarts per speaker.
ALTER TABLE segments ADD COLUMN speaker_id TEXT;
`,
  },
  {
    version: 3,
    name: 'live requirements: provisional items, retraction, versions, numbering, undo',
    sql: `
-- provisional: published from an interim (unconfirmed) recognition, until a final confirms it.
-- retracted_at: the machine withdrew the item (a guess the speech no longer supports).
-- version: bumped when the item's content changes after it closed or by a secretary; acks record it.
-- nominal / nominal_end: the spoken number (第四 → 4) and, after merges, the last one absorbed.
-- origin: machine (extractor), split (second half of a split), manual (added by a secretary).
-- orphaned: the machine no longer finds an item a secretary worked on; kept for the secretary to decide.
-- reviewed_at: last secretary action on the item (edit, approve, add); such items are never retracted.
-- published_at: when venues first saw it (the venue screen's "newest" is the latest added).
ALTER TABLE requirements ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN retracted_at TEXT;
ALTER TABLE requirements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE requirements ADD COLUMN nominal INTEGER;
ALTER TABLE requirements ADD COLUMN nominal_end INTEGER;
ALTER TABLE requirements ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine','split','manual'));
ALTER TABLE requirements ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirements ADD COLUMN reviewed_at TEXT;
ALTER TABLE requirements ADD COLUMN published_at TEXT;
UPDATE requirements SET origin = 'split' WHERE path IS NULL;
UPDATE requirements SET nominal = ordinal WHERE path IS NOT NULL;
UPDATE requirements SET published_at = created_at WHERE status = 'published';
UPDATE requirements SET reviewed_at = updated_at WHERE edited != '{}';

ALTER TABLE requirement_lists ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requirement_lists ADD COLUMN retracted_at TEXT;

-- The version of the requirement the acknowledgement confirmed.
ALTER TABLE acks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Secretary merges and splits that can be undone: what to restore.
CREATE TABLE undo_ops (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('merge','split')),
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX undo_ops_meeting ON undo_ops(meeting_id);
`,
  },
  {
    version: 4,
    name: 'archive: organiser accounts, corrections, attendance, minutes drafts, search index',
    sql: `
-- Organiser accounts (the issuing department's login). password_hash: scrypt$<log2 N>$<r>$<p>$<salt>$<hash>
-- (base64url), so the parameters live with each hash. Accounts are disabled, never deleted.
CREATE TABLE organisers (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES organisers(id),
  password_changed_at TEXT NOT NULL,
  disabled_at TEXT
);

-- Organiser sessions: only the SHA-256 of the bearer token is stored, so a copy of the database
-- holds no usable session. revoked_at: logout, password change, account disabled.
CREATE TABLE organiser_sessions (
  token_hash TEXT PRIMARY KEY,
  organiser_id TEXT NOT NULL REFERENCES organisers(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX organiser_sessions_organiser ON organiser_sessions(organiser_id);

-- The account that created the meeting (NULL for meetings from before accounts: the first
-- organiser adopts them when it is created).
ALTER TABLE meetings ADD COLUMN organiser_id TEXT REFERENCES organisers(id);
CREATE INDEX meetings_organiser ON meetings(organiser_id);
-- An ended meeting reopened for corrections by the secretary (status stays 'ended').
ALTER TABLE meetings ADD COLUMN reopened_for_corrections INTEGER NOT NULL DEFAULT 0;

-- When each venue was online (sockets or LiveKit), so the minutes' attendance survives a restart.
-- left_at NULL: online when last known (a server stop is not a venue leaving).
CREATE TABLE venue_attendance (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL,
  left_at TEXT
);
CREATE INDEX venue_attendance_meeting ON venue_attendance(meeting_id, venue_id, joined_at);
CREATE INDEX venue_attendance_open ON venue_attendance(venue_id) WHERE left_at IS NULL;

-- The secretary's edits of the generated minutes draft (MinutesEdits JSON), with a revision
-- number for optimistic concurrency between two desks.
CREATE TABLE minutes_drafts (
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  edits TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- Full-text search over transcripts and requirements. search_docs holds the searchable text
-- of every segment and live requirement (kept by the triggers below, whatever code path writes
-- the source rows, cascaded deletes included); search_fts indexes it with the trigram tokenizer
-- (substring match for terms of 3+ characters). Shorter terms scan search_docs by meeting.
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('segment','requirement')),
  target_id TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (kind, target_id)
);
CREATE INDEX search_docs_meeting ON search_docs(meeting_id);
CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_docs', content_rowid='id', tokenize='trigram');

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF body ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER segments_search_ai AFTER INSERT ON segments WHEN new.text != '' BEGIN
  INSERT INTO search_docs(meeting_id, kind, target_id, body) VALUES (new.meeting_id, 'segment', new.id, new.text);
END;
CREATE TRIGGER segments_search_au AFTER UPDATE OF text ON segments BEGIN
  DELETE FROM search_docs WHERE kind = 'segment' AND target_id = old.id AND new.text = '';
  INSERT INTO search_docs(meeting_id, kind, target_id, body) SELECT new.meeting_id, 'segment', new.id, new.text WHERE new.text != ''
    ON CONFLICT (kind, target_id) DO UPDATE SET body = excluded.body WHERE body != excluded.body;
END;
CREATE TRIGGER segments_search_ad AFTER DELETE ON segments BEGIN
  DELETE FROM search_docs WHERE kind = 'segment' AND target_id = old.id;
END;

-- A requirement's searchable text: its effective headline (secretary edit over machine), its
-- text when that does not already contain the headline, and its responsible units. Withdrawn
-- and retracted items are not indexed.
CREATE VIEW search_requirement_text AS
  SELECT id, meeting_id,
    CASE WHEN instr(text, headline) > 0 THEN text ELSE headline || char(10) || text END
      || COALESCE(char(10) || (SELECT group_concat(value, '、') FROM json_each(responsible)), '') AS body
  FROM (SELECT r.id, r.meeting_id,
          COALESCE(json_extract(r.edited, '$.headline'), json_extract(r.machine, '$.headline'), '') AS headline,
          COALESCE(json_extract(r.edited, '$.text'), json_extract(r.machine, '$.text'), '') AS text,
          CASE WHEN json_type(r.edited, '$.responsible') = 'array' THEN json_extract(r.edited, '$.responsible')
               ELSE COALESCE(json_extract(r.machine, '$.responsible'), '[]') END AS responsible
        FROM requirements r
        WHERE r.status != 'withdrawn' AND r.retracted_at IS NULL);

CREATE TRIGGER requirements_search_ai AFTER INSERT ON requirements BEGIN
  INSERT INTO search_docs(meeting_id, kind, target_id, body)
    SELECT meeting_id, 'requirement', id, body FROM search_requirement_text WHERE id = new.id AND body != '';
END;
CREATE TRIGGER requirements_search_au AFTER UPDATE OF machine, edited, status, retracted_at ON requirements BEGIN
  DELETE FROM search_docs WHERE kind = 'requirement' AND target_id = new.id
    AND NOT EXISTS (SELECT 1 FROM search_requirement_text WHERE id = new.id AND body != '');
  INSERT INTO search_docs(meeting_id, kind, target_id, body)
    SELECT meeting_id, 'requirement', id, body FROM search_requirement_text WHERE id = new.id AND body != ''
    ON CONFLICT (kind, target_id) DO UPDATE SET body = excluded.body WHERE body != excluded.body;
END;
CREATE TRIGGER requirements_search_ad AFTER DELETE ON requirements BEGIN
  DELETE FROM search_docs WHERE kind = 'requirement' AND target_id = old.id;
END;

INSERT INTO search_docs(meeting_id, kind, target_id, body)
  SELECT meeting_id, 'segment', id, text FROM segments WHERE text != '';
INSERT INTO search_docs(meeting_id, kind, target_id, body)
  SELECT meeting_id, 'requirement', id, body FROM search_requirement_text WHERE body != '';
`,
  },
  {
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
  },
  {
    version: 6,
    name: 'storage probe',
    sql: `
-- One row rewritten by the health check (at most once a second): a real write, so a database
-- that can no longer be written (read-only file system, full disk) is reported, not discovered
-- when a final transcript segment fails to save.
CREATE TABLE storage_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
`,
  },
];
