import { describe, expect, it } from 'vitest';
import { draftFromText } from './draft.ts';
import { findListGaps, type GapItem } from './gaps.ts';

const items = (...markers: string[]): GapItem[] => markers.map((marker, i) => ({ marker, ordinal: i + 1 }));

describe('findListGaps', () => {
  it('warns as soon as a number is skipped, while the list is still open', () => {
    const open = { announcedCount: 7, closed: false };
    expect(findListGaps(open, items('第一', '第二'))).toEqual({ missing: [], message: null });
    expect(findListGaps(open, items('第一', '第二', '第四'))).toEqual({ missing: [3], message: '第三点可能漏识别' });
    expect(findListGaps(open, items('第二', '第三', '第六')).message).toBe('第一点、第四点、第五点可能漏识别');
  });

  it('a closed list short of its announced count misses the points after its last item', () => {
    const closed = { announcedCount: 7, closed: true };
    expect(findListGaps(closed, items('第一', '第二', '第三', '第四', '第五', '第六'))).toEqual({ missing: [7], message: '第七点可能漏识别' });
    expect(findListGaps({ announcedCount: 3, closed: true }, items('首先', '其次')).message).toBe('第三点可能漏识别');
    expect(findListGaps({ announcedCount: null, closed: true }, items('第一', '第二')).message).toBeNull();
    expect(findListGaps(closed, items('第一', '第二', '第三', '第四', '第五', '第六', '第七')).message).toBeNull();
  });

  it('names a missing point in the list’s own style', () => {
    expect(findListGaps({ announcedCount: null, closed: false }, items('一是', '三是')).message).toBe('“二是”可能漏识别');
  });
});

describe('draftFromText', () => {
  it('takes the marker off, reads its number, and heads the draft with the first clause', () => {
    expect(draftFromText('第三，要真抓实改问题。各单位要对照检查。')).toEqual({
      marker: '第三', number: 3, headline: '要真抓实改问题', text: '要真抓实改问题。各单位要对照检查。',
    });
    expect(draftFromText('三是要加强督导检查。')).toMatchObject({ marker: '三是', number: 3, headline: '要加强督导检查' });
    expect(draftFromText('要加强队伍管理。')).toMatchObject({ marker: null, number: null, headline: '要加强队伍管理' });
  });
});
