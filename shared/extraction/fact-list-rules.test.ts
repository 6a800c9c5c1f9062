/**
 * Fact-list rules: lists that describe (achievements, problems, look-back summaries) are no
 * requirements, and a requirement list caught inside one is still found. Each rule with a case it
 * must not fire on.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { first, strip } from './testing/test-support.ts';

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
