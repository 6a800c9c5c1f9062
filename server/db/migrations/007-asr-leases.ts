/** Schema migration 7: ASR leases, for SQLite (`sql`) and PostgreSQL (`postgres`). Released: never edit (see index.ts). */
import type { Migration } from './types.ts';

export const migration7: Migration = {
  version: 7,
  name: 'asr leases',
  sql: `
-- Which node transcribes a meeting's audio (server/meeting/asr-lease.ts). A node holds the row
-- while its expires_at (epoch ms) lies ahead and renews it; after that any node may take it.
-- epoch grows whenever the row passes to another node: a node stores segments only while the
-- row still carries its own node and epoch (a fencing token), so a stalled node cannot write
-- after its successor started. Released leases keep their row (expires_at 0) for that reason.
-- The uplink columns are where the holder's host uplink can be picked up by the next holder:
-- every chunk before resume_chunk_seq was transcribed and stored (or was silence), and that
-- chunk starts at resume_at_ms on the meeting's timeline.
CREATE TABLE asr_leases (
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL,
  uplink_id TEXT,
  stream_id TEXT,
  resume_chunk_seq INTEGER,
  resume_at_ms REAL
);
`,
  postgres: `
CREATE TABLE asr_leases (
  meeting_id TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  node_id TEXT COLLATE "C" NOT NULL,
  epoch INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  acquired_at BIGINT NOT NULL,
  uplink_id TEXT COLLATE "C",
  stream_id TEXT COLLATE "C",
  resume_chunk_seq BIGINT,
  resume_at_ms DOUBLE PRECISION
);
`,
};
