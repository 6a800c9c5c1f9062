/**
 * Search queries (pure): terms from what the organiser typed, the FTS5 expression for the
 * trigram index and LIKE patterns for terms it cannot serve. The trigram tokenizer indexes
 * every 3-character window, so it finds any substring of 3+ characters; a 2-character term
 * (防火) matches no trigram and is found by a substring scan instead.
 */
import { MIN_SEARCH_TERM_LENGTH } from '../../shared/protocol/organiser.ts';

/** Shortest term the trigram index can find, characters. */
export const TRIGRAM_MIN_CHARS = 3;
/** At most this many terms are used (the rest are ignored). */
export const MAX_TERMS = 8;
/** Longest term, characters (longer ones are cut). */
export const MAX_TERM_CHARS = 50;

/** A query split into terms (all must occur), by what can find them. */
export interface SearchTerms {
  /** Every term, in the order typed, without duplicates. */
  terms: string[];
  /** Terms of 3+ characters: the trigram index finds them. */
  indexed: string[];
  /** 2-character terms: matched by a substring scan (or filtered with LIKE after the index). */
  scanned: string[];
}

const chars = (s: string): number => [...s].length;

/** Terms of a query: split on spaces (full-width too), deduplicated case-insensitively, 1-character terms dropped. */
export function parseSearchTerms(query: string): SearchTerms {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of query.normalize('NFKC').split(/[\s\u3000]+/u)) {
    const term = [...raw].slice(0, MAX_TERM_CHARS).join('');
    const key = term.toLowerCase();
    if (chars(term) < MIN_SEARCH_TERM_LENGTH || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return {
    terms,
    indexed: terms.filter((t) => chars(t) >= TRIGRAM_MIN_CHARS),
    scanned: terms.filter((t) => chars(t) < TRIGRAM_MIN_CHARS),
  };
}

/** FTS5 expression: each term a quoted string (so 、 " * and AND are literal text), all required. */
export function ftsExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/** LIKE pattern for a substring, with `\` escaping the wildcards % and _ (use `ESCAPE '\'`). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
