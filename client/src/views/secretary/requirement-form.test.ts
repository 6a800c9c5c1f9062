import { describe, expect, it } from 'vitest';
import { fieldsPatch, parseUnits, reextractionMessage } from './requirement-form.ts';

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

describe('reextractionMessage', () => {
  it('says what a correction changed', () => {
    expect(reextractionMessage({ added: 1, updated: 1, retracted: 0, kept: 0 })).toBe('转写已更正，要求已重新识别：新增 1 条，更新 1 条');
    expect(reextractionMessage({ added: 0, updated: 0, retracted: 0, kept: 0 })).toBe('转写已更正');
    expect(reextractionMessage({ added: 0, updated: 0, retracted: 1, kept: 1 })).toContain('撤回 1 条');
  });
});
