import { describe, expect, it } from 'vitest';
import { ftsExpression, likePattern, parseSearchTerms } from './search-query.ts';

describe('search terms', () => {
  it('splits on spaces (full-width too), drops 1-character terms and duplicates, sorts by what can find them', () => {
    expect(parseSearchTerms('  森林防火　防火 火  森林防火 ')).toEqual({ terms: ['森林防火', '防火'], indexed: ['森林防火'], scanned: ['防火'] });
    expect(parseSearchTerms('防火').indexed).toEqual([]);
    expect(parseSearchTerms('火').terms).toEqual([]);
    expect(parseSearchTerms('ABC abc').terms).toEqual(['ABC']);
    // NFKC: full-width Latin typed in a Chinese IME is the same term
    expect(parseSearchTerms('ＡＢＣ').terms).toEqual(['ABC']);
  });

  it('quotes every term for FTS5, so operators and quotes are literal text', () => {
    expect(ftsExpression(['森林防火', 'a"b', 'OR NOT'])).toBe('"森林防火" AND "a""b" AND "OR NOT"');
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_完成\\')).toBe('%50\\%\\_完成\\\\%');
  });
});
