/**
 * Fitting prompts into token budgets: exact rules on a one-token-per-character encoder, then
 * Chinese text on the real Whisper tokenizer (byte-level BPE: 1–3 tokens per character, ≈ 1.2
 * on average for the fixture transcripts).
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTerms, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { testModelsDir } from '../../../test/env.ts';
import { fitPrompt, PROMPT_MAX_TOKENS, PROMPT_TERMS_MAX_TOKENS, promptBudget, type PromptEncoder } from './prompt-tokens.ts';
import { TEST_MODEL_ID } from './testing/test-model.ts';

const SPEECH =
  '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要抓好宣传发动工作。各分县局要制定本单位的方案，逐层逐级发到各个基层单位。第二，要走访听取意见。到十月三十号，这项工作就要全部完成。';
const TERMS = ['省公安厅厅长张建国', '两为整治', '扫黑除恶', '电信网络诈骗'];

/** One token per character; '§' stands for text that encodes to a special token. */
const CHAR_ENCODER: PromptEncoder = {
  encode: (text) => Array.from(text, (c) => (c === '§' ? 1_000_000 : c.codePointAt(0) ?? 0)),
  startOfPrev: -1,
  isSpecial: (id) => id >= 1_000_000,
};

describe('fitPrompt (one token per character)', () => {
  it('gives nothing for no prompt, an empty prompt or no budget', () => {
    expect(fitPrompt(null, CHAR_ENCODER).ids).toEqual([]);
    expect(fitPrompt({ terms: [], previousText: '' }, CHAR_ENCODER).ids).toEqual([]);
    expect(fitPrompt({ terms: ['两为整治'], previousText: '好。' }, CHAR_ENCODER, 0).ids).toEqual([]);
  });

  it('puts <|startofprev|>, a space, the terms and the previous text in that order', () => {
    const fitted = fitPrompt({ terms: ['两为整治', '扫黑除恶'], previousText: '第一，要精心组织部署。' }, CHAR_ENCODER);
    expect(fitted.text).toBe('两为整治、扫黑除恶。第一，要精心组织部署。');
    expect(fitted.ids).toEqual([-1, ...CHAR_ENCODER.encode(` ${fitted.text}`)]);
  });

  it('keeps whole terms in order within the terms budget, skipping one that does not fit', () => {
    // Budget 12 = space + 甲乙、 + 丙丁戊己、 (10) … 长长长长长 would overflow, 庚。 still fits.
    const fitted = fitPrompt({ terms: ['甲乙', '丙丁戊己', '长长长长长', '庚'], previousText: '' }, CHAR_ENCODER, 40, 12);
    expect(fitted.terms).toEqual(['甲乙', '丙丁戊己', '庚']);
    expect(fitted.ids.length - 1).toBeLessThanOrEqual(12);
  });

  it('cuts the previous text from its start, at a clause break when one is near', () => {
    const prompt: RecognitionPrompt = { terms: [], previousText: '第一，要精心组织部署。各单位要抓好宣传发动工作。' };
    // 16 tokens: space + 15 characters; the 15-character suffix starts mid-clause (织部署。…), so the cut moves to after 。
    const fitted = fitPrompt(prompt, CHAR_ENCODER, 16);
    expect(fitted.previousText).toBe('各单位要抓好宣传发动工作。');
    // With no break in reach, the cut is at the character.
    expect(fitPrompt({ terms: [], previousText: '甲乙丙丁戊己庚辛壬癸' }, CHAR_ENCODER, 5).previousText).toBe('庚辛壬癸');
  });

  it('gives the previous text the whole budget when there are no terms, and what the terms leave otherwise', () => {
    const previousText = '甲'.repeat(500);
    expect(fitPrompt({ terms: [], previousText }, CHAR_ENCODER).ids).toHaveLength(1 + PROMPT_MAX_TOKENS);
    const withTerms = fitPrompt({ terms: ['两为整治'], previousText }, CHAR_ENCODER);
    expect(withTerms.ids).toHaveLength(1 + PROMPT_MAX_TOKENS);
    expect(withTerms.text.startsWith('两为整治。甲')).toBe(true);
  });

  it('drops ids of special-token text', () => {
    const fitted = fitPrompt({ terms: ['§两为整治'], previousText: '§好。' }, CHAR_ENCODER);
    expect(fitted.ids.slice(1).every((id) => !CHAR_ENCODER.isSpecial(id))).toBe(true);
    expect(fitted.ids).toHaveLength(1 + ' 两为整治。好。'.length);
  });
});

