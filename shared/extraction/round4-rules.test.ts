/**
 * Rules added in the fourth held-out round (heldout-cases-4.ts): each with a case it must not
 * fire on.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { findDeadline } from './deadline.ts';
import { first, strip, units } from './test-support.ts';

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

describe('fact and problem lists', () => {
  it.each([
    '会上，王刚介绍，近期全局主要抓好了以下工作：一是加强巡逻防控，二是开展隐患排查。',
    '王刚指出，问题表现为三个方面：一是思想认识不到位，二是工作措施不扎实，三是责任落实不到位。',
    '局长王刚说，我们重点抓了三件事：一是建机制，二是强队伍，三是优服务。',
    '检查中存在的问题：一是部分企业培训流于形式，二是个别企业通道堵塞。',
  ])('%s is no requirement list', (text) => {
    expect(extract(text).speakers).toEqual([]);
    expect(extract(strip(text)).speakers).toEqual([]);
  });
  it('a directive lead-in that mentions problems stays a list', () => {
    expect(first('王刚要求，针对上述问题，提出两点要求：一是加强巡逻防控，二是开展隐患排查。')?.items).toHaveLength(2);
  });
  it('a unit sharing experience (作了经验交流，该镇主要措施有：) lists facts; 会议强调 after it stays', () => {
    const text = '会上，青山镇作了经验交流，该镇主要措施有：一是网格巡护，二是严管用火。会议强调，一要严格火源管控，二要加强监测预警。';
    expect(extract(text).speakers.map((x) => x.name)).toEqual(['会议']);
    expect(extract('会议听取了经验交流，要求：一是加强巡护，二是严管用火。').speakers).toHaveLength(1);
  });
  it('a pronoun lead-in after a fact list on its own line (…并提出两点要求：\n（一）) is kept', () => {
    const text = '副局长方敏出席会议。会上，江北分局介绍了经验，具体做法是：一是领导包案，二是源头化解。方敏给予肯定。她指出，信访事关稳定，并提出两点要求：\n（一）压实责任。\n（二）加强化解。';
    const s = first(text);
    expect([s?.name, s?.items.map((x) => x.marker)]).toEqual(['方敏', ['（一）', '（二）']]);
  });
  it('unpunctuated: 他还要求 before a new list ends the previous one', () => {
    const s = extract(strip('县长韦国庆提出两点意见：第一，要明确目标。第二，要优化环境。他还要求，一要加强跟踪，二要强化督导。')).speakers;
    expect(s.map((x) => `${x.name}:${x.items.length}`)).toEqual(['韦国庆:2', '韦国庆:2']);
  });
  it('三项重点工作 counts', () => {
    expect(first('他强调，要坚持问题导向，抓好三项重点工作：一是抓学习，二是抓调研，三是抓整改。')?.announced_count).toBe(3);
  });
  it('三项工作 counts', () => {
    expect(first('他强调，下一步要重点抓好三项工作：一是提高时效，二是提升满意度，三是完善知识库。')?.announced_count).toBe(3);
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

describe('responsible', () => {
  it('工作队 is a unit', () => expect(units('各驻村工作队要严格落实驻村制度。')).toEqual(['各驻村工作队']));
  it('a unit with a Latin letter (各A级景区)', () => expect(units('各A级景区要完成自查。')).toEqual(['各A级景区']));
  it('unpunctuated: a small office right after a headline noun', () => {
    expect(units('要加强值守办公室要严格落实值班制度', false)).toEqual(['办公室']);
    expect(units('加强权益保护法制科要畅通投诉渠道', false)).toEqual(['法制科']);
    // No headline noun before it: nothing is guessed.
    expect(units('加强消防宣传防火监督科要组织活动', false)).toEqual([]);
  });
  it('unpunctuated: the unit after a headline noun, and after 行为', () => {
    expect(units('要压实领导责任县委督查室要加强跟踪督办', false)).toEqual(['县委督查室']);
    expect(units('严格惩戒失信行为县人社局要及时公布名单', false)).toEqual(['县人社局']);
    expect(units('发到各单位要求各单位要落实', false)).toEqual(['各单位']);
  });
  it('unpunctuated: a service number before an office', () => {
    expect(units('优化咨询服务12366热线中心要提高接通率', false)).toEqual(['12366热线中心']);
  });
});

describe('deadlines', () => {
  const dl = (s: string): string | null => {
    const r = findDeadline(s, 0, s.length);
    return r ? s.slice(r[0], r[1]) : null;
  };
  it('8月15日前出台 is a limit, 8月15日出台 an event', () => {
    expect(dl('县信访局要在8月15日前出台办理规范')).toBe('8月15日前');
    expect(dl('县信访局于8月15日出台了办理规范')).toBeNull();
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
