/**
 * Full-text search over one organiser's transcripts and requirements (search_docs, kept by the
 * triggers of migration 4). Two ways in: the FTS5 trigram index for terms of 3+ characters
 * (ranked by bm25), and a substring scan of the organiser's own documents for shorter terms.
 */
import type { Db } from '../database.ts';

/** A matching document with what the hit needs to show. */
export interface SearchDocRow {
  kind: 'segment' | 'requirement';
  targetId: string;
  meetingId: string;
  meetingTitle: string;
  meetingAt: string;
  body: string;
  startMs: number | null;
  marker: string | null;
  headline: string | null;
}

interface Row {
  kind: 'segment' | 'requirement';
  target_id: string;
  meeting_id: string;
  meeting_title: string;
  meeting_at: string;
  body: string;
  start_ms: number | null;
  marker: string | null;
  headline: string | null;
}

/** What to look for: an FTS5 MATCH expression and/or LIKE patterns (all must hold). */
export interface SearchSpec {
  organiserId: string;
  /** FTS5 query over the trigram index; null: scan (every term is shorter than 3 characters). */
  match: string | null;
  /** LIKE patterns with `\` as escape, e.g. `%防火%`. */
  likes: string[];
  limit: number;
}

const COLUMNS = `d.kind, d.target_id, d.meeting_id, d.body, m.title AS meeting_title,
  COALESCE(m.started_at, m.scheduled_at) AS meeting_at, s.start_ms,
  r.marker, COALESCE(json_extract(r.edited, '$.headline'), json_extract(r.machine, '$.headline')) AS headline`;

/**
 * The query: an inner select finds, ranks and limits the matching documents; only those are
 * joined with what a hit shows (meeting title, segment time, requirement marker and headline).
 */
function sql(spec: SearchSpec): string {
  const likes = spec.likes.map((_, i) => ` AND d.body LIKE @like${i} ESCAPE '\\'`).join('');
  const ranked = spec.match !== null
    ? `SELECT d.id AS doc_id, bm25(search_fts) AS rank FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
        JOIN meetings m ON m.id = d.meeting_id
        WHERE search_fts MATCH @match AND m.organiser_id = @organiserId${likes}
        ORDER BY rank, d.id LIMIT @limit`
    // The scan reads only this organiser's meetings' documents (meetings_organiser, search_docs_meeting):
    // newest meeting first, requirements before the transcript, then in the order they were written.
    : `SELECT d.id AS doc_id, -julianday(COALESCE(m.started_at, m.scheduled_at)) AS rank FROM meetings m
        JOIN search_docs d ON d.meeting_id = m.id
        WHERE m.organiser_id = @organiserId${likes}
        ORDER BY rank, m.id, d.kind, d.id LIMIT @limit`;
  return `SELECT ${COLUMNS} FROM (${ranked}) h JOIN search_docs d ON d.id = h.doc_id JOIN meetings m ON m.id = d.meeting_id
    LEFT JOIN segments s ON d.kind = 'segment' AND s.id = d.target_id
    LEFT JOIN requirements r ON d.kind = 'requirement' AND r.id = d.target_id
    ORDER BY h.rank, m.id, d.kind, d.id`;
}

export function createSearchRepo(db: Db) {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (text: string) => {
    let st = statements.get(text);
    if (!st) {
      st = db.prepare(text);
      statements.set(text, st);
    }
    return st;
  };
  return {
    search(spec: SearchSpec): SearchDocRow[] {
      const params: Record<string, string | number> = { organiserId: spec.organiserId, limit: spec.limit };
      if (spec.match !== null) params.match = spec.match;
      spec.likes.forEach((p, i) => (params[`like${i}`] = p));
      const rows = prepared(sql(spec)).all(params) as Row[]; // the columns selected above
      return rows.map((r) => ({
        kind: r.kind,
        targetId: r.target_id,
        meetingId: r.meeting_id,
        meetingTitle: r.meeting_title,
        meetingAt: r.meeting_at,
        body: r.body,
        startMs: r.start_ms,
        marker: r.marker,
        headline: r.headline,
      }));
    },
  };
}

export type SearchRepo = ReturnType<typeof createSearchRepo>;
