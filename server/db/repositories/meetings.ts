/** Meetings aggregate: the meeting row (with its speakers and glossary as JSON). */
import type { GlossaryTerm, Meeting, MeetingStatus, PublishMode, Speaker } from '../../../shared/protocol/domain.ts';
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
  };
}

export function createMeetingsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO meetings (id, title, organiser, scheduled_at, status, publish_mode, speakers,
    current_speaker_id, glossary, created_at, started_at, ended_at)
    VALUES (@id, @title, @organiser, @scheduledAt, @status, @publishMode, @speakers, @currentSpeakerId, @glossary,
    @createdAt, @startedAt, @endedAt)`);
  const update = db.prepare(`UPDATE meetings SET title=@title, organiser=@organiser, scheduled_at=@scheduledAt,
    status=@status, publish_mode=@publishMode, speakers=@speakers, current_speaker_id=@currentSpeakerId,
    glossary=@glossary, started_at=@startedAt, ended_at=@endedAt WHERE id=@id`);
  const byId = db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?');
  const remove = db.prepare('DELETE FROM meetings WHERE id = ?');
  const live = db.prepare<[], MeetingRow>("SELECT * FROM meetings WHERE status = 'live'");

  const params = (m: Meeting) => ({ ...m, speakers: JSON.stringify(m.speakers), glossary: JSON.stringify(m.glossary) });
  return {
    insert(m: Meeting): void {
      insert.run(params(m));
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
  };
}

export type MeetingsRepo = ReturnType<typeof createMeetingsRepo>;
