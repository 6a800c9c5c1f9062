import { describe, expect, it } from 'vitest';
import { createExtractor } from './driver.ts';

const LEAD = '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要抓好宣传发动工作。';
const TAIL = '第二，要走访听取意见。';

describe('peek', () => {
  it('shows what an unconfirmed tail would add without changing the state', () => {
    const ex = createExtractor();
    ex.push(LEAD);
    const before = JSON.stringify(ex.result());
    const peeked = ex.peek(TAIL);
    expect(JSON.stringify(ex.result())).toBe(before);
    const items = peeked.speakers[0]?.items ?? [];
    expect(items.map((i) => i.marker)).toEqual(['第一', '第二']);
    expect(items[1]?.headline).toBe('要走访听取意见');
  });

  it('leaves the next push exactly where the last one left off', () => {
    const a = createExtractor();
    a.push(LEAD);
    a.peek('第三，要真抓实改问题。');
    a.push(TAIL);
    a.end();
    const b = createExtractor();
    b.push(LEAD);
    b.push(TAIL);
    b.end();
    expect(a.result()).toEqual(b.result());
    expect(a.result().speakers[0]?.items).toHaveLength(2);
  });
});

describe('peek at an interim recognition', () => {
  it('shows a point whose headline the unpunctuated tail completes', () => {
    const ex = createExtractor();
    ex.push('下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要');
    const items = ex.peek('第二要走访听取意见').speakers[0]?.items ?? [];
    expect(items.map((i) => [i.marker, i.headline])).toEqual([['第一', '要精心组织部署'], ['第二', '要走访听取意见']]);
  });
  it('works on raw ASR pushed with pauses, and the tail counts as followed by a pause', () => {
    const ex = createExtractor();
    ex.push('同志们 下面我讲七点要求', { boundary: true });
    ex.push('第一要精心组织部署', { boundary: true });
    ex.push('各单位要抓好宣传发动工作', { boundary: true });
    const before = JSON.stringify(ex.result());
    const items = ex.peek('第二要走访听取意见').speakers[0]?.items ?? [];
    expect(items.map((i) => [i.marker, i.headline])).toEqual([['第一', '要精心组织部署'], ['第二', '要走访听取意见']]);
    expect(JSON.stringify(ex.result())).toBe(before);
  });
  it('shows nothing for a tail that only looks like a point (第二次 …)', () => {
    const ex = createExtractor();
    ex.push('下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。');
    expect(ex.peek('第二次会议上').speakers[0]?.items.map((i) => i.marker)).toEqual(['第一']);
  });
  it('peeking many times leaves pushes and the final result as without it', () => {
    const text = '下面我讲三点意见第一要提高认识各单位要高度重视第二要落实责任县应急局要牵头第三要强化督导';
    const a = createExtractor();
    const b = createExtractor();
    for (let i = 0; i < text.length; i += 4) {
      const piece = text.slice(i, i + 4);
      a.push(piece);
      a.peek(text.slice(i + 4, i + 12));
      b.push(piece);
    }
    a.end();
    b.end();
    expect(a.result()).toEqual(b.result());
  });
});
