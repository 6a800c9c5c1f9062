/**
 * Word-level helpers of the 第N marker rule (markers.ts): trap-looking verbs, service numbers and
 * 方面 units. Pure string tests on the marker's look-ahead window.
 */
import { REQ_OPENERS, has } from './lexicon.ts';
import { isUnit } from './unit.ts';

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

/**
 * Names and ranks a 第N binds to (第一书记, 第二中学, 第三中心小学, 第二党支部书记, 第一责任人, 第二中队,
 * 第一批): with these the ordinal is part of the subject, not a point marker.
 */
const ORDINAL_BOUND = /^(书记|中学|小学|中心小学|中心学校|中心校|中心医院|人民医院|医院|中级|高级|人民法院|中队|大队|支队|分队|小队|分局|派出所|党支部|支部|党小组|小组|组|网格|责任人|责任区|片区|社区|小区|工区|梯队|方阵|批|次|届|位|名|个|家|轮|期|季)/;
/** Places charged like units in speeches (中心城区要…, 各地区要…). */
const PLACE_SUBJECT = /(城区|地区|片区|辖区|园区|景区|社区|小区|农村|城市)$/;

/**
 * Spoken "第二 区住建局要牵头" / stripped "第二中央财政要加大投入": 第N followed by a subject charged with
 * 要/必须/务必 (a unit, people or a place) — where the trap list (中, 党, 区, 村…) would take the subject's
 * first character for part of the ordinal. Not when the ordinal binds to the next word (ORDINAL_BOUND).
 */
export function subjectCharged(rest: string): boolean {
  if (ORDINAL_BOUND.test(rest)) return false;
  const m = /^([\u4e00-\u9fff]{2,9}?)(?:一定|都|也|还)?(要|必须|务必)/.exec(rest);
  const subject = m?.[1];
  return subject !== undefined && (isUnit(subject) || PLACE_SUBJECT.test(subject));
}

/** A count announced right before ("我强调三点第一…", "从以下几个方面"): a stripped 第一 there opens the list. */
export const COUNT_BEFORE = /([一二两三四五六七八九十\d]|几)(点|个方面|方面|条|个问题|件事)[\u4e00-\u9fff]{0,4}$/;
