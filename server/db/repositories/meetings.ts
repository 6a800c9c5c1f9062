/**
 * Meetings aggregate: the meeting row (with its speakers and glossary as JSON), the organiser
 * account that owns it, and the organiser's meeting list with its figures.
 */
import type { GlossaryTerm, Meeting, MeetingStatus, PublishMode, Speaker } from '../../../shared/protocol/domain.ts';
import type { MeetingSummary } from '../../../shared/protocol/organiser.ts';
import type { Db } from '../database.ts';

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

/**
 * The list's figures per meeting: branch venues, live published requirements, and 收到 acks by
 * branch venues of each requirement's current version (an ack of an earlier version must be
 * renewed, as on the host's board: shared/protocol/board.ts). Dates carry offsets (+08:00, Z), so they sort via julianday.
 */
const SUMMARY_SELECT = `SELECT m.*,
  (SELECT COUNT(*) FROM venues v WHERE v.meeting_id = m.id AND v.is_main = 0) AS venue_count,
  (SELECT COUNT(*) FROM requirements r WHERE r.meeting_id = m.id AND r.status = 'published' AND r.retracted_at IS NULL) AS requirement_count,
  (SELECT COUNT(*) FROM acks a
     JOIN requirements r ON r.id = a.requirement_id
     JOIN venues v ON v.id = a.venue_id
   WHERE a.meeting_id = m.id AND a.kind = 'received' AND a.version >= r.version
     AND r.status = 'published' AND r.retracted_at IS NULL AND v.is_main = 0) AS acknowledged
  FROM meetings m WHERE m.organiser_id = ?
  ORDER BY julianday(COALESCE(m.started_at, m.scheduled_at)) DESC, m.created_at DESC, m.id LIMIT ? OFFSET ?`;

export function createMeetingsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO meetings (id, title, organiser, scheduled_at, status, publish_mode, speakers,
    current_speaker_id, glossary, created_at, started_at, ended_at, reopened_for_corrections, organiser_id)
    VALUES (@id, @title, @organiser, @scheduledAt, @status, @publishMode, @speakers, @currentSpeakerId, @glossary,
    @createdAt, @startedAt, @endedAt, @reopenedForCorrections, @organiserId)`);
  const update = db.prepare(`UPDATE meetings SET title=@title, organiser=@organiser, scheduled_at=@scheduledAt,
    status=@status, publish_mode=@publishMode, speakers=@speakers, current_speaker_id=@currentSpeakerId,
    glossary=@glossary, started_at=@startedAt, ended_at=@endedAt, reopened_for_corrections=@reopenedForCorrections WHERE id=@id`);
  const owner = db.prepare<[string], { organiser_id: string | null }>('SELECT organiser_id FROM meetings WHERE id = ?');
  const summaries = db.prepare<[string, number, number], SummaryRow>(SUMMARY_SELECT);
  const countOwned = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM meetings WHERE organiser_id = ?');
  const adopt = db.prepare('UPDATE meetings SET organiser_id = ? WHERE organiser_id IS NULL');
  const byId = db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?');
  const remove = db.prepare('DELETE FROM meetings WHERE id = ?');
  const live = db.prepare<[], MeetingRow>("SELECT * FROM meetings WHERE status = 'live'");

  const params = (m: Meeting) => ({
    ...m,
    speakers: JSON.stringify(m.speakers),
    glossary: JSON.stringify(m.glossary),
    reopenedForCorrections: m.reopenedForCorrections ? 1 : 0,
  });
  return {
    /** Insert a new meeting owned by `organiserId` (null: no owner, e.g. tools writing directly). */
    insert(m: Meeting, organiserId: string | null = null): void {
      insert.run({ ...params(m), organiserId });
    },
    save(m: Meeting): void {
      update.run(params(m));
    },
    get(id: string): Meeting | null {
      const row = byId.get(id);
      return row ? toMeeting(row) : null;
    },
    listLive(): Meeting[] {
      return live.all().map(toMeeting);
    },
    delete(id: string): void {
      remove.run(id);
    },
    /** The organiser account owning the meeting; null when none (or no such meeting). */
    ownerOf(id: string): string | null {
      return owner.get(id)?.organiser_id ?? null;
    },
    /** The organiser's meetings with their figures, newest (started, else scheduled) first. */
    summaries(organiserId: string, limit: number, offset: number): { meetings: MeetingSummary[]; total: number } {
      return { meetings: summaries.all(organiserId, limit, offset).map(toSummary), total: countOwned.get(organiserId)?.n ?? 0 };
    },
    /** Give every meeting without an owner to `organiserId` (meetings from before accounts); returns how many. */
    adoptUnowned(organiserId: string): number {
      return adopt.run(organiserId).changes;
    },
  };
}

export type MeetingsRepo = ReturnType<typeof createMeetingsRepo>;
