import { describe, expect, it } from 'vitest';
import { applyGlossary, isNearHomophone } from './glossary.ts';
import { collapseRepetitionLoops, removeHallucinationPhrases } from './hallucinations.ts';
import { normaliseTranscript, toSimplified } from './normalise.ts';
import { normalisePunctuation } from './punctuation.ts';

const GLOSSARY = [
  { term: '两为整治', variants: ['两委整治'] },
  { term: '民调评警' },
  { term: '分县局' },
];

describe('normaliseTranscript', () => {
  it('turns traditional characters into simplified (u05 of the fixture)', () => {
    expect(normaliseTranscript('第三，要真抓實改問題。')).toBe('第三，要真抓实改问题。');
  });

  it('keeps an already clean sentence unchanged', () => {
    const text = '第二，要走访听取意见。到十月三十号，这项工作就要全部完成。';
    expect(normaliseTranscript(text)).toBe(text);
  });

  it('drops the classic silence hallucinations entirely', () => {
    expect(normaliseTranscript('请不吝点赞 订阅 转发 打赏支持明镜与点点栏目')).toBe('');
    expect(normaliseTranscript('字幕由Amara.org社区提供')).toBe('');
    expect(normaliseTranscript('字幕by索兰娅')).toBe('');
    expect(normaliseTranscript('請不吝點贊 訂閱 轉發 打賞支持明鏡與點點欄目')).toBe('');
  });

  it('removes a hallucination appended to real speech', () => {
    expect(normaliseTranscript('好，我就讲这些。字幕由 Amara.org 社区提供')).toBe('好，我就讲这些。');
  });

  it('collapses repetition loops', () => {
    expect(normaliseTranscript('第七，要严肃追究问责问责问责问责问责问责')).toBe('第七，要严肃追究问责');
  });

  it('applies the meeting glossary', () => {
    expect(normaliseTranscript('下面，我就推进两位整治工作讲七点要求。', { glossary: GLOSSARY })).toBe(
      '下面，我就推进两为整治工作讲七点要求。',
    );
  });
});

describe('hallucination filter', () => {
  it('keeps legitimate repeats', () => {
    expect(collapseRepetitionLoops('哈哈哈，研究研究')).toBe('哈哈哈，研究研究');
    expect(collapseRepetitionLoops('的的的的的的')).toBe('的');
    expect(collapseRepetitionLoops('我们要我们要我们要我们要开始')).toBe('我们要开始');
  });

  it('matches phrases ignoring spacing and case', () => {
    expect(removeHallucinationPhrases('字幕 BY 索兰娅')).toBe('');
    expect(removeHallucinationPhrases('各单位要抓好宣传发动工作。')).toBe('各单位要抓好宣传发动工作。');
  });
});

describe('punctuation', () => {
  it('converts ASCII punctuation after Chinese to full-width and keeps decimals', () => {
    expect(normalisePunctuation('第一,要精心组织部署.增长3.5个百分点?')).toBe('第一，要精心组织部署。增长3.5个百分点？');
  });

  it('turns spaces between Chinese phrases into commas', () => {
    expect(normalisePunctuation('第一 要精心组织部署')).toBe('第一，要精心组织部署');
  });

  it('removes duplicated marks and leading commas', () => {
    expect(normalisePunctuation('，好，，我就讲这些。。')).toBe('好，我就讲这些。');
  });
});

describe('glossary', () => {
  it('recognises near-homophones with enough shared characters', () => {
    expect(isNearHomophone('两位整治', '两为整治')).toBe(true);
    expect(isNearHomophone('民调平静', '民调评警')).toBe(true); // 调 is polyphonic (diao/tiao)
    expect(isNearHomophone('分线局', '分县局')).toBe(true);
    expect(isNearHomophone('量维正直', '两为整治')).toBe(false); // same sound, no shared character
    expect(isNearHomophone('两位专家', '两为整治')).toBe(false); // different sound
  });

  it('replaces explicit variants and near-homophones, leaves other text alone', () => {
    expect(applyGlossary('推进两委整治和两位整治，各分线局要落实。', GLOSSARY)).toBe(
      '推进两为整治和两为整治，各分县局要落实。',
    );
    expect(applyGlossary('两位同志发言。', GLOSSARY)).toBe('两位同志发言。');
  });

  it('converts traditional characters on their own', () => {
    expect(toSimplified('會議')).toBe('会议');
  });
});
