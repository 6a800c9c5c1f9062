/**
 * Closing lists in the outline walk: where a list's last item ends, what happens to a lone "1"
 * (no list, but a list nested in it survives one level up), a requirement list caught in the last
 * point of a fact list, and a list "nested" in a last item that had already ended.
 */
import { isFactualLeadIn } from './fact-list.ts';
import { readLeadIn } from './lead-in.ts';
import { paragraphEnd, type WalkMemo } from './memo.ts';
import { findStop } from './stops.ts';
import type { PList, WalkContext } from './assemble-types.ts';

/** Longest line (chars) read as a point's title, whose explanation follows in the next paragraph. */
export const TITLE_LINE_MAX = 40;
/** A sentence that directs the list after it (他要求，一要…). */
const DIRECTS = /要求|强调|提出|部署|意见|建议/;

/**
 * End of a list's last item when the list is closed at `trigger`. Points that are sections (an
 * earlier one spans a paragraph break) run on to the trigger; an inline point ends with its
 * paragraph (a short title line keeps the paragraph that explains it). A stop ends it earlier.
 */
export function lastItemEnd(t: string, list: PList, trigger: number, memo?: WalkMemo): number {
  const last = list.items[list.items.length - 1];
  if (!last) return trigger;
  const body = Math.min(last.cand.bodyStart, trigger);
  const end = isSectional(t, list, memo) ? trigger : Math.min(trigger, itemParagraphEnd(t, body, memo));
  const stop = findStop(t, body, end, true, false, memo);
  return Math.max(stop === null ? end : Math.min(end, stop), body);
}

/** End of the paragraph an item starting at `body` fills; "三、强化督导检查\n各级要……": a title line keeps the next one. */
export function itemParagraphEnd(t: string, body: number, memo?: WalkMemo): number {
  const para = paragraphEnd(t, body, memo);
  if (para < t.length && para - body <= TITLE_LINE_MAX && !/[。;!?]/.test(t.slice(body, para))) return paragraphEnd(t, para + 1, memo);
  return para;
}

/**
 * The list's points are sections: an earlier point spans a paragraph break, or the first point is
 * a title on a line of its own ("一、深刻认识…的重大意义\n…").
 */
export function isSectional(t: string, list: PList, memo?: WalkMemo): boolean {
  if (list.sectional) return true;
  const first = list.items[0]?.cand;
  if (!first) return false;
  const para = paragraphEnd(t, first.bodyStart, memo);
  if (para >= t.length || para - first.bodyStart > TITLE_LINE_MAX || /[。;!?,]/.test(t.slice(first.bodyStart, para))) return false;
  list.sectional = true;
  return true;
}

/** True when the item text `[body, next)` holds a paragraph break (trailing breaks aside). */
export function spansParagraphs(t: string, body: number, next: number, memo?: WalkMemo): boolean {
  let end = next;
  while (end > body && /[\s]/.test(t[end - 1] ?? '')) end--;
  return paragraphEnd(t, body, memo) < end;
}

/** Closes `list` at `trigger`: settles its end, keeps it (top level), hangs it, or drops it. */
export function closeList(ctx: WalkContext, list: PList, trigger: number): void {
  const { t, s, memo } = ctx;
  const at = s.stack.indexOf(list);
  if (at !== -1) s.stack.splice(at, 1);
  list.end = lastItemEnd(t, list, trigger, memo);
  if (list.confirmed) {
    if (list.parent) return;
    const before = s.floor;
    s.floor = list.end;
    if (list.invalid) {
      promoteDirective(ctx, list, before);
      return;
    }
    s.closed.push(list);
    detachTrailingChildren(ctx, list);
    return;
  }
  // A lone "1" is no list, but a list nested in it survives one level up.
  const orphan = list.items[0]?.children ?? list.items[0]?.held;
  if (!orphan) return;
  if (list.parent) {
    list.parent.children ??= orphan;
    orphan.parent = list.parent;
    return;
  }
  orphan.parent = null;
  orphan.end = list.end;
  orphan.leadIn = readLeadIn(t, s.floor, orphan.items[0]?.cand.start ?? 0, memo);
  if (isFactualLeadIn(t.slice(orphan.leadIn.start, orphan.leadIn.end))) return;
  // "…汇报如下：一、主要工作开展情况 （一）…（二）…": what a factual lead-in announced stays facts.
  if (list.leadIn && isFactualLeadIn(t.slice(list.leadIn.start, list.leadIn.end))) return;
  s.closed.push(orphan);
  s.floor = orphan.end;
}

/** Closes the open lists from the innermost down to `stack[index]`. */
export function closeFrom(ctx: WalkContext, index: number, trigger: number): void {
  const { stack } = ctx.s;
  for (let i = stack.length - 1; i >= index; i--) {
    const list = stack[i];
    if (list) closeList(ctx, list, trigger);
  }
}

/**
 * "呈现三个特点：一是…三是市场主体活跃。他要求，一要…二要…": a requirement list caught in the last
 * point of a fact list is the speaker's own list, when a new sentence directs it.
 */
function promoteDirective(ctx: WalkContext, facts: PList, before: number): void {
  const { t, s, memo } = ctx;
  const last = facts.items.at(-1);
  const kids = last?.children;
  const start = kids?.items[0]?.cand.start;
  if (!last || !kids || start === undefined || !kids.confirmed) return;
  // The separators right before the nested list ("…提出三点要求：\n（一）") are not a sentence of their own.
  const between = t.slice(last.cand.bodyStart, start).replace(/[。;!?\n:,]+$/, '');
  const own = /[。;!?\n]/.test(between) ? between.slice(between.search(/[^。;!?\n]*$/)) : between.slice(-12);
  if (!DIRECTS.test(own)) return;
  const lead = readLeadIn(t, before, start, memo);
  if (isFactualLeadIn(t.slice(lead.start, lead.end))) return;
  last.children = null;
  kids.parent = null;
  kids.leadIn = lead;
  s.closed.push(kids);
  s.floor = Math.max(s.floor, kids.end ?? s.floor);
}

/**
 * A list "nested" in the last item but starting after that item ended (next paragraph, new
 * speaker) is a list of its own.
 */
function detachTrailingChildren(ctx: WalkContext, list: PList): void {
  const { t, s, memo } = ctx;
  const last = list.items.at(-1);
  if (last?.held) {
    last.children ??= last.held;
    last.held = null;
  }
  const kids = last?.children;
  const start = kids?.items[0]?.cand.start;
  if (!last || !kids || start === undefined || list.end === null || start < list.end) return;
  last.children = null;
  kids.parent = null;
  kids.leadIn = readLeadIn(t, s.floor, start, memo);
  kids.end = lastItemEnd(t, kids, Math.max(start, kids.end ?? t.length), memo);
  if (isFactualLeadIn(t.slice(kids.leadIn.start, kids.leadIn.end))) return;
  s.closed.push(kids);
  s.floor = kids.end;
}
