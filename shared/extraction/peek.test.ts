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
