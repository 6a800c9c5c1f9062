/**
 * Chinese punctuation: Whisper mixes ASCII punctuation and spaces into Chinese text.
 * Pure functions.
 */

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const FULLWIDTH: Record<string, string> = { ',': '，', '.': '。', '?': '？', '!': '！', ':': '：', ';': '；' };

/** Unify punctuation in Chinese text: full-width marks next to Chinese, no spaces between Chinese characters. */
export function normalisePunctuation(text: string): string {
  let out = text.replace(/\u3000/g, ' ').trim();
  // Whisper separates Chinese phrases with spaces where a pause was; a pause inside Chinese is a comma.
  out = out.replace(new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'gu'), '$1，');
  // ASCII punctuation after a Chinese character becomes full-width ("第一,要" → "第一，要"), but "3.5" stays.
  out = out.replace(new RegExp(`([${CJK}])\\s*([,.?!:;])(?![0-9])\\s*`, 'gu'), (_m, ch: string, p: string) => ch + (FULLWIDTH[p] ?? p));
  // Spaces next to full-width punctuation carry nothing.
  out = out.replace(/\s*([，。？！：；、])\s*/gu, '$1');
  // Runs of the same or mixed sentence marks ("。。", "，。") keep the strongest, last one.
  out = out.replace(/[，、]+([。？！])/gu, '$1').replace(/([，。？！：；、])\1+/gu, '$1');
  // A segment never starts with a comma or full stop left over from a removed phrase.
  out = out.replace(/^[，。、；：\s]+/u, '');
  return out;
}

/** True when the text holds no letters, digits or Chinese characters. */
export function isOnlyPunctuation(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
