import { describe, expect, it } from 'vitest';
import {
  addCounts, headlineFit, headlinesMatch, scoreText, speakersMatch, stripPunctuation, summarize, ZERO_COUNTS, type Label, type LabelItem,
} from './scoring.ts';
import type { ExtractedItem, ExtractionResult } from '../types.ts';

const GOLD: Label = {
  speakers: [{
    name: '王国强', role: '局长', announced_count: 3, items: [
      { ordinal: 1, marker: '第一', headline: '要精心组织部署', responsible: ['各单位', '各分县局'], deadline: null, children: [] },
      { ordinal: 2, marker: '第二', headline: '要走访听取意见', responsible: [], deadline: '10月30号', children: [] },
      { ordinal: 3, marker: '第三', headline: '要真抓实改问题', responsible: ['各单位'], deadline: null, children: [] },
    ],
  }],
};

function item(headline: string, responsible: string[] = [], deadline: string | null = null): ExtractedItem {
  return { ordinal: 1, marker: '第一', headline, text: headline, responsible, deadline, children: [], span: [0, 1] };
}

describe('headlineFit (headline quality)', () => {
  it('equal, a prefix at a word boundary, a prefix cut inside a word, a run into the paragraph', () => {
    expect(headlineFit('要精心组织部署。', '要精心组织部署')).toBe('exact');
    expect(headlineFit('坚决打好湖北保卫战', '坚决打好湖北保卫战武汉保卫战')).toBe('word-prefix');
    expect(headlineFit('坚决打好湖北保卫战武', '坚决打好湖北保卫战武汉保卫战')).toBe('mid-word');
    expect(headlineFit('要精心组织部署各单位要', '要精心组织部署')).toBe('overrun');
    expect(headlineFit('组织部署', '要精心组织部署')).toBe('other');
  });
  it('counts into the summary as headline_clean, headline_overrun, headline_mid_word', () => {
    const pred: ExtractionResult = { speakers: [{ name: '王国强', role: '局长', announced_count: 3, count_mismatch: false, span: [0, 1], items: [
      item('要精心组织部署'), { ...item('要走访听取意见各单位'), ordinal: 2, marker: '第二' }, { ...item('要真抓实改问'), ordinal: 3, marker: '第三' },
    ] }] };
    const s = summarize(scoreText(pred, GOLD));
    expect([s.headline_clean, s.headline_overrun, s.headline_mid_word]).toEqual([0.333, 1, 1]);
  });
});

describe('headlinesMatch', () => {
  it('accepts prefixes either way and ignores punctuation', () => {
    expect(headlinesMatch('要精心组织部署为官不为', '要精心组织部署')).toBe(true);
    expect(headlinesMatch('春节过了', '春节过了,大家要尽快收心')).toBe(true);
    expect(headlinesMatch('要狠抓落实严格检查', '要狠抓落实,严格检查')).toBe(true);
  });
  it('accepts high character overlap, rejects unrelated text', () => {
    expect(headlinesMatch('精心组织部署工作', '要精心组织部署')).toBe(true);
    expect(headlinesMatch('加强队伍管理', '要走访听取意见')).toBe(false);
    expect(headlinesMatch('', '要走访听取意见')).toBe(false);
  });
});

