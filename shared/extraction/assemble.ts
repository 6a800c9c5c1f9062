/**
 * List assembly: walks marker candidates left to right with a stack of open lists and decides
 * which candidates are items. A list is a run of ordinals 1, 2, 3…; a lone 1 becomes a list only
 * when its 2 follows (or its lead-in announced the points); a 1 inside an item opens a nested list.
 *
 * The walk can start from a checkpoint (`ParserState`) so the incremental driver only re-reads
 * text after the last settled point. Every rule reads a bounded window, which is why the result
 * does not depend on how the text was chunked.
 */
import { isFactualItem, isFactualLeadIn, isSituationList } from './fact-list.ts';
import { createMemo, findStop, readLeadIn, STOP_LOOKAHEAD, type StopMemo } from './lead-in.ts';
import { LAST_ORDINAL, MARKER_LOOKAHEAD, scanCached, type MarkerCandidate } from './markers.ts';
import type { ParserState, PList, WalkResult } from './assemble-types.ts';

export { INITIAL_STATE, type ParserState, type PItem, type PList, type WalkResult } from './assemble-types.ts';

/** A sibling must start within this many chars of the previous sibling's start. */
export const MAX_GAP = 2500;
/** A sentence that directs the list after it (他要求，一要…). */
const DIRECTS = /要求|强调|提出|部署|意见|建议/;
/** Longest line (chars) read as a point's title, whose explanation follows in the next paragraph. */
export const TITLE_LINE_MAX = 40;
/** Text the walk keeps undecided at the end of a non-final window (chars). */
export const WINDOW_LOOKAHEAD = Math.max(MARKER_LOOKAHEAD, STOP_LOOKAHEAD);


export function paragraphEnd(t: string, from: number): number {
  const k = t.indexOf('\n', from);
  return k === -1 ? t.length : k;
}

/** End of a list's last item when the list is closed at `trigger`. */
export function lastItemEnd(t: string, list: PList, trigger: number, memo?: StopMemo): number {
  const last = list.items[list.items.length - 1];
  if (!last) return trigger;
  const body = Math.min(last.cand.bodyStart, trigger);
  let para = paragraphEnd(t, body);
  // "三、强化督导检查\n各级要……": a title line keeps the paragraph that explains it.
  if (para < trigger && para - body <= TITLE_LINE_MAX && !/[。;!?]/.test(t.slice(body, para))) {
    para = paragraphEnd(t, para + 1);
  }
  let end = Math.min(trigger, last.cand.start + MAX_GAP, para);
  const stop = findStop(t, body, end, true, false, memo);
  if (stop !== null) end = Math.min(end, stop);
  return Math.max(end, body);
}

