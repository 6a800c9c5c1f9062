import { describe, expect, it } from 'vitest';
import type { MinutesDraft } from '../../../../shared/protocol/index.ts';
import { editsFromForm, formFromDraft, itemEdited, neverJoinedHint } from './minutes-form.ts';

const GENERATED: MinutesDraft = {
  title: '全市森林防火工作电视电话会议纪要',
  opening: '2026年12月3日上午，……现将会议议定事项纪要如下：',
  sections: [{
    listId: 'L1', marker: '一、', heading: '李建华副市长讲话要求',
    items: [
      { requirementId: 'r1', level: 2, marker: '（一）', headline: '要压实防火责任。', body: '各县区要落实属地管理责任。', responsible: ['各县区', '市林业局'], deadline: '12月10日前' },
      { requirementId: 'r2', level: 2, marker: '（二）', headline: '要加强巡查管控。', body: '', responsible: [], deadline: null },
    ],
  }],
  attendance: [{ label: '出席', text: '市政府第一会议室、东湖区' }, { label: '请假', text: '北河县' }],
};

describe('minutes form', () => {
  it('an untouched form stores no edits', () => {
    expect(editsFromForm(GENERATED, formFromDraft(GENERATED), { r1: 1, r2: 1 }, {})).toEqual({});
  });

  it('stores only the changed parts, each item with the version it was written against', () => {
    const form = formFromDraft(GENERATED);
    form.opening = '经研究，现将会议议定事项纪要如下：';
    form.headings.L1 = '李建华副市长讲话';
    form.items.r1 = { ...form.items.r1!, units: '各县区，市林业局、市应急局', deadline: '' };
    // 北河县 never joined (请假 by default); the secretary checked: it attended from another room. An empty line is dropped.
    form.attendance = [{ label: '出席', text: '市政府第一会议室、东湖区、北河县' }, { label: '列席', text: '  ' }];
    expect(itemEdited(form, GENERATED, 'r1')).toBe(true);
    expect(itemEdited(form, GENERATED, 'r2')).toBe(false);
    expect(editsFromForm(GENERATED, form, { r1: 3, r2: 1 }, {})).toEqual({
      opening: '经研究，现将会议议定事项纪要如下：',
      headings: { L1: '李建华副市长讲话' },
      items: { r1: { responsible: ['各县区', '市林业局', '市应急局'], deadline: null, basedOnVersion: 3 } },
      attendance: [{ label: '出席', text: '市政府第一会议室、东湖区、北河县' }],
    });
  });

  it('keeps the earlier version of an item edit saved again unchanged, so its "changed since" flag stays', () => {
    const form = formFromDraft(GENERATED);
    form.items.r2 = { ...form.items.r2!, body: '林区入口要设卡检查。' };
    const previous = { items: { r2: { body: '林区入口要设卡检查。', basedOnVersion: 1 } } };
    expect(editsFromForm(GENERATED, form, { r2: 2 }, previous).items?.r2?.basedOnVersion).toBe(1);
    form.items.r2 = { ...form.items.r2, body: '林区入口要设卡检查，严防火种进山。' };
    expect(editsFromForm(GENERATED, form, { r2: 2 }, previous).items?.r2?.basedOnVersion).toBe(2);
  });

  it('asks the secretary to check the venues that never joined, listed as 请假 by default', () => {
    expect(neverJoinedHint(GENERATED)).toBe('未接入的会场默认列为请假，请核实：北河县');
    expect(neverJoinedHint({ ...GENERATED, attendance: GENERATED.attendance.slice(0, 1) })).toBeNull();
  });
});