describe('scoreText', () => {
  it('counts matches, responsible and deadlines', () => {
    const pred: ExtractionResult = { speakers: [{
      name: '王国强', role: null, announced_count: 3, count_mismatch: false, span: [0, 1],
      items: [item('要精心组织部署', ['各单位']), item('要走访听取意见', ['大家'], '10月30号'), item('无关内容')],
    }] };
    const c = scoreText(pred, GOLD);
    expect(c).toMatchObject({
      predItems: 3, goldItems: 3, matchedItems: 2, countCorrect: 1, speakerCorrect: 1,
      respTp: 1, respFp: 1, respFn: 2, deadlineTotal: 2, deadlineCorrect: 2,
    });
    const s = summarize(c);
    expect(s.item_precision).toBe(0.667);
    expect(s.item_f1).toBe(0.667);
  });
  it('trap texts are clean only without items', () => {
    const empty: Label = { speakers: [] };
    expect(scoreText({ speakers: [] }, empty)).toMatchObject({ trapTexts: 1, trapTextsClean: 1 });
    const dirty: ExtractionResult = { speakers: [{ name: null, role: null, announced_count: null, count_mismatch: false, span: [0, 1], items: [item('x')] }] };
    expect(scoreText(dirty, empty)).toMatchObject({ trapTexts: 1, trapTextsClean: 0 });
  });
  it('children count as items', () => {
    const gold: Label = { speakers: [{ name: 'A', role: null, announced_count: null, items: [
      { ...GOLD.speakers[0]!.items[0]!, children: [{ ...GOLD.speakers[0]!.items[1]!, children: [] }] },
    ] }] };
    expect(scoreText({ speakers: [] }, gold).goldItems).toBe(2);
  });
  it('an item counts only at its own depth', () => {
    const child = (headline: string): LabelItem => ({ ordinal: 1, marker: '第一', headline, responsible: [], deadline: null, children: [] });
    const gold: Label = { speakers: [{ name: '会议', role: null, announced_count: null, items: [
      { ...child('关于疫情防控工作'), marker: '一、', children: [child('要坚决打好保卫战'), child('要做好北京防控')] },
    ] }] };
    const nested: ExtractionResult = { speakers: [{ name: null, role: null, announced_count: null, count_mismatch: false, span: [0, 1], items: [
      { ...item('关于疫情防控工作'), children: [item('要坚决打好保卫战'), item('要做好北京防控')] },
    ] }] };
    expect(scoreText(nested, gold).matchedItems).toBe(3);
    // The same three headlines, all at top level: only the section matches.
    const flat: ExtractionResult = { speakers: [{ ...nested.speakers[0]!, items: [
      item('关于疫情防控工作'), item('要坚决打好保卫战'), item('要做好北京防控'),
    ] }] };
    expect(scoreText(flat, gold)).toMatchObject({ matchedItems: 1, predItems: 3, goldItems: 3 });
    // Children hung one level too deep (under a spurious parent) do not match either.
    const deep: ExtractionResult = { speakers: [{ ...nested.speakers[0]!, items: [
      { ...item('关于疫情防控工作'), children: [{ ...item('无关'), children: [item('要坚决打好保卫战'), item('要做好北京防控')] }] },
    ] }] };
    expect(scoreText(deep, gold).matchedItems).toBe(1);
  });
  it('a gold "会议" speaker accepts null, nothing else does', () => {
    expect(speakersMatch(null, '会议')).toBe(true);
    expect(speakersMatch('会议', '会议')).toBe(true);
    expect(speakersMatch('王国强', '会议')).toBe(false);
    expect(speakersMatch(null, '王国强')).toBe(false);
    expect(speakersMatch('王国强', '王国强')).toBe(true);
    const gold: Label = { speakers: [{ ...GOLD.speakers[0]!, name: '会议' }] };
    const pred: ExtractionResult = { speakers: [{
      name: null, role: null, announced_count: 3, count_mismatch: false, span: [0, 1], items: [item('要精心组织部署')],
    }] };
    expect(scoreText(pred, gold).speakerCorrect).toBe(1);
    expect(scoreText(pred, GOLD).speakerCorrect).toBe(0);
  });
  it('addCounts sums every field', () => {
    const one = scoreText({ speakers: [] }, GOLD);
    expect(addCounts(one, one).goldItems).toBe(6);
    expect(addCounts(ZERO_COUNTS, one)).toEqual(one);
  });
});

describe('stripPunctuation', () => {
  it('removes punctuation, symbols and whitespace of both widths', () => {
    expect(stripPunctuation('第一，要“精心”组织(部署)。\n 1. a、b')).toBe('第一要精心组织部署1ab');
  });
});
