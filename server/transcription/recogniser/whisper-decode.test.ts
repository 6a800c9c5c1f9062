/**
 * Prompted Whisper decoding on both feature paths the worker uses ('fast' and 'library'),
 * checked from the decoder's own outputs (see traceDecoder): the prompt ids sit, in order,
 * between <|startofprev|> and <|startoftranscript|>; the text is the utterance's, never the prompt.
 */
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTerms, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { DEFAULT_DECODE_OPTIONS } from '../service.ts';
import { generationOptions } from './fast-decode.ts';
import { PROMPT_MAX_TOKENS } from './prompt-tokens.ts';
import { fixtureText, load16k, loadTestAsr, traceDecoder } from './testing/test-model.ts';
import { decodeSegment, type FeatureMode, promptEncoder, supportsPromptedDecode } from './whisper-decode.ts';

const PATHS: FeatureMode[] = ['fast', 'library'];
/** A meeting prompt as meetingPrompt() builds it: speaker, glossary terms, the last final. */
const MEETING_PROMPT: RecognitionPrompt = {
  terms: ['省公安厅厅长张建国', '两为整治', '扫黑除恶'],
  previousText: '下面，我就推进两为整治工作讲七点要求。',
};

let asr: AutomaticSpeechRecognitionPipeline;
/** <|startofprev|>, <|startoftranscript|>, <|zh|>, <|transcribe|>, <|notimestamps|>. */
let ids: { prev: number; start: readonly number[] };

/** Ids the tokenizer gives the prompt text, as Whisper expects it (leading space, no special tokens). */
function promptIds(text: string): number[] {
  const encoder = promptEncoder(asr);
  return [encoder.startOfPrev, ...encoder.encode(` ${text}`)];
}

beforeAll(async () => {
  asr = await loadTestAsr();
  const tok = asr.tokenizer;
  const [prev, sot, zh, transcribe, noTimestamps] = tok.convert_tokens_to_ids([
    '<|startofprev|>',
    '<|startoftranscript|>',
    '<|zh|>',
    '<|transcribe|>',
    '<|notimestamps|>',
  ]);
  ids = { prev: Number(prev), start: [Number(sot), Number(zh), Number(transcribe), Number(noTimestamps)] };
}, 60_000);

afterAll(async () => {
  await asr.dispose();
});

describe('prompted Whisper decode', () => {
  it('is supported by the installed library', () => {
    expect(supportsPromptedDecode(asr)).toBe(true);
  });

  describe.each(PATHS)('%s features', (path) => {
    it.each(['u01.wav', 'u04.wav', 'u07.wav', 'silence-3s.wav'])('without a prompt decodes %s exactly like the pipeline', async (name) => {
      const audio = await load16k(name);
      const reference = await asr(audio, generationOptions(DEFAULT_DECODE_OPTIONS));
      const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, DEFAULT_DECODE_OPTIONS, null, path));
      expect(result.text).toBe(Array.isArray(reference) ? reference[0]?.text : reference.text);
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.promptTokens).toBe(0);
      expect(fed.slice(0, 4)).toEqual(ids.start); // the library's own start tokens, nothing before them
    });

    it('feeds the prompt ids, in order, between <|startofprev|> and <|startoftranscript|>', async () => {
      const audio = await load16k('u02.wav');
      const expected = promptIds(formatTerms(MEETING_PROMPT.terms) + MEETING_PROMPT.previousText);
      const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, DEFAULT_DECODE_OPTIONS, MEETING_PROMPT, path));
      expect(expected.length).toBeGreaterThan(30);
      expect(fed.slice(0, expected.length)).toEqual(expected);
      expect(fed.slice(expected.length, expected.length + 4)).toEqual(ids.start);
      expect(result.promptTokens).toBe(expected.length - 1);
      expect(result.text).toBe(await fixtureText('u02.wav'));
    });
  });

  it.each(['u01.wav', 'u02.wav', 'u03.wav', 'u04.wav', 'u05.wav', 'u06.wav', 'u07.wav', 'u08.wav', 'u09.wav', 'u10.wav'])(
    'writes %s exactly with a meeting prompt (no prompt echo)',
    async (name) => {
      const { text, promptTokens } = await decodeSegment(asr, await load16k(name), DEFAULT_DECODE_OPTIONS, MEETING_PROMPT, 'fast');
      expect(promptTokens).toBeGreaterThan(0);
      expect(text).toBe(await fixtureText(name));
    },
  );

  it('keeps the loop guards off the prompt: a prompt holding the utterance itself does not change it', async () => {
    // The library's own guards see the prompt too and turned this into 第一，要!心组织!署。… (docs/transcription.md).
    const truth = await fixtureText('u02.wav');
    const prompt: RecognitionPrompt = { terms: ['精心组织部署'], previousText: truth };
    const audio = await load16k('u02.wav');
    const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, DEFAULT_DECODE_OPTIONS, prompt, 'fast'));
    expect(fed[0]).toBe(ids.prev);
    expect(result.text).toBe(truth);
  });

  it('cuts a prompt beyond the budget to PROMPT_MAX_TOKENS, keeping the end of the previous text', async () => {
    const terms = Array.from({ length: 200 }, (_, i) => `专项工作${i}`);
    const previousText = `${'各单位要抓好宣传发动工作。'.repeat(300)}第二，要走访听取意见。`;
    const audio = await load16k('u04.wav');
    const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, DEFAULT_DECODE_OPTIONS, { terms, previousText }, 'fast'));
    expect(result.promptTokens).toBeGreaterThan(PROMPT_MAX_TOKENS - 10);
    expect(result.promptTokens).toBeLessThanOrEqual(PROMPT_MAX_TOKENS);
    const sot = fed.indexOf(ids.start[0]!);
    expect(sot).toBe(result.promptTokens + 1);
    const tail = promptIds('第二，要走访听取意见。').slice(2); // without <|startofprev|> and the leading space
    expect(fed.slice(sot - tail.length, sot)).toEqual(tail);
    expect(result.text).toBe(await fixtureText('u04.wav'));
  });

  it('shrinks the prompt so that prompt + start + generated tokens fit the 448-token decoder context', async () => {
    const options = { ...DEFAULT_DECODE_OPTIONS, maxNewTokens: 440 };
    const audio = await load16k('u05.wav');
    const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, options, MEETING_PROMPT, 'fast'));
    expect(result.promptTokens).toBeLessThanOrEqual(448 - 4 - 440 - 1);
    expect(fed.length).toBeLessThanOrEqual(448);
    expect(result.text).toBe(await fixtureText('u05.wav'));
  });

  it('drops special-token text in a prompt instead of feeding special tokens', async () => {
    const prompt: RecognitionPrompt = { terms: ['<|endoftext|>两为整治', '<|en|>'], previousText: '<|notimestamps|>好。' };
    const audio = await load16k('u10.wav');
    const { result, fed } = await traceDecoder(asr, () => decodeSegment(asr, audio, DEFAULT_DECODE_OPTIONS, prompt, 'fast'));
    const sot = fed.indexOf(ids.start[0]!);
    expect(sot).toBeGreaterThan(1);
    const firstSpecial = Math.min(...asr.tokenizer.all_special_ids);
    expect(fed.slice(1, sot).every((id) => id < firstSpecial)).toBe(true);
    expect(result.text).toBe(await fixtureText('u10.wav'));
  });
});
