/**
 * Rules added in the second held-out round (heldout-cases-2.ts): each with a trap it must not
 * turn into an item.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { findDeadline } from './deadline.ts';
import { scanCandidates } from './markers.ts';
import { first } from './test-support.ts';

const markers = (text: string): string[] => extract(text).speakers.flatMap((s) => s.items.map((i) => i.marker));
const literal = (text: string): string[] => scanCandidates(text, 0, text.length).map((c) => text.slice(c.start, c.markerEnd));

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

describe('speakers and lead-ins', () => {
  it('会议纪要: 议定事项 → 会议 (not the host who 主持召开)', () => {
    const s = first('副县长韩志明主持召开会议。现将会议议定事项纪要如下：\n一、关于农田建设。县农业农村局要加快进度。\n二、关于资金拨付。县财政局要加快拨付。');
    expect(s?.name).toBe('会议');
  });
  it('a notice title names its issuer', () => {
    const s = first('县教育局关于做好寒假安全工作的通知\n各学校：\n现就有关事项通知如下：\n一、加强安全教育。\n二、开展隐患排查。');
    expect(s?.name).toBe('县教育局');
  });
  it('a transcript tag "肖俊：" names a first-person speaker', () => {
    const s = first('主持人：请局长肖俊同志讲话。\n肖俊：我讲两点。１、要维护稳定。２、要落实值班。');
    expect([s?.name, s?.role]).toEqual(['肖俊', '局长']);
  });
  it('achievements: 做了三方面工作 / 取得的成效，主要有两个方面 are facts', () => {
    expect(extract('他介绍，今年主要做了三方面工作：一是打好蓝天保卫战，二是推进督察整改，三是完成评估。').speakers).toEqual([]);
    expect(extract('郭宏伟总结了全院取得的成效，主要有两个方面：一是责任压实，二是作风好转。').speakers).toEqual([]);
  });
  it('经会议研究，决定如下 → 会议', () => {
    expect(first('局长龚海主持召开局务会议。经会议研究，决定如下：\n1.办公室要做好督办。\n2.各科室要抓好落实。')?.name).toBe('会议');
  });
  it('a subject given earlier in the sentence: "局长谭志刚带队…，并在座谈会上提出…"', () => {
    const s = first('当天，区应急管理局局长谭志刚带队到企业开展检查，并在座谈会上提出两点要求：一是要落实责任；二是要开展演练。');
    expect([s?.name, s?.announced_count]).toEqual(['谭志刚', 2]);
    // Without a speech verb of its own, an earlier subject is not carried: 会议 stays the speaker.
    expect(first('会议要求，张强局长带队检查时发现的问题要整改：一是要落实责任；二是要开展演练。')?.name).toBe('会议');
  });
  it('unpunctuated 其一/其二 need a requirement opener', () => {
    expect(markers('在全县大会上县委书记徐卫国强调了两点其一要筑牢思想防线其二要严守纪律规矩')).toEqual(['其一', '其二']);
  });
  it('NAME还要求 ends the previous list', () => {
    const items = first('冯建国强调，一是要压实责任，二是要强化考核。冯建国还要求，各驻村第一书记要发挥作用。')?.items ?? [];
    expect(items.map((i) => i.responsible)).toEqual([[], []]);
  });
});

describe('responsible and deadlines', () => {
  it('各县（市、区）局, 各医疗机构, 全院干警, 集团安全总监', () => {
    const r = (text: string) => first(`会议要求：一是${text}二是要加强值守。`)?.items[0]?.responsible;
    expect(r('各县（市、区）局要完成检查。')).toEqual(['各县（市、区）局']);
    expect(r('各医疗机构要完成检测。')).toEqual(['各医疗机构']);
    expect(r('全院干警要树立宗旨意识。')).toEqual(['全院干警']);
    expect(r('集团安全总监要牵头检查。')).toEqual(['集团安全总监']);
  });
  it('quarters need a limit word', () => {
    const d = (s: string) => { const r = findDeadline(s, 0, s.length); return r ? s.slice(r[0], r[1]) : null; };
    expect(d('第二季度末前支出进度达到60%')).toBe('第二季度末前');
    expect(d('通报了第三季度检查情况')).toBeNull();
  });
});
