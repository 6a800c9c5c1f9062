/**
 * Search over one organiser's meetings: transcripts (secretary corrections included) and live
 * requirements. Terms of 3+ characters go through the FTS5 trigram index; when every term is
 * shorter (防火), the organiser's own documents are scanned for the substring.
 */
import type { SearchReply } from '../../shared/protocol/organiser.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { ftsExpression, likePattern, parseSearchTerms } from './search-query.ts';
import { snippet } from './snippet.ts';

export async function searchMeetings(store: Store, organiserId: string, query: string, limit: number): Promise<SearchReply> {
  const { terms, indexed, scanned } = parseSearchTerms(query);
  if (terms.length === 0) throw new DomainError('bad_request', ['q: no term of 2 or more characters']);
  const method = indexed.length > 0 ? 'fts' : 'scan';
  const rows = await store.search.search({
    organiserId,
    match: indexed.length > 0 ? ftsExpression(indexed) : null,
    // After the index narrowed the documents, short terms are checked on those only.
    likes: scanned.map(likePattern),
    limit: limit + 1,
  });
  return {
    terms,
    method,
    truncated: rows.length > limit,
    hits: rows.slice(0, limit).map((r) => ({
      kind: r.kind,
      targetId: r.targetId,
      meetingId: r.meetingId,
      meetingTitle: r.meetingTitle,
      meetingAt: r.meetingAt,
      startMs: r.kind === 'segment' ? r.startMs : null,
      marker: r.kind === 'requirement' ? r.marker : null,
      headline: r.kind === 'requirement' ? r.headline : null,
      snippet: snippet(r.body, terms),
    })),
  };
}