export function walk(t: string, state: ParserState, final: boolean, memo: StopMemo = createMemo()): WalkResult {
  const len = t.length;
  const limit = final ? len : Math.max(state.pos, len - WINDOW_LOOKAHEAD);
  const stack: PList[] = state.top ? [{ ...state.top, items: [...state.top.items] }] : [];
  let floor = state.floor;
  const closed: PList[] = [];
  let checkpoint: ParserState = state;
  let settled = 0;

  const close = (list: PList, trigger: number): void => {
    const at = stack.indexOf(list);
    if (at !== -1) stack.splice(at, 1);
    list.end = lastItemEnd(t, list, trigger, memo);
    if (list.confirmed) {
      if (list.invalid) {
        if (!list.parent) {
          const before = floor;
          floor = list.end;
          promoteDirective(list, before);
        }
        return;
      }
      if (list.parent) {
        list.parent.children ??= list;
      } else {
        closed.push(list);
        floor = list.end;
        detachTrailingChildren(list);
      }
      return;
    }
    // A lone "1" is no list, but a list nested in it survives one level up.
    const orphan = list.items[0]?.children;
    if (!orphan) return;
    if (list.parent) {
      list.parent.children ??= orphan;
      orphan.parent = list.parent;
      return;
    }
    orphan.parent = null;
    orphan.end = list.end;
    orphan.leadIn = readLeadIn(t, floor, orphan.items[0]?.cand.start ?? 0, memo);
    if (isFactualLeadIn(t.slice(orphan.leadIn.start, orphan.leadIn.end))) return;
    closed.push(orphan);
    floor = orphan.end;
  };
  // "呈现三个特点：一是…三是市场主体活跃。他要求，一要…二要…": a requirement list caught in the
  // last point of a fact list is the speaker's own list, when a new sentence directs it.
  const promoteDirective = (facts: PList, before: number): void => {
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
    closed.push(kids);
    floor = Math.max(floor, kids.end ?? floor);
  };
  // A list "nested" in the last item but starting after that item ended (next paragraph,
  // new speaker) is a list of its own.
  const detachTrailingChildren = (list: PList): void => {
    const last = list.items.at(-1);
    const kids = last?.children;
    const start = kids?.items[0]?.cand.start;
    if (!last || !kids || start === undefined || list.end === null || start < list.end) return;
    last.children = null;
    kids.parent = null;
    kids.leadIn = readLeadIn(t, floor, start, memo);
    kids.end = lastItemEnd(t, kids, Math.max(start, kids.end ?? t.length), memo);
    if (isFactualLeadIn(t.slice(kids.leadIn.start, kids.leadIn.end))) return;
    closed.push(kids);
    floor = kids.end;
  };
  const closeFrom = (index: number, trigger: number): void => {
    for (let i = stack.length - 1; i >= index; i--) {
      const list = stack[i];
      if (list) close(list, trigger);
    }
  };
  const expire = (at: number): void => {
    for (let i = 0; i < stack.length; i++) {
      const last = stack[i]?.items.at(-1);
      if (last && at - last.cand.start > MAX_GAP) {
        closeFrom(i, last.cand.start + MAX_GAP);
        return;
      }
    }
  };
  const stopBefore = (at: number, beforeList = false): void => {
    const last = stack[0]?.items.at(-1);
    if (!last) return;
    const stop = findStop(t, last.cand.bodyStart, at, true, beforeList, memo);
    if (stop !== null) closeFrom(0, stop);
  };
  const confirmTop = (list: PList): void => {
    const first = list.items[0];
    if (!first) return;
    list.leadIn ??= readLeadIn(t, floor, first.cand.start, memo);
    list.confirmed = true;
    const sentence = t.slice(list.leadIn.start, list.leadIn.end);
    const second = list.items[1];
    const firstText = second ? t.slice(first.cand.bodyStart, second.cand.start) : '';
    list.invalid = isFactualLeadIn(sentence)
      || (!list.leadIn.announced && (isFactualItem(firstText) || isSituationList(sentence, firstText)));
  };
  const confirm = (list: PList, index: number): void => {
    if (!list.parent) {
      confirmTop(list);
      return;
    }
    list.confirmed = true;
    // 一是…二是… nested under a 一是 list is a new list that restarts the numbering.
    const ancestor = stack.findIndex((l, i) => i < index && l.family === list.family && l.family !== 'seq');
    if (ancestor === -1) return;
    const restart = list.items[0]?.cand.start ?? 0;
    // The new list's lead-in lies inside the old list's last item ("…。同时也存在一些不足，一是…").
    const leadFloor = Math.min(floor, stack[ancestor]?.items.at(-1)?.cand.bodyStart ?? floor);
    stack.splice(index, 1);
    closeFrom(ancestor, restart);
    list.parent = stack[ancestor - 1]?.items.at(-1) ?? null;
    stack.push(list);
    if (!list.parent) {
      list.confirmed = false;
      list.leadIn = readLeadIn(t, leadFloor, restart, memo);
      confirmTop(list);
    }
  };
  const place = (c: MarkerCandidate): 'top' | 'other' => {
    if (c.ordinal === LAST_ORDINAL) {
      for (let i = stack.length - 1; i >= 0; i--) {
        const list = stack[i];
        if (!list || !list.confirmed || list.finished) continue;
        closeFrom(i + 1, c.start);
        list.items.push({ cand: c, children: null });
        list.finished = true;
        return i === 0 ? 'top' : 'other';
      }
      return 'other';
    }
    const fits = (l: PList): boolean => {
      if (l.finished || (c.family === 'bare' && l.family !== 'bare')) return false;
      const last = l.items.at(-1)?.cand;
      const value = last && last.ordinal > 0 ? last.ordinal : l.items.length;
      if (c.ordinal === value + 1) return true;
      // ASR may garble one marker (二是 → 而是): a list may skip one ordinal of its own style.
      return c.ordinal === value + 2 && c.family === last?.family && c.family !== 'bare' && c.family !== 'seq';
    };
    let target = -1;
    for (let i = stack.length - 1; i >= 0 && target === -1; i--) {
      const l = stack[i];
      if (l && fits(l) && (l.family === c.family || l.items.at(-1)?.cand.family === c.family)) target = i;
    }
    for (let i = stack.length - 1; i >= 0 && target === -1; i--) {
      const l = stack[i];
      if (l && fits(l)) target = i;
    }
    if (target !== -1) {
      const list = stack[target];
      if (!list) return 'other';
      closeFrom(target + 1, c.start);
      list.items.push({ cand: c, children: null });
      if (!list.confirmed && list.items.length === 2) confirm(list, target);
      return stack[0] === list ? 'top' : 'other';
    }
    if (c.ordinal !== 1 || (c.family === 'bare' && !c.leadCue)) return 'other';
    const parent = stack[stack.length - 1]?.items.at(-1) ?? null;
    const list: PList = {
      items: [{ cand: c, children: null }], parent, family: c.family, finished: false,
      confirmed: false, invalid: false, leadIn: null, end: null,
    };
    stack.push(list);
    if (!parent) {
      // An announced lead-in ("讲七点要求", "提出以下几点") makes the first point certain.
      list.leadIn = readLeadIn(t, floor, c.start, memo);
      if (list.leadIn.announced && list.leadIn.count !== 1) confirmTop(list);
    }
    return 'other';
  };

  const candidates = scanCached(t, state.pos, limit, memo.candidates);
  let scanEnd = state.pos;
  for (const c of candidates) {
    expire(c.start);
    stopBefore(c.start, c.ordinal === 1);
    const where = place(c);
    scanEnd = c.markerEnd;
    const top = stack[0];
    if (where === 'top' && stack.length === 1 && top?.confirmed) {
      // The state before `c`: without its item, and not yet finished by a 最后 that `c` may be.
      checkpoint = { pos: c.start, top: { ...top, items: top.items.slice(0, -1), finished: false }, floor };
      settled = closed.length;
    } else if (stack.length === 0) {
      checkpoint = { pos: c.markerEnd, top: null, floor };
      settled = closed.length;
    }
  }
  if (final) {
    closeFrom(0, len);
  } else {
    expire(limit);
    stopBefore(limit);
  }
  if (stack.length === 0) {
    checkpoint = { pos: Math.max(limit, scanEnd), top: null, floor };
    settled = closed.length;
  }
  const bottom = stack[0];
  const open = bottom && bottom.confirmed && !bottom.invalid ? bottom : null;
  return { closed, open, checkpoint, settled, limit: Math.max(limit, scanEnd), openDepth: stack.length };
}
