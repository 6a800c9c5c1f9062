/**
 * Word-level helpers of the 第N marker rule (markers.ts): trap-looking verbs, service numbers and
 * 方面 units. Pure string tests on the marker's look-ahead window.
 */
import { REQ_OPENERS, has } from './lexicon.ts';

/** Verbs that start with a trap character (排查 vs 第一排, 部署 vs 第一部): 第N + verb is a point. */
export const DI_VERB_NEXT = /^(排查|排除|部署|大力|大兴|关注|关心|高度|把(?!手|关|交椅))/;

/** "第二，110指挥中心要…": a 3–5 digit service number opens the point's subject (not "第一，2名"). */
export function serviceNumberAt(t: string, k: number): boolean {
  return /^[0-9]{3,5}[\u4e00-\u9fff]/.test(t.slice(k, k + 6)) && !/^[0-9]{4}年/.test(t.slice(k, k + 5));
}

/**
 * "第一方面坚持…" (no separator): 方面 followed by a requirement opener is a marker unit. Not 点/条:
 * "第三条规定" cites an article.
 */
export function unitBeforeOpener(rest: string, punctuated: boolean): RegExpExecArray | null {
  const m = /^个?方面/.exec(rest);
  if (!m) return null;
  const after = rest.slice(m[0].length);
  if (REQ_OPENERS.some((w) => after.startsWith(w)) && !after.startsWith('的')) return m;
  return !punctuated && after !== '' && !has('的了就和与', after[0]) ? m : null;
}

