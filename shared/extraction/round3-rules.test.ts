/**
 * Rules added in the third held-out round (heldout-cases-3.ts): each with a case it must not
 * fire on.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { first, strip, units } from './test-support.ts';

describe('look-back fact lists', () => {
  const facts = '会议指出，一年来全局聚焦三个重点：一是加强队伍建设，二是深化打击整治，三是提升服务水平。';
  it('一年来…聚焦三个重点：一是… is no requirement list (punctuated and stripped)', () => {
    expect(extract(facts).speakers).toEqual([]);
    expect(extract(strip(facts)).speakers).toEqual([]);
  });
  it('the cue may sit in an earlier clause (一年来，全局紧紧围绕四个重点开展工作)', () => {
    expect(extract('他指出，一年来，全局紧紧围绕两个重点开展工作：一是优化服务，二是强化执法。').speakers).toEqual([]);
  });
  it('a look-back followed by a demand is still a list (新的一年要…)', () => {
    const s = first('他强调，一年来成绩来之不易，新的一年要重点抓好两项工作：一是守牢安全底线，二是提升执法效能。');
    expect(s?.items.map((i) => i.marker)).toEqual(['一是', '二是']);
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

describe('responsible units in unpunctuated text', () => {
  it('a headline running into a unit: 严格执法问责局执法大队要… → 局执法大队', () => {
    expect(units('严格执法问责局执法大队要加大路面执法力度', false)).toEqual(['局执法大队']);
    expect(units('严打突出犯罪刑侦大队要持续推进命案攻坚', false)).toEqual(['刑侦大队']);
  });
  it('an object before 要 is still no unit (发到各单位要求)', () => {
    expect(units('把通知发到各单位要求落实', false)).toEqual([]);
  });
  it('全局上下 and 各中小学 are subjects', () => {
    expect(units('全局上下要清醒认识形势')).toEqual(['全局上下']);
    expect(units('各中小学要严格落实门卫登记')).toEqual(['各中小学']);
  });
});

describe('a requirement list caught in a fact list', () => {
  it('呈现三个特点：一是…三是…。他要求，一要…二要… keeps the demands, drops the features', () => {
    const text = '郭志远指出，今年工作呈现三个特点：一是落地快，二是效率高，三是主体活跃。他要求，一要对标先进，市发改委要形成方案；二要解决难题。';
    expect(extract(text).speakers.map((s) => `${s.name}:${s.items.map((i) => i.marker).join('')}`)).toEqual(['郭志远:一要二要']);
    expect(extract(strip(text)).speakers.map((s) => `${s.name}:${s.items.map((i) => i.marker).join('')}`)).toEqual(['郭志远:一要二要']);
  });
  it('a sub-enumeration inside the last fact point stays out (no directing sentence)', () => {
    const text = '会议指出，今年工作呈现三个特点：一是落地快，二是效率高，三是主体活跃，一要素齐全，二要素流动加快。';
    expect(extract(text).speakers).toEqual([]);
  });
});

describe('markers', () => {
  it('…作为第一责任一是要… (stripped): 一是要 opens a point after 任', () => {
    const text = '他强调各单位要把维护稳定作为第一责任一是要守牢底线县公安局要排查二是要深化治理县法院要化解';
    expect(extract(text).speakers[0]?.items.map((i) => i.marker)).toEqual(['一是', '二是']);
  });
  it('任一是 without 要 stays a word', () => {
    expect(extract('任一是否达标都要核查，二是要加强督导。').speakers).toEqual([]);
  });
});

describe('batch F speakers', () => {
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