describe('promptBudget', () => {
  it('leaves room in the 448-token context for the start and generated tokens', () => {
    expect(promptBudget({ maxTargetPositions: 448, initTokens: 4, maxNewTokens: 224 })).toBe(PROMPT_MAX_TOKENS);
    expect(promptBudget({ maxTargetPositions: 448, initTokens: 4, maxNewTokens: 400 })).toBe(43);
    expect(promptBudget({ maxTargetPositions: 448, initTokens: 4, maxNewTokens: 448 })).toBe(0);
  });

  it('never exceeds Whisper’s previous-text limit (half the context minus one)', () => {
    expect(promptBudget({ maxTargetPositions: 448, initTokens: 4, maxNewTokens: 1 }, 1000)).toBe(223);
  });
});

describe('fitPrompt on the Whisper tokenizer (Chinese)', () => {
  let tokenizer: PreTrainedTokenizer;
  let encoder: PromptEncoder;

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${testModelsDir()}/`;
    tokenizer = await AutoTokenizer.from_pretrained(TEST_MODEL_ID);
    const firstSpecial = Math.min(...tokenizer.all_special_ids);
    encoder = {
      encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
      startOfPrev: Number(tokenizer.convert_tokens_to_ids(['<|startofprev|>'])[0]),
      isSpecial: (id) => id >= firstSpecial,
    };
  }, 60_000);

  it.each([10, 25, 40, 60, 120])('fits a long transcript into %i tokens, keeping its end and whole characters', (budget) => {
    const speech = SPEECH.repeat(2); // ≈ 230 tokens
    const fitted = fitPrompt({ terms: [], previousText: speech }, encoder, budget);
    expect(fitted.ids.length - 1).toBeLessThanOrEqual(budget);
    expect(fitted.ids.length - 1).toBeGreaterThan(budget / 2);
    expect(speech.endsWith(fitted.previousText)).toBe(true);
    expect(fitted.previousText.length).toBeLessThan(speech.length);
    // Decoding the ids gives back the text: no character was cut between its byte tokens.
    expect(tokenizer.decode(fitted.ids.slice(1))).toBe(` ${fitted.previousText}`);
    // Maximal up to the clause alignment: one more character would not fit, or the cut sits after a break.
    const longer = Array.from(speech).slice(-(Array.from(fitted.previousText).length + 1)).join('');
    const afterBreak = /[。，]$/u.test(speech.slice(0, speech.length - fitted.previousText.length));
    expect(afterBreak || encoder.encode(` ${longer}`).length > budget).toBe(true);
  });

  it('takes the terms first (within their budget) and fills the rest with the latest text', () => {
    const fitted = fitPrompt({ terms: TERMS, previousText: SPEECH }, encoder);
    expect(fitted.terms).toEqual(TERMS);
    expect(encoder.encode(` ${formatTerms(TERMS)}`).length).toBeLessThanOrEqual(PROMPT_TERMS_MAX_TOKENS);
    expect(fitted.ids.length - 1).toBeLessThanOrEqual(PROMPT_MAX_TOKENS);
    expect(fitted.ids.length - 1).toBeGreaterThan(PROMPT_MAX_TOKENS - 15);
    expect(fitted.text).toBe(formatTerms(TERMS) + fitted.previousText);
    expect(fitted.previousText.endsWith('这项工作就要全部完成。')).toBe(true);
  });

  it('stops adding terms at the terms budget, whatever the glossary size', () => {
    const terms = Array.from({ length: 40 }, (_, i) => `第${i}专项整治行动`);
    const fitted = fitPrompt({ terms, previousText: '第二，要走访听取意见。' }, encoder);
    expect(fitted.terms.length).toBeGreaterThan(2);
    expect(fitted.terms.length).toBeLessThan(terms.length);
    expect(fitted.terms).toEqual(terms.slice(0, fitted.terms.length));
    expect(encoder.encode(` ${formatTerms(fitted.terms)}`).length).toBeLessThanOrEqual(PROMPT_TERMS_MAX_TOKENS);
    expect(fitted.previousText).toBe('第二，要走访听取意见。');
  });

  it('never splits a character outside the basic plane', () => {
    const rare = '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉';
    for (let budget = 2; budget <= 30; budget++) {
      const fitted = fitPrompt({ terms: [], previousText: rare }, encoder, budget);
      expect(rare.endsWith(fitted.previousText)).toBe(true);
      expect(fitted.previousText).not.toMatch(/^[\uDC00-\uDFFF]/u);
      if (fitted.ids.length > 0) expect(tokenizer.decode(fitted.ids.slice(1))).toBe(` ${fitted.previousText}`);
    }
  });

  it('drops special tokens that prompt text spells', () => {
    const fitted = fitPrompt({ terms: ['<|endoftext|>两为整治'], previousText: '<|zh|>好。' }, encoder);
    expect(fitted.ids.slice(1).some((id) => encoder.isSpecial(id))).toBe(false);
    expect(fitted.ids.length).toBeGreaterThan(3);
  });
});
