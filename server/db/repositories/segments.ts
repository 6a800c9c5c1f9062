/** Segments aggregate: final transcript segments, machine text kept apart from edits. */
import type { Segment } from '../../../shared/protocol/domain.ts';
import type { Db } from '../database.ts';

interface SegmentRow {
  id: string;
  meeting_id: string;
  start_ms: number;
  end_ms: number;
  text: string;
  original_text: string;
  edited_at: string | null;
  speaker_id: string | null;
}

function toSegment(r: SegmentRow): Segment {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    text: r.text,
    originalText: r.original_text,
    isFinal: true,
    editedAt: r.edited_at,
    speakerId: r.speaker_id,
  };
}

export function createSegmentsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO segments (id, meeting_id, start_ms, end_ms, text, original_text, edited_at, speaker_id, position)
    VALUES (@id, @meetingId, @startMs, @endMs, @text, @originalText, NULL, @speakerId,
    (SELECT COALESCE(MAX(position), -1) + 1 FROM segments WHERE meeting_id = @meetingId))`);
  const byMeeting = db.prepare<[string], SegmentRow>('SELECT * FROM segments WHERE meeting_id = ? ORDER BY position');
  const byId = db.prepare<[string], SegmentRow>('SELECT * FROM segments WHERE id = ?');
  const edit = db.prepare('UPDATE segments SET text = ?, edited_at = ? WHERE id = ?');
  const lastEnd = db.prepare<[string], { e: number | null }>('SELECT MAX(end_ms) AS e FROM segments WHERE meeting_id = ?');
  const lastTexts = db.prepare<[string, number], { text: string }>(
    "SELECT text FROM segments WHERE meeting_id = ? AND text != '' ORDER BY position DESC LIMIT ?",
  );
  return {
    insert(s: Segment): void {
      insert.run(s);
    },
    list(meetingId: string): Segment[] {
      return byMeeting.all(meetingId).map(toSegment);
    },
    get(id: string): Segment | null {
      const r = byId.get(id);
      return r ? toSegment(r) : null;
    },
    editText(id: string, text: string, at: string): void {
      edit.run(text, at, id);
    },
    /**
     * Current text (secretaries' corrections included) of the meeting's last `count` non-empty
     * segments, oldest first: the recogniser's previous-text prompt.
     */
    recentTexts(meetingId: string, count: number): string[] {
      return lastTexts
        .all(meetingId, count)
        .map((r) => r.text)
        .reverse();
    },
    /** End of the last stored segment, ms (0 when none): the offset for a resumed stream. */
    lastEndMs(meetingId: string): number {
      return lastEnd.get(meetingId)?.e ?? 0;
    },
  };
}

export type SegmentsRepo = ReturnType<typeof createSegmentsRepo>;
