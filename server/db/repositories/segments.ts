/** Segments aggregate: final transcript segments, machine text kept apart from edits. */
import { sql } from 'kysely';
import type { Segment } from '../../../shared/protocol/domain.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

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

export function createSegmentsRepo(db: Sql) {
  const lock = meetingLock(db);
  return {
    /** Append a final segment after the meeting's last one. */
    async insert(s: Segment): Promise<void> {
      // Under the meeting's write lock, so segments stored by two nodes at once get different positions.
      await db.tx(async () => {
        await lock(s.meetingId);
        await db.run(sql`INSERT INTO segments (id, meeting_id, start_ms, end_ms, text, original_text, edited_at, speaker_id, position)
          SELECT ${s.id}, ${s.meetingId}, ${s.startMs}, ${s.endMs}, ${s.text}, ${s.originalText}, NULL, ${s.speakerId}, COALESCE(MAX(position), -1) + 1
          FROM segments WHERE meeting_id = ${s.meetingId}`);
      });
    },
    /**
     * What the meeting's stored transcript is now, as a comparable token (segments stored, last
     * correction): a node that extracts from its own copy of the transcript sees from it whether
     * another node stored or corrected a segment since. Read under the meeting's write lock.
     */
    async revision(meetingId: string): Promise<string> {
      await lock(meetingId);
      const r = await db.one(sql<{ n: number; e: string | null }>`SELECT COUNT(*) AS n, MAX(edited_at) AS e FROM segments WHERE meeting_id = ${meetingId}`);
      return `${r?.n ?? 0}|${r?.e ?? ''}`;
    },
    async list(meetingId: string): Promise<Segment[]> {
      return (await db.all(sql<SegmentRow>`SELECT * FROM segments WHERE meeting_id = ${meetingId} ORDER BY position`)).map(toSegment);
    },
    async get(id: string): Promise<Segment | null> {
      const r = await db.one(sql<SegmentRow>`SELECT * FROM segments WHERE id = ${id}`);
      return r ? toSegment(r) : null;
    },
    async editText(id: string, text: string, at: string): Promise<void> {
      await db.run(sql`UPDATE segments SET text = ${text}, edited_at = ${at} WHERE id = ${id}`);
    },
    /**
     * Current text (secretaries' corrections included) of the meeting's last `count` non-empty
     * segments, oldest first: the recogniser's previous-text prompt.
     */
    async recentTexts(meetingId: string, count: number): Promise<string[]> {
      const rows = await db.all(sql<{ text: string }>`SELECT text FROM segments WHERE meeting_id = ${meetingId} AND text != '' ORDER BY position DESC LIMIT ${count}`);
      return rows.map((r) => r.text).reverse();
    },
    /** End of the last stored segment whose id starts with `idPrefix` (one audio stream's), ms; 0 when none. */
    async lastEndMsOf(meetingId: string, idPrefix: string): Promise<number> {
      const pattern = `${idPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return (await db.one(sql<{ e: number | null }>`SELECT MAX(end_ms) AS e FROM segments WHERE meeting_id = ${meetingId} AND id LIKE ${pattern} ESCAPE '\\'`))?.e ?? 0;
    },
    /** End of the last stored segment, ms (0 when none): the offset for a resumed stream. */
    async lastEndMs(meetingId: string): Promise<number> {
      return (await db.one(sql<{ e: number | null }>`SELECT MAX(end_ms) AS e FROM segments WHERE meeting_id = ${meetingId}`))?.e ?? 0;
    },
  };
}

export type SegmentsRepo = ReturnType<typeof createSegmentsRepo>;
