/**
 * Meetings aggregate: the meeting row (with its speakers and glossary as JSON), the organiser
 * account that owns it, and the organiser's meeting list with its figures.
 */
import { sql } from 'kysely';
import type { GlossaryTerm, Meeting, MeetingStatus, PublishMode, Speaker } from '../../../shared/protocol/domain.ts';
import type { MeetingSummary } from '../../../shared/protocol/organiser.ts';
import type { Sql } from '../sql.ts';

interface MeetingRow {
  id: string;
  title: string;
  organiser: string;
  scheduled_at: string;
  status: MeetingStatus;
  publish_mode: PublishMode;
  speakers: string;
  current_speaker_id: string | null;
  glossary: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  reopened_for_corrections: number;
}

interface SummaryRow extends MeetingRow {
  venue_count: number;
  requirement_count: number;
  acknowledged: number;
}

function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    title: r.title,
    organiser: r.organiser,
    scheduledAt: r.scheduled_at,
    status: r.status,
    publishMode: r.publish_mode,
    speakers: JSON.parse(r.speakers) as Speaker[], // written by this repository only
    currentSpeakerId: r.current_speaker_id,
    glossary: JSON.parse(r.glossary) as GlossaryTerm[], // written by this repository only
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    reopenedForCorrections: r.reopened_for_corrections === 1,
  };
}

function toSummary(r: SummaryRow): MeetingSummary {
  const expected = r.venue_count * r.requirement_count;
  return {
    id: r.id,
    title: r.title,
    organiser: r.organiser,
    status: r.status,
    reopenedForCorrections: r.reopened_for_corrections === 1,
    scheduledAt: r.scheduled_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    venueCount: r.venue_count,
    requirementCount: r.requirement_count,
    acknowledged: r.acknowledged,
    expected,
    ackRate: expected > 0 ? r.acknowledged / expected : null,
  };
}

export function createMeetingsRepo(db: Sql) {
  // Dates carry offsets (+08:00, Z), so they sort as instants, not as text. The API validates
  // them as ISO-8601 with an offset, which both functions read the same way.
  const newestFirst = sql.raw(
    db.dialect === 'postgres' ? 'COALESCE(m.started_at, m.scheduled_at)::timestamptz' : 'julianday(COALESCE(m.started_at, m.scheduled_at))',
  );
  const forUpdate = sql.raw(db.dialect === 'postgres' ? ' FOR NO KEY UPDATE' : '');
  const values = (m: Meeting) => ({
    speakers: JSON.stringify(m.speakers),
    glossary: JSON.stringify(m.glossary),
    reopened: m.reopenedForCorrections ? 1 : 0,
  });
  return {
    /** Insert a new meeting owned by `organiserId` (null: no owner, e.g. tools writing directly). */
    async insert(m: Meeting, organiserId: string | null = null): Promise<void> {
      const v = values(m);
      await db.run(sql`INSERT INTO meetings (id, title, organiser, scheduled_at, status, publish_mode, speakers,
        current_speaker_id, glossary, created_at, started_at, ended_at, reopened_for_corrections, organiser_id)
        VALUES (${m.id}, ${m.title}, ${m.organiser}, ${m.scheduledAt}, ${m.status}, ${m.publishMode}, ${v.speakers},
        ${m.currentSpeakerId}, ${v.glossary}, ${m.createdAt}, ${m.startedAt}, ${m.endedAt}, ${v.reopened}, ${organiserId})`);
    },
    /** Overwrite the meeting's fields (read them with `get` in the same transaction: it locks the row). */
    async save(m: Meeting): Promise<void> {
      const v = values(m);
      await db.run(sql`UPDATE meetings SET title = ${m.title}, organiser = ${m.organiser}, scheduled_at = ${m.scheduledAt},
        status = ${m.status}, publish_mode = ${m.publishMode}, speakers = ${v.speakers}, current_speaker_id = ${m.currentSpeakerId},
        glossary = ${v.glossary}, started_at = ${m.startedAt}, ended_at = ${m.endedAt}, reopened_for_corrections = ${v.reopened}
        WHERE id = ${m.id}`);
    },
    /**
     * Inside a transaction the row stays locked (PostgreSQL) until it ends: the meeting's write lock
     * (meeting-lock.ts), so a read-modify-write through `save` cannot lose another node's change.
     */
    async get(id: string): Promise<Meeting | null> {
      const row = await db.one(sql<MeetingRow>`SELECT * FROM meetings WHERE id = ${id}${db.inTx() ? forUpdate : sql``}`);
      return row ? toMeeting(row) : null;
    },
    async listLive(): Promise<Meeting[]> {
      return (await db.all(sql<MeetingRow>`SELECT * FROM meetings WHERE status = 'live'`)).map(toMeeting);
    },
    async delete(id: string): Promise<void> {
      await db.run(sql`DELETE FROM meetings WHERE id = ${id}`);
    },
    /** The organiser account owning the meeting; null when none (or no such meeting). */
    async ownerOf(id: string): Promise<string | null> {
      return (await db.one(sql<{ organiser_id: string | null }>`SELECT organiser_id FROM meetings WHERE id = ${id}`))?.organiser_id ?? null;
    },
    /**
     * The organiser's meetings with their figures, newest (started, else scheduled) first: branch
     * venues, live published requirements, and 收到 acks by branch venues of each requirement's
     * current version (an ack of an earlier version must be renewed, as on the host's board:
     * shared/protocol/board.ts).
     */
    async summaries(organiserId: string, limit: number, offset: number): Promise<{ meetings: MeetingSummary[]; total: number }> {
      const rows = await db.all(sql<SummaryRow>`SELECT m.*,
        (SELECT COUNT(*) FROM venues v WHERE v.meeting_id = m.id AND v.is_main = 0) AS venue_count,
        (SELECT COUNT(*) FROM requirements r WHERE r.meeting_id = m.id AND r.status = 'published' AND r.retracted_at IS NULL) AS requirement_count,
        (SELECT COUNT(*) FROM acks a
           JOIN requirements r ON r.id = a.requirement_id
           JOIN venues v ON v.id = a.venue_id
         WHERE a.meeting_id = m.id AND a.kind = 'received' AND a.version >= r.version
           AND r.status = 'published' AND r.retracted_at IS NULL AND v.is_main = 0) AS acknowledged
        FROM meetings m WHERE m.organiser_id = ${organiserId}
        ORDER BY ${newestFirst} DESC, m.created_at DESC, m.id LIMIT ${limit} OFFSET ${offset}`);
      const total = (await db.one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM meetings WHERE organiser_id = ${organiserId}`))?.n ?? 0;
      return { meetings: rows.map(toSummary), total };
    },
    /** Give every meeting without an owner to `organiserId` (meetings from before accounts); returns how many. */
    async adoptUnowned(organiserId: string): Promise<number> {
      return db.run(sql`UPDATE meetings SET organiser_id = ${organiserId} WHERE organiser_id IS NULL`);
    },
  };
}

export type MeetingsRepo = ReturnType<typeof createMeetingsRepo>;
