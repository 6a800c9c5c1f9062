import { describe, expect, it } from 'vitest';
import { matchRanges, snippet } from './snippet.ts';

const TEXT = '第三，要加强森林防火工作。各单位要落实防火责任，加密巡护，林区入口要设卡检查，严防火种进山。';

describe('snippets', () => {
  it('marks every occurrence of every term, overlaps merged', () => {
    expect(matchRanges(TEXT, ['防火'])).toEqual([[8, 10], [19, 21], [40, 42]]);
    expect(matchRanges('abcabc', ['ABC', 'bca'])).toEqual([[0, 6]]);
  });

  it('cuts a window around the first match and says where it was clipped', () => {
    const long = `${'前'.repeat(100)}要加强森林防火工作${'后'.repeat(100)}`;
    const s = snippet(long, ['森林防火'], 40);
    expect(s.clippedStart).toBe(true);
    expect(s.clippedEnd).toBe(true);
    expect(s.parts.map((p) => p.text).join('')).toHaveLength(40);
    expect(s.parts.filter((p) => p.match).map((p) => p.text)).toEqual(['森林防火']);
    expect(s.parts[0]?.text.endsWith('要加强')).toBe(true);
  });

  it('keeps short text whole, with plain and matched pieces in order', () => {
    const s = snippet(TEXT, ['防火'], 200);
    expect(s).toMatchObject({ clippedStart: false, clippedEnd: false });
    expect(s.parts.map((p) => p.text).join('')).toBe(TEXT);
    expect(s.parts.filter((p) => p.match)).toHaveLength(3);
    // markup in the text stays text: the client renders pieces, never HTML
    expect(snippet('<b>防火</b>', ['防火']).parts).toEqual([{ text: '<b>', match: false }, { text: '防火', match: true }, { text: '</b>', match: false }]);
  });
});
