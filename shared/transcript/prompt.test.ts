import { describe, expect, it } from 'vitest';
import type { GlossaryTerm } from './glossary.ts';
import {
  boundPrompt,
  formatTerms,
  isEmptyPrompt,
  MAX_PREVIOUS_TEXT_CHARS,
  MAX_PROMPT_TERM_CHARS,
  MAX_PROMPT_TERMS,
  meetingPrompt,
  type MeetingPromptSource,
  speakerTerm,
} from './prompt.ts';

const GLOSSARY: GlossaryTerm[] = [{ term: '两为整治', variants: ['两位整治'] }, { term: '扫黑除恶' }, { term: '两为整治' }];
const MEETING: MeetingPromptSource = {
  speakers: [
    { name: '张建国', role: '省公安厅厅长' },
    { name: ' 李 明 ', role: null },
  ],
  glossary: GLOSSARY,
};
const RECENT = ['下面，我就推进两为整治工作讲七点要求。', '第一，要精心组织部署。'];
const EXPECTED = {
  terms: ['省公安厅厅长张建国', '李 明', '两为整治', '扫黑除恶'],
  previousText: '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。',
};

describe('meetingPrompt', () => {
  it('lists speakers (role + name), then glossary terms, then the last final texts oldest first', () => {
    expect(meetingPrompt(MEETING, RECENT)).toEqual(EXPECTED);
  });

  it('never suggests a glossary variant (they are misrecognitions)', () => {
    const prompt = meetingPrompt(MEETING, RECENT);
    expect(prompt.terms.join('')).not.toContain('两位整治');
  });

  it('works with an empty glossary and no speakers', () => {
    expect(meetingPrompt({ speakers: [], glossary: [] }, RECENT)).toEqual({ terms: [], previousText: EXPECTED.previousText });
    expect(meetingPrompt({ speakers: [], glossary: [] }, [])).toEqual({ terms: [], previousText: '' });
    expect(isEmptyPrompt(meetingPrompt({ speakers: [], glossary: [] }, ['', '  ']))).toBe(true);
    expect(isEmptyPrompt(meetingPrompt(MEETING, []))).toBe(false);
  });

  it('keeps only the end of a long transcript, by characters', () => {
    const sentence = '各单位要抓好宣传发动工作。'; // 13 characters
    const prompt = meetingPrompt({ speakers: [], glossary: [] }, [sentence.repeat(20), '第二，要走访听取意见。']);
    expect(Array.from(prompt.previousText)).toHaveLength(MAX_PREVIOUS_TEXT_CHARS);
    expect(prompt.previousText.endsWith('工作。第二，要走访听取意见。')).toBe(true);
  });

  it('is pure: the same input gives the same prompt and is not changed', () => {
    const before = JSON.stringify(MEETING);
    expect(meetingPrompt(MEETING, RECENT)).toEqual(meetingPrompt(MEETING, RECENT));
    expect(JSON.stringify(MEETING)).toBe(before);
  });
});

describe('boundPrompt', () => {
  it('caps the number of terms and drops (never cuts) over-long terms', () => {
    const long = '很'.repeat(MAX_PROMPT_TERM_CHARS + 1);
    const terms = [long, ...Array.from({ length: MAX_PROMPT_TERMS + 10 }, (_, i) => `专项${i}`)];
    const bounded = boundPrompt({ terms, previousText: '' });
    expect(bounded.terms).toHaveLength(MAX_PROMPT_TERMS);
    expect(bounded.terms[0]).toBe('专项0');
    expect(bounded.terms).not.toContain(long);
  });

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    const rare = '𠀀'; // one character, two UTF-16 units
    const bounded = boundPrompt({ terms: [rare.repeat(MAX_PROMPT_TERM_CHARS)], previousText: `甲${rare.repeat(MAX_PREVIOUS_TEXT_CHARS)}` });
    expect(bounded.terms).toHaveLength(1);
    expect(bounded.previousText).toBe(rare.repeat(MAX_PREVIOUS_TEXT_CHARS));
  });

  it('drops empty and repeated terms and collapses whitespace', () => {
    expect(boundPrompt({ terms: ['', '  ', '扫黑 \n 除恶', '扫黑 除恶'], previousText: '  好。 ' })).toEqual({ terms: ['扫黑 除恶'], previousText: '好。' });
  });
});

describe('prompt text pieces', () => {
  it('formats terms as a Chinese enumeration closed by 。', () => {
    expect(formatTerms(['两为整治', '扫黑除恶'])).toBe('两为整治、扫黑除恶。');
    expect(formatTerms([])).toBe('');
  });

  it('names a speaker with the role first, or the name alone', () => {
    expect(speakerTerm({ name: '张建国', role: '厅长' })).toBe('厅长张建国');
    expect(speakerTerm({ name: '张建国', role: ' ' })).toBe('张建国');
    expect(speakerTerm({ name: '张建国', role: null })).toBe('张建国');
  });
});
