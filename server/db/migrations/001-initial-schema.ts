/** Schema migration 1: initial schema, for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts). */
import type { Migration } from './types.ts';

export const migration1: Migration = {
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
  postgres: `
-- Text is COLLATE "C" throughout: compared and ordered by code point as on SQLite, whatever the
-- database's default collation. Column meanings: see the SQLite text above.
CREATE TABLE meetings (
  id TEXT COLLATE "C" PRIMARY KEY,
  title TEXT COLLATE "C" NOT NULL,
  organiser TEXT COLLATE "C" NOT NULL,
  scheduled_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft','live','ended')),
  publish_mode TEXT COLLATE "C" NOT NULL CHECK (publish_mode IN ('auto','review')),
  speakers TEXT COLLATE "C" NOT NULL,
  current_speaker_id TEXT COLLATE "C",
  glossary TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  started_at TEXT COLLATE "C",
  ended_at TEXT COLLATE "C",
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_public_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE venues (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  level TEXT COLLATE "C" NOT NULL CHECK (level IN ('province','prefecture','county')),
  parent_id TEXT COLLATE "C" REFERENCES venues(id) ON DELETE SET NULL,
  is_main INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL,
  UNIQUE (meeting_id, name)
);
CREATE UNIQUE INDEX venues_one_main ON venues(meeting_id) WHERE is_main = 1;

CREATE TABLE join_codes (
  code TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  role TEXT COLLATE "C" NOT NULL CHECK (role IN ('host','secretary','venue')),
  venue_id TEXT COLLATE "C" NOT NULL REFERENCES venues(id) ON DELETE CASCADE
);
CREATE INDEX join_codes_meeting ON join_codes(meeting_id);

CREATE TABLE segments (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  text TEXT COLLATE "C" NOT NULL,
  original_text TEXT COLLATE "C" NOT NULL,
  edited_at TEXT COLLATE "C",
  position INTEGER NOT NULL
);
CREATE INDEX segments_meeting ON segments(meeting_id, position);

CREATE TABLE requirement_lists (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  list_index INTEGER NOT NULL,
  speaker_name TEXT COLLATE "C",
  speaker_role TEXT COLLATE "C",
  announced_count INTEGER,
  closed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (meeting_id, list_index)
);

CREATE TABLE requirements (
  id TEXT COLLATE "C" PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  list_id TEXT COLLATE "C" NOT NULL REFERENCES requirement_lists(id) ON DELETE CASCADE,
  parent_id TEXT COLLATE "C" REFERENCES requirements(id) ON DELETE SET NULL,
  path TEXT COLLATE "C",
  ordinal INTEGER NOT NULL,
  sort_key DOUBLE PRECISION NOT NULL,
  marker TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft','published','withdrawn')),
  closed INTEGER NOT NULL DEFAULT 0,
  machine TEXT COLLATE "C" NOT NULL,
  edited TEXT COLLATE "C" NOT NULL DEFAULT '{}',
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  UNIQUE (list_id, path)
);
CREATE INDEX requirements_meeting ON requirements(meeting_id);

CREATE TABLE acks (
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  venue_id TEXT COLLATE "C" NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  requirement_id TEXT COLLATE "C" NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('received','relayed')),
  at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (venue_id, requirement_id, kind)
);
CREATE INDEX acks_meeting ON acks(meeting_id);

CREATE TABLE events (
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  audience TEXT COLLATE "C" NOT NULL CHECK (audience IN ('all','staff')),
  prev_public_seq INTEGER NOT NULL,
  venue_id TEXT COLLATE "C",
  payload TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE audit (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  at TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL,
  venue_id TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  before TEXT COLLATE "C",
  after TEXT COLLATE "C"
);
CREATE INDEX audit_meeting ON audit(meeting_id, id);
`,
};
