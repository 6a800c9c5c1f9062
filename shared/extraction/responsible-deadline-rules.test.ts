/**
 * Responsible-unit and deadline rules, punctuated and unpunctuated. Each rule with a case it must
 * not fire on.
 */
import { describe, expect, it } from 'vitest';
import { findDeadline } from './deadline.ts';
import { first, units } from './testing/test-support.ts';

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
