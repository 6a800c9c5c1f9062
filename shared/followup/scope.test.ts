import { describe, expect, it } from 'vitest';
import { isCollectiveUnit, matchUnit, suggestScope } from './scope.ts';

const VENUES = [
  { id: 'v1', name: '东城分局' },
  { id: 'v2', name: '西城分局' },
  { id: 'v3', name: '第1县公安局' },
  { id: 'v4', name: '第11县公安局' },
  { id: 'v5', name: '朝阳分会场' },
];

describe('responsible units → venues', () => {
  it.each(['各单位', '各分县局', '各级党委(党组)', '全市公安机关', '所有派出所', '全体民警', '有关单位', '相关部门', '市县各级公安机关'])('%s is collective', (u) => {
    expect(isCollectiveUnit(u)).toBe(true);
  });

  it.each(['东城分局', '纪委', '市局宣传部门', '第1县公安局'])('%s is a named unit', (u) => {
    expect(isCollectiveUnit(u)).toBe(false);
  });

  it('matches a venue by its name, a part of it, or a unit inside a venue', () => {
    expect(matchUnit('东城分局', VENUES)).toEqual(['v1']);
    expect(matchUnit('东城', VENUES)).toEqual(['v1']);
    expect(matchUnit('东城分局治安大队', VENUES)).toEqual(['v1']);
    expect(matchUnit('朝阳', VENUES)).toEqual(['v5']);
    expect(matchUnit('朝阳分会场', VENUES)).toEqual(['v5']);
  });

  it('finds every venue a joined unit names (西城分局和东城分局)', () => {
    expect(matchUnit('西城分局和东城分局', VENUES)).toEqual(['v1', 'v2']);
    expect(suggestScope(['西城分局和朝阳'], VENUES).venueIds).toEqual(['v2', 'v5']);
  });

  it('prefers the exact name, and one character matches nothing', () => {
    // 第1县公安局 is inside no other name, but an exact match must not also take 第11县公安局.
    expect(matchUnit('第1县公安局', VENUES)).toEqual(['v3']);
    expect(matchUnit('第11县公安局', VENUES)).toEqual(['v4']);
    expect(matchUnit('局', VENUES)).toEqual([]);
    expect(matchUnit('纪委', VENUES)).toEqual([]);
  });

  it('suggests every venue without units, with a collective unit, or when nothing matches', () => {
    expect(suggestScope([], VENUES)).toEqual({ all: true, venueIds: [], units: [] });
    expect(suggestScope(['东城分局', '各分县局'], VENUES).all).toBe(true);
    const none = suggestScope(['纪委', '市局宣传部门'], VENUES);
    expect(none).toEqual({ all: true, venueIds: [], units: [{ unit: '纪委', all: false, venueIds: [] }, { unit: '市局宣传部门', all: false, venueIds: [] }] });
  });

  it('suggests the matched venues, in the venues order, once each', () => {
    const s = suggestScope(['西城分局', '纪委', '东城', '东城分局'], VENUES);
    expect(s.all).toBe(false);
    expect(s.venueIds).toEqual(['v1', 'v2']);
    expect(s.units.map((u) => u.venueIds)).toEqual([['v2'], [], ['v1'], ['v1']]);
  });
});
