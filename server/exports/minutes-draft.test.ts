/** The generated minutes draft: title, opening paragraph, sections, wording and attendance. */
import { describe, expect, it } from 'vitest';
import { chineseCount, chineseNumber, cstParts, outlineMarker, srtTimecode, timecode } from './format.ts';
import { OPENING_END, generateMinutesDraft, meetingTopic, minutesTitle, splitWording } from './minutes-draft.ts';
import { SAMPLE_HEADLINES, sampleSnapshot } from './samples/sample-snapshot.ts';

const EXPECTED_OPENING =
  '2026年12月3日上午，市人民政府办公室召开全市森林防火工作电视电话会议。会议在市政府第一会议室设主会场，设四个分会场，实到三个。' +
  '会议由李建华副市长主持并讲话，就森林防火工作提出三点要求；周明市应急管理局局长就森林防火工作提出两点要求。现将会议议定事项纪要如下：';

describe('generateMinutesDraft', () => {
  it('writes the opening from time, place, chair and topic, ending as GB/T practice does', () => {
    const draft = generateMinutesDraft(sampleSnapshot());
    expect(draft.title).toBe('全市森林防火工作电视电话会议纪要');
    expect(draft.opening).toBe(EXPECTED_OPENING);
    expect(draft.opening.endsWith(OPENING_END)).toBe(true);
  });

  it('names a chair who does not speak separately from the speakers', () => {
    const s = sampleSnapshot();
    s.speakers = [{ id: 'c', name: '赵立', role: '市政府秘书长（主持）' }, ...s.speakers];
    s.meeting.title = '全市森林防火工作推进会';
    expect(generateMinutesDraft(s).opening).toContain(
      '以电视电话会议形式召开全市森林防火工作推进会。会议在市政府第一会议室设主会场，设四个分会场，实到三个。会议由赵立市政府秘书长主持，李建华副市长就森林防火工作提出三点要求；',
    );
  });

  it('has one section per speaker and every published requirement in outline order', () => {
    const draft = generateMinutesDraft(sampleSnapshot());
    expect(draft.sections.map((s) => `${s.marker}${s.heading}`)).toEqual(['一、李建华副市长讲话要求', '二、周明市应急管理局局长讲话要求']);
    const items = draft.sections.flatMap((s) => s.items);
    expect(items.map((i) => `${i.marker}${i.level}`)).toEqual(['（一）2', '（二）2', '1.3', '（三）2', '（一）2', '（二）2']);
    expect(items.filter((i) => i.level === 2).map((i) => i.headline.replace(/[。，]$/, ''))).toEqual(SAMPLE_HEADLINES);
    expect(items[0]).toMatchObject({ body: '各县区要落实属地管理责任，主要负责同志要亲自部署。', responsible: ['各县区', '市林业局'], deadline: '12月10日前' });
  });

  it('lists attendance: main venue and present venues, late/early times noted, venues never online under 请假', () => {
    expect(generateMinutesDraft(sampleSnapshot()).attendance).toEqual([
      { label: '出席', text: '市政府第一会议室、东湖区、西山县（09:42接入，10:30离开）、南岭县' },
      { label: '请假', text: '北河县' },
    ]);
  });

  it('is pure: the same snapshot gives the same draft', () => {
    expect(generateMinutesDraft(sampleSnapshot())).toEqual(generateMinutesDraft(sampleSnapshot()));
  });
});

describe('wording helpers', () => {
  it('splits the headline from the text, keeping the punctuation that followed it', () => {
    expect(splitWording('要加密巡护', '要加密巡护，林区入口要设卡检查。')).toEqual({ headline: '要加密巡护，', body: '林区入口要设卡检查。' });
    expect(splitWording('要强化值班值守', '要强化值班值守。')).toEqual({ headline: '要强化值班值守。', body: '' });
    expect(splitWording('改过的标题', '原来的全文。')).toEqual({ headline: '改过的标题。', body: '原来的全文。' });
    expect(splitWording('', '只有正文')).toEqual({ headline: '只有正文。', body: '' });
  });

  it('derives the minutes title and the topic from the meeting title', () => {
    expect(minutesTitle('全市推进两为整治工作电视电话会议')).toBe('全市推进两为整治工作电视电话会议纪要');
    expect(minutesTitle('全省两为整治工作推进会')).toBe('全省两为整治工作推进会纪要');
    expect(minutesTitle('安全生产专题')).toBe('安全生产专题会议纪要');
    expect(meetingTopic('全市推进两为整治工作电视电话会议')).toBe('推进两为整治工作');
    expect(meetingTopic('全省两为整治工作推进会')).toBe('两为整治工作');
    expect(meetingTopic('会议')).toBe('有关工作');
  });
});

describe('format', () => {
  it('writes Chinese numerals and GB/T outline markers', () => {
    expect([1, 2, 7, 10, 11, 20, 23, 99, 100].map(chineseNumber)).toEqual(['一', '二', '七', '十', '十一', '二十', '二十三', '九十九', '100']);
    expect(chineseCount(2)).toBe('两');
    expect([outlineMarker(1, 0), outlineMarker(2, 2), outlineMarker(3, 1), outlineMarker(4, 0)]).toEqual(['一、', '（三）', '2.', '（1）']);
  });

  it('reads times in China Standard Time, whatever the server zone', () => {
    expect(cstParts('2026-12-02T16:30:00Z')).toMatchObject({ year: 2026, month: 12, day: 3, hour: 0, minute: 30 });
    expect(timecode(3_723_456)).toBe('01:02:03');
    expect(srtTimecode(3_723_456)).toBe('01:02:03,456');
  });
});
