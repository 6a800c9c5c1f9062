import { describe, expect, it } from 'vitest';
import { fieldsPatch, parseUnits } from './requirement-form.ts';

const CURRENT = { headline: '要走访听取意见', text: '要走访听取意见。', responsible: ['各单位'], deadline: '10月30号' };

describe('fieldsPatch', () => {
  it('is null when nothing changed', () => {
    expect(fieldsPatch(CURRENT, { headline: '要走访听取意见', text: '要走访听取意见。', units: '各单位', deadline: '10月30号' })).toBeNull();
  });

  it('contains only changed fields; empty deadline clears it; empty headline is ignored', () => {
    expect(fieldsPatch(CURRENT, { headline: '', text: '要走访听取意见。', units: '各单位、纪委', deadline: ' ' })).toEqual({
      responsible: ['各单位', '纪委'],
      deadline: null,
    });
  });

  it('splits units on Chinese and ASCII separators, without duplicates', () => {
    expect(parseUnits('市局宣传部门，各分县局、各分县局; 纪委')).toEqual(['市局宣传部门', '各分县局', '纪委']);
  });
});
