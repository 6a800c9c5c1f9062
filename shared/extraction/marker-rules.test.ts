/**
 * Marker rules: 第N markers, bare numerals in unpunctuated text, what is no marker, where an
 * unpunctuated list ends. Each rule with a case it must not fire on.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { scanCandidates } from './markers.ts';
import { NormText } from './text-buffer.ts';

const markers = (text: string): string[] => extract(text).speakers.flatMap((s) => s.items.map((i) => i.marker));
/** Literal markers of every candidate, scanned on the normalised text (，→ , …) as the extractor does. */
function literal(text: string): string[] {
  const buf = new NormText();
  buf.append(text);
  return scanCandidates(buf.norm, 0, buf.length).map((c) => buf.rawSlice(c.start, c.markerEnd));
}

describe('第N markers', () => {
  it('第二，110指挥中心…: a service number opens the point', () => {
    expect(markers('他要求：第一，各单位要加强值守；第二，110指挥中心要规范接警；第三，各所要严格督察。')).toEqual(['第一', '第二', '第三']);
  });
  it('第一，2名 / 第1,2 stay number lists', () => {
    expect(literal('获得第一，2名同志获奖')).toEqual([]);
  });
  it('第一方面 + opener without a separator (stripped text)', () => {
    expect(markers('王涛从三个方面作出部署第一方面坚持司法为民第二方面提升审判质效第三方面锻造过硬队伍')).toEqual(['第一方面', '第二方面', '第三方面']);
  });
  it('第三条规定, 第二季度, 第一种形态 are no markers', () => {
    expect(literal('根据第三条规定，第二季度要运用第一种形态')).toEqual([]);
  });
});

describe('bare numerals (unpunctuated)', () => {
  it('讲一讲 is a reduplicated verb, not point 1', () => {
    expect(markers('下面我从两个方面讲一讲 一是排查要到位 各乡镇要巡查 二是值守要严格 各单位要值班')).toEqual(['一是', '二是']);
  });
  it('Arabic 1要 after a cue', () => {
    expect(markers('同志们春节将至我简单讲两点1要全力维护社会稳定各派出所要加强稳控2要严格落实值班备勤各单位要落实带班')).toEqual(['1', '2']);
  });
});

describe('是-markers after a word', () => {
  it('…作为第一责任一是要… (stripped): 一是要 opens a point after 任', () => {
    const text = '他强调各单位要把维护稳定作为第一责任一是要守牢底线县公安局要排查二是要深化治理县法院要化解';
    expect(extract(text).speakers[0]?.items.map((i) => i.marker)).toEqual(['一是', '二是']);
  });
  it('任一是 without 要 stays a word', () => {
    expect(extract('任一是否达标都要核查，二是要加强督导。').speakers).toEqual([]);
  });
});

describe('unpunctuated list ends', () => {
  const text = '局长田国栋出席副局长鲁建平主持田国栋强调一要紧盯目标各分局要逐项推进二要强化宣传市局政治部要总结经验鲁建平在主持时要求各单位要传达会议精神';
  it('NAME在主持时要求 after the last item ends the list', () => {
    const items = extract(text).speakers[0]?.items ?? [];
    expect(items.at(-1)?.responsible).toEqual(['市局政治部']);
  });
  it('a name never seen before is no summing-up speaker (stays in the item)', () => {
    const other = text.replace('鲁建平在主持时', '张三丰在主持时');
    expect(extract(other).speakers[0]?.items.at(-1)?.responsible).toEqual(['市局政治部', '各单位']);
  });
});
