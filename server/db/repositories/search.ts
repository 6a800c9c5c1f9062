/**
 * Full-text search over one organiser's transcripts and requirements (search_docs, kept by the
 * triggers of migration 4). Two ways in: an index for terms of 3+ characters — FTS5 trigram
 * (ranked by bm25) on SQLite, pg_trgm (ranked by trigram similarity) on PostgreSQL — and a
 * substring scan of the organiser's own documents for shorter terms.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import type { Sql } from '../sql.ts';

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
  /** FTS5 query over the trigram index (quoted terms joined by AND); null: scan (every term is shorter than 3 characters). */
  match: string | null;
  /** LIKE patterns with `\` as escape, e.g. `%防火%`. */
  likes: string[];
  limit: number;
}

/**
 * The terms of an FTS5 expression as search-query.ts writes it (`"a" AND "b""c"`): PostgreSQL
 * has no FTS5, so each term becomes a substring match there.
 */
export function ftsTerms(match: string): string[] {
  return [...match.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replaceAll('""', '"'));
}

/** The LIKE pattern for a literal substring (`\` escapes the wildcards). */
const containing = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// SQLite's LIKE ignores ASCII case, as ILIKE does on the C-collated body; FTS5's trigram
// tokenizer ignores case too.
const likeOp = (dialect: Dialect) => sql.raw(dialect === 'postgres' ? 'ILIKE' : 'LIKE');

/** ` AND d.body LIKE p` for each pattern (nothing when there are none). */
function bodyLike(dialect: Dialect, patterns: readonly string[]): RawBuilder<unknown> {
  if (patterns.length === 0) return sql``;
  return sql` AND ${sql.join(patterns.map((p) => sql`d.body ${likeOp(dialect)} ${p} ESCAPE '\\'`), sql` AND `)}`;
}

/** The best matches (doc_id, rank: lower is better), at most `limit`. */
function ranked(dialect: Dialect, spec: SearchSpec): RawBuilder<unknown> {
  const likes = bodyLike(dialect, spec.likes);
  if (spec.match !== null && dialect === 'sqlite') {
    return sql`SELECT d.id AS doc_id, bm25(search_fts) AS rank FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
      JOIN meetings m ON m.id = d.meeting_id
      WHERE search_fts MATCH ${spec.match} AND m.organiser_id = ${spec.organiserId}${likes}
      ORDER BY rank, d.id LIMIT ${spec.limit}`;
  }
  if (spec.match !== null) {
    // The pg_trgm index serves ILIKE '%term%'. Like bm25, similarity favours documents where the
    // terms make up more of the text; it has no term-frequency weighting.
    const terms = ftsTerms(spec.match);
    const similarity = sql.join(terms.map((t) => sql`similarity(d.body, ${t})`), sql` + `);
    return sql`SELECT d.id AS doc_id, -(${similarity}) AS rank FROM search_docs d JOIN meetings m ON m.id = d.meeting_id
      WHERE m.organiser_id = ${spec.organiserId}${bodyLike(dialect, terms.map(containing))}${likes}
      ORDER BY rank, d.id LIMIT ${spec.limit}`;
  }
  // The scan reads only this organiser's meetings' documents (meetings_organiser, search_docs_meeting):
  // newest meeting first, requirements before the transcript, then in the order they were written.
  // Dates carry offsets (+08:00, Z), so they are compared as instants, not as text.
  const newest = dialect === 'postgres'
    ? sql`-EXTRACT(EPOCH FROM COALESCE(m.started_at, m.scheduled_at)::timestamptz)`
    : sql`-julianday(COALESCE(m.started_at, m.scheduled_at))`;
  return sql`SELECT d.id AS doc_id, ${newest} AS rank FROM meetings m
    JOIN search_docs d ON d.meeting_id = m.id
    WHERE m.organiser_id = ${spec.organiserId}${likes}
    ORDER BY rank, m.id, d.kind, d.id LIMIT ${spec.limit}`;
}

/**
 * The query: an inner select finds, ranks and limits the matching documents; only those are
 * joined with what a hit shows (meeting title, segment time, requirement marker and headline).
 */
function query(dialect: Dialect, spec: SearchSpec): RawBuilder<Row> {
  const headline = dialect === 'postgres'
    ? sql`COALESCE(r.edited::jsonb ->> 'headline', r.machine::jsonb ->> 'headline')`
    : sql`COALESCE(json_extract(r.edited, '$.headline'), json_extract(r.machine, '$.headline'))`;
  return sql<Row>`SELECT d.kind, d.target_id, d.meeting_id, d.body, m.title AS meeting_title,
      COALESCE(m.started_at, m.scheduled_at) AS meeting_at, s.start_ms, r.marker, ${headline} AS headline
    FROM (${ranked(dialect, spec)}) h JOIN search_docs d ON d.id = h.doc_id JOIN meetings m ON m.id = d.meeting_id
    LEFT JOIN segments s ON d.kind = 'segment' AND s.id = d.target_id
    LEFT JOIN requirements r ON d.kind = 'requirement' AND r.id = d.target_id
    ORDER BY h.rank, m.id, d.kind, d.id`;
}

export function createSearchRepo(db: Sql) {
  return {
    async search(spec: SearchSpec): Promise<SearchDocRow[]> {
      const rows = await db.all(query(db.dialect, spec));
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
