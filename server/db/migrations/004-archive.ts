/**
 * Schema migration 4: archive: organiser accounts, corrections, attendance, minutes drafts, search
 * index; for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts).
 */
import type { Migration } from './types.ts';

export const migration4: Migration = {
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
  postgres: `
-- username keeps the database's collation: case-insensitive through lower() on both sides (the
-- unique index here, the lookup in the repository), as COLLATE NOCASE does on SQLite.
CREATE TABLE organisers (
  id TEXT COLLATE "C" PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT COLLATE "C" NOT NULL,
  password_hash TEXT COLLATE "C" NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" REFERENCES organisers(id),
  password_changed_at TEXT COLLATE "C" NOT NULL,
  disabled_at TEXT COLLATE "C"
);
CREATE UNIQUE INDEX organisers_username ON organisers (lower(username));

CREATE TABLE organiser_sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  organiser_id TEXT COLLATE "C" NOT NULL REFERENCES organisers(id),
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);
CREATE INDEX organiser_sessions_organiser ON organiser_sessions(organiser_id);

ALTER TABLE meetings ADD COLUMN organiser_id TEXT COLLATE "C" REFERENCES organisers(id);
CREATE INDEX meetings_organiser ON meetings(organiser_id);
ALTER TABLE meetings ADD COLUMN reopened_for_corrections INTEGER NOT NULL DEFAULT 0;

CREATE TABLE venue_attendance (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  venue_id TEXT COLLATE "C" NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  joined_at TEXT COLLATE "C" NOT NULL,
  left_at TEXT COLLATE "C"
);
CREATE INDEX venue_attendance_meeting ON venue_attendance(meeting_id, venue_id, joined_at);
CREATE INDEX venue_attendance_open ON venue_attendance(venue_id) WHERE left_at IS NULL;

CREATE TABLE minutes_drafts (
  meeting_id TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  edits TEXT COLLATE "C" NOT NULL,
  revision INTEGER NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  updated_by TEXT COLLATE "C" NOT NULL
);

-- Search: the same search_docs rows as on SQLite, kept by the triggers below; instead of the
-- FTS5 table, a pg_trgm index on body serves ILIKE '%term%' for terms of 3+ characters.
CREATE TABLE search_docs (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('segment','requirement')),
  target_id TEXT COLLATE "C" NOT NULL,
  body TEXT COLLATE "C" NOT NULL,
  UNIQUE (kind, target_id)
);
CREATE INDEX search_docs_meeting ON search_docs(meeting_id);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX search_docs_body_trgm ON search_docs USING gin (body gin_trgm_ops);

CREATE FUNCTION segments_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE kind = 'segment' AND target_id = OLD.id;
  ELSIF NEW.text = '' THEN
    DELETE FROM search_docs WHERE kind = 'segment' AND target_id = OLD.id;
  ELSE
    INSERT INTO search_docs (meeting_id, kind, target_id, body) VALUES (NEW.meeting_id, 'segment', NEW.id, NEW.text)
      ON CONFLICT (kind, target_id) DO UPDATE SET body = excluded.body WHERE search_docs.body != excluded.body;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER segments_search_ai AFTER INSERT ON segments FOR EACH ROW WHEN (NEW.text != '') EXECUTE FUNCTION segments_search_sync();
CREATE TRIGGER segments_search_au AFTER UPDATE OF text ON segments FOR EACH ROW EXECUTE FUNCTION segments_search_sync();
CREATE TRIGGER segments_search_ad AFTER DELETE ON segments FOR EACH ROW EXECUTE FUNCTION segments_search_sync();

-- JSON as SQLite's json_extract reads it: a JSON null falls through COALESCE like a missing key,
-- and only an array of responsible units is listed (jsonb_array_elements_text fails on others).
CREATE VIEW search_requirement_text AS
  SELECT id, meeting_id,
    CASE WHEN strpos(text, headline) > 0 THEN text ELSE headline || chr(10) || text END
      || COALESCE(chr(10) || (SELECT string_agg(e.value, '、' ORDER BY e.n)
                              FROM jsonb_array_elements_text(responsible) WITH ORDINALITY AS e(value, n)), '') AS body
  FROM (SELECT r.id, r.meeting_id,
          COALESCE(r.edited::jsonb ->> 'headline', r.machine::jsonb ->> 'headline', '') AS headline,
          COALESCE(r.edited::jsonb ->> 'text', r.machine::jsonb ->> 'text', '') AS text,
          CASE WHEN jsonb_typeof(r.edited::jsonb -> 'responsible') = 'array' THEN r.edited::jsonb -> 'responsible'
               WHEN jsonb_typeof(r.machine::jsonb -> 'responsible') = 'array' THEN r.machine::jsonb -> 'responsible'
               ELSE '[]'::jsonb END AS responsible
        FROM requirements r
        WHERE r.status != 'withdrawn' AND r.retracted_at IS NULL) t;

CREATE FUNCTION requirements_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE kind = 'requirement' AND target_id = OLD.id;
    RETURN NULL;
  END IF;
  DELETE FROM search_docs WHERE kind = 'requirement' AND target_id = NEW.id
    AND NOT EXISTS (SELECT 1 FROM search_requirement_text WHERE id = NEW.id AND body != '');
  INSERT INTO search_docs (meeting_id, kind, target_id, body)
    SELECT meeting_id, 'requirement', id, body FROM search_requirement_text WHERE id = NEW.id AND body != ''
    ON CONFLICT (kind, target_id) DO UPDATE SET body = excluded.body WHERE search_docs.body != excluded.body;
  RETURN NULL;
END $$;
CREATE TRIGGER requirements_search_ai AFTER INSERT ON requirements FOR EACH ROW EXECUTE FUNCTION requirements_search_sync();
CREATE TRIGGER requirements_search_au AFTER UPDATE OF machine, edited, status, retracted_at ON requirements
  FOR EACH ROW EXECUTE FUNCTION requirements_search_sync();
CREATE TRIGGER requirements_search_ad AFTER DELETE ON requirements FOR EACH ROW EXECUTE FUNCTION requirements_search_sync();

INSERT INTO search_docs (meeting_id, kind, target_id, body)
  SELECT meeting_id, 'segment', id, text FROM segments WHERE text != '';
INSERT INTO search_docs (meeting_id, kind, target_id, body)
  SELECT meeting_id, 'requirement', id, body FROM search_requirement_text WHERE body != '';
`,
};
