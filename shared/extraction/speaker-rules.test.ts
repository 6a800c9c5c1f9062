/**
 * Speaker and lead-in rules: who speaks (titles, hand-overs, new speakers in unpunctuated or
 * partly punctuated text) and which lead-ins announce a list (pronouns, counts). Each rule with a
 * case it must not fire on.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { first, strip } from './testing/test-support.ts';

const markers = (text: string): string[] => extract(text).speakers.flatMap((s) => s.items.map((i) => i.marker));

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

describe('speakers', () => {
  it('a compound surname makes a four-character name (欧阳建华)', () => {
    const text = '局长欧阳建华出席会议。欧阳建华提出三点意见。第一，要抓好安全。第二，要抓好质量。第三，要抓好师德。';
    expect(first(text)?.name).toBe('欧阳建华');
    expect(first(strip(text))?.name).toBe('欧阳建华');
  });
  it('the host introduction names the first-person speaker right after it', () => {
    const text = '下面请局长邓志强同志讲话。\n同志们，我从四个方面讲几点意见。第一，要认清形势。第二，要压实责任。';
    expect(first(text)).toMatchObject({ name: '邓志强', role: '局长', announced_count: 4 });
    expect(first(strip(text))).toMatchObject({ name: '邓志强', announced_count: 4 });
  });
  it('without an introduction the first person stays anonymous', () => {
    expect(first('同志们，我讲两点。第一，要认清形势。第二，要压实责任。')?.name).toBeNull();
  });
  it('a host introduction ends the previous speaker\'s list in stripped text', () => {
    const text = strip('下面请副县长刘芳同志讲话。我讲两点。第一，要抓好复工检查。第二，要抓好交通管理。下面请县委书记赵明同志讲话。我再强调三点：一是要提高认识；二是要压实责任；三是要严肃问责。');
    expect(extract(text).speakers.map((s) => `${s.name}:${s.items.length}`)).toEqual(['刘芳:2', '赵明:3']);
  });
  it('区局要求 names the organisation in stripped text, 各分局要求 does not', () => {
    expect(first('会上通报了治安形势区局要求1各派出所要加强检查2交警大队要加强巡逻3指挥中心要严格值班')?.name).toBe('区局');
  });
});

describe('the speaker named before the announcement', () => {
  it('NAME从四个方面提出要求 is the speaker, not the host named before it', () => {
    const text = '县委书记李国华出席会议并讲话，县长张红主持会议。\n李国华从两个方面提出要求。\n一是坚持安全第一。各乡镇要把安全摆在首位。\n二是深化专项整治。县安委办要集中整治。';
    expect(first(text)).toMatchObject({ name: '李国华', announced_count: 2 });
    expect(first(strip(text))).toMatchObject({ name: '李国华', announced_count: 2 });
  });
  it('街道党工委要求 (stripped) names the organisation; 各镇党委要求 does not', () => {
    expect(first('会议结束时街道党工委要求1各社区要完成征集2街道城建办要加强监管')?.name).toBe('街道党工委');
    expect(first('会议结束时各镇党委要求1各社区要完成征集2街道城建办要加强监管')?.name).not.toBe('镇党委');
  });
});

describe('pronoun lead-ins', () => {
  const text = '县公安局副局长陈建军出席会议，交警大队大队长周涛主持会议。会上，周涛通报了情况。陈建军充分肯定了前期工作。他指出，当前正值春运，并提出两点要求：一是要严查违法，二是要加强宣传。';
  it('他指出…提出 takes the most recently mentioned titled person, with that title', () => {
    const s = first(text);
    expect([s?.name, s?.role, s?.announced_count]).toEqual(['陈建军', '县公安局副局长', 2]);
  });
  it('the same in unpunctuated text', () => expect(first(strip(text))?.name).toBe('陈建军'));
  it('the host is taken when the host was mentioned last', () => {
    const s = first('县公安局副局长陈建军出席会议，交警大队大队长周涛主持会议。陈建军讲话后，周涛作了总结。他要求，一要抓好落实，二要加强督导。');
    expect(s?.name).toBe('周涛');
  });
  it('他 with no titled person before it names nobody new', () => {
    expect(first('他要求，一要抓好落实，二要加强督导。')?.name).toBeNull();
  });
});

describe('unpunctuated statements by a new speaker', () => {
  const list = '市长赵立新提出两点要求一是压实责任各县区要落实首长负责制二是做好抢险准备市应急管理局要预置抢险力量';
  it('a titled person or 会议 + 要求 ends the last item', () => {
    for (const tail of ['市委常委常务副市长周梅要求各部门要加强协调', '会议要求各部门要认真贯彻落实']) {
      expect(first(list + tail)?.items[1]?.responsible).toEqual(['市应急管理局']);
    }
  });
  it('a cited 会议要求 (按照会议要求) does not', () => {
    const s = first(`${list}按照会议要求各部门要加强协调`);
    expect(s?.items[1]?.responsible).toEqual(['市应急管理局', '各部门']);
  });
});

describe('speakers in partly punctuated ASR', () => {
  it('a 王所长： tag names a run-on first-person lead-in', () => {
    const s = first('王所长：同志们 最近警情上升 我提两点要求 一是要加强巡逻 二是要化解矛盾');
    expect([s?.name, s?.announced_count]).toEqual(['王所长', 2]);
  });
  it('unpunctuated 副市长 keeps its 副', () => {
    const s = first(strip('推进会召开。副市长林国平出席并讲话。林国平提出两点要求：一是提高时效，二是完善知识库。'));
    expect(s?.role).toBe('副市长');
  });
});
