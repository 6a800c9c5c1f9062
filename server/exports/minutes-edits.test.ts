/** The secretary's edits on the generated minutes draft, and the minutes exports rendering them. */
import { describe, expect, it } from 'vitest';
import type { MinutesEdits } from '../../shared/protocol/minutes.ts';
import { generateMinutesDraft } from './minutes-draft.ts';
import { renderMinutesDocx } from './minutes-docx.ts';
import { applyMinutesEdits, minutesDraftOf, reviewEdits } from './minutes-edits.ts';
import { renderMinutesMarkdown } from './minutes-markdown.ts';
import { entry, paragraphs, readPackage } from './testing/read-package.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';

describe('applyMinutesEdits', () => {
  it('without edits is the generated draft', () => {
    const g = generateMinutesDraft(sampleSnapshot());
    expect(applyMinutesEdits(g, {})).toEqual(g);
    expect(applyMinutesEdits(g, undefined)).toBe(g);
  });

  it('replaces only what the secretary edited; the rest follows the meeting', () => {
    const s = sampleSnapshot();
    const g = generateMinutesDraft(s);
    const first = g.sections[0]!.items[0]!;
    const second = g.sections[0]!.items[1]!;
    const edits: MinutesEdits = {
      opening: '经研究，现将会议议定事项纪要如下：',
      headings: { [g.sections[1]!.listId]: '周明局长讲话' },
      items: {
        [first.requirementId]: { headline: '压紧压实森林防火责任。', deadline: null, basedOnVersion: 1 },
        'not-in-the-minutes': { headline: '不存在', basedOnVersion: 1 },
      },
      attendance: [{ label: '出席', text: '各县区' }, { label: '请假', text: '北河县' }],
    };
    const d = applyMinutesEdits(g, edits);
    expect(d.title).toBe(g.title);
    expect(d.opening).toBe('经研究，现将会议议定事项纪要如下：');
    expect(d.sections.map((x) => x.heading)).toEqual([g.sections[0]!.heading, '周明局长讲话']);
    expect(d.sections[0]!.items[0]).toEqual({ ...first, headline: '压紧压实森林防火责任。', deadline: null });
    expect(d.sections[0]!.items[1]).toEqual(second);
    expect(d.attendance).toEqual(edits.attendance);
  });

  it('flags edited wording the requirement has since outgrown, and edits of items no longer in the minutes', () => {
    const edits: MinutesEdits = { items: { a: { body: 'x', basedOnVersion: 1 }, b: { body: 'y', basedOnVersion: 2 }, gone: { body: 'z', basedOnVersion: 1 } } };
    expect(reviewEdits(edits, [{ id: 'a', version: 2 }, { id: 'b', version: 2 }])).toEqual({ stale: ['a'], orphaned: ['gone'] });
  });
});

describe('minutes exports with stored edits', () => {
  it('the DOCX and the Markdown render the snapshot’s edits by default', async () => {
    const s = sampleSnapshot();
    const g = generateMinutesDraft(s);
    const id = g.sections[0]!.items[0]!.requirementId;
    s.minutesEdits = { opening: '会议议定事项纪要如下：', items: { [id]: { headline: '压紧压实防火责任。', body: '由各县区主要负责同志牵头。', basedOnVersion: 1 } } };
    expect(minutesDraftOf(s).opening).toBe('会议议定事项纪要如下：');
    const ps = paragraphs(entry(readPackage(await renderMinutesDocx(s)), 'word/document.xml')).filter((p) => p.text);
    expect(ps[1]?.text).toBe('会议议定事项纪要如下：');
    expect(ps.find((p) => p.text.startsWith('（一）'))?.text).toBe('（一）压紧压实防火责任。由各县区主要负责同志牵头。（责任单位：各县区、市林业局；完成时限：12月10日前）');
    const md = new TextDecoder().decode(renderMinutesMarkdown(s));
    expect(md).toContain('**（一）压紧压实防火责任**。由各县区主要负责同志牵头。');
  });
});
