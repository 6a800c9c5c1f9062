/**
 * The outline walk: marker candidates, left to right, build the speech's outline. Each open list is
 * one outline level; a marker that continues a level (the next ordinal, same style first) closes
 * every deeper level, however long the sections were; a "1" that continues nothing opens a level
 * below the innermost open point, so a list with its own lead-in inside a section is that
 * section's child. A lone "1" becomes a list when its "2" arrives or its lead-in announced points.
 * Lists end on structure only: a higher-level marker, a stop (stops.ts: closing formula, new
 * speaker…), or the end of the text — there is no character window.
 *
 * The state is persistent (`WalkState`): each push feeds only its new candidates. Every rule reads
 * at most `WINDOW_LOOKAHEAD` chars past the position it decides, and a live push decides only
 * positions that far from the end, so the outline does not depend on how the text was chunked.
 */
import { isDescriptiveHeading, isFactualItem, isFactualLeadIn, isImpressionList, isSituationList } from './fact-list.ts';
import { readLeadIn } from './lead-in.ts';
import { LAST_ORDINAL, MARKER_LOOKAHEAD, scanCandidates, type MarkerCandidate, type MarkerFamily } from './markers.ts';
import { findStop, STOP_LOOKAHEAD } from './stops.ts';
import { closeFrom, isSectional, itemParagraphEnd, spansParagraphs } from './assemble-close.ts';
import type { PItem, PList, WalkContext, WalkState } from './assemble-types.ts';

export { cloneWalk, createWalk, type PItem, type PList, type WalkState } from './assemble-types.ts';
export { lastItemEnd, TITLE_LINE_MAX } from './assemble-close.ts';

/** Marker styles of written outlines: a level keeps its style. */
const WRITTEN = new Set<MarkerFamily>(['dun', 'paren', 'arabic', 'parenNum']);
/** Text a live walk keeps undecided at the end (chars). */
export const WINDOW_LOOKAHEAD = Math.max(MARKER_LOOKAHEAD, STOP_LOOKAHEAD);

/** Feeds the walk the candidates up to the decidable end of `t` (all of it when `final`), then closes what ended. */
export function advance(ctx: WalkContext, final: boolean): void {
  const { t, s } = ctx;
  const limit = final ? t.length : Math.max(s.pos, t.length - WINDOW_LOOKAHEAD);
  const found = scanCandidates(t, s.pos, limit);
  for (const c of found) step(ctx, c);
  const lastEnd = found.at(-1)?.markerEnd ?? 0;
  s.pos = Math.max(limit, lastEnd);
  if (final) closeFrom(ctx, 0, t.length);
  else stopBefore(ctx, limit);
}

/** The open top-level list when it is a confirmed requirement list (what a live view shows). */
export function openList(s: WalkState): PList | null {
  const bottom = s.stack[0];
  return bottom && bottom.confirmed && !bottom.invalid ? bottom : null;
}

/** One candidate: first the stops before it, then its place in the outline. */
export function step(ctx: WalkContext, c: MarkerCandidate): void {
  stopBefore(ctx, c.start, c.ordinal === 1);
  place(ctx, c);
}

function stopBefore(ctx: WalkContext, at: number, beforeList = false): void {
  const last = ctx.s.stack[0]?.items.at(-1);
  if (!last) return;
  const stop = findStop(ctx.t, last.cand.bodyStart, at, true, beforeList, ctx.memo);
  if (stop !== null) closeFrom(ctx, 0, stop);
}

/** Index of the open list that `c` continues (its next ordinal), or -1. Same style wins a tie. */
export function continuedList(stack: PList[], c: MarkerCandidate): number {
  if (c.ordinal === LAST_ORDINAL) {
    const open = (l: PList | undefined, i: number): boolean => !!l && l.confirmed && !l.finished && (!c.speech || i === 0);
    // 首先…其次…最后 close their own list, however deep the points of 其次 went.
    for (let i = stack.length - 1; i >= 0 && !c.speech; i--) if (open(stack[i], i) && stack[i]?.family === 'seq') return i;
    // 最后，我还要强调…: the speaker's own last point belongs to the top-level list.
    for (let i = stack.length - 1; i >= 0; i--) if (open(stack[i], i)) return i;
    return -1;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const l = stack[i];
    if (l && fits(l, c) && (l.family === c.family || l.items.at(-1)?.cand.family === c.family)) return i;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const l = stack[i];
    if (l && fits(l, c)) return i;
  }
  return -1;
}

/** `c` may continue `l`: a style `l` accepts, and its next ordinal (or, for ASR, the one after). */
function fits(l: PList, c: MarkerCandidate): boolean {
  // Stripped headings (bare numbers) and spoken markers never share a list; written outline
  // levels (一、 （一） 1.) keep their style, while spoken ones mix (一是 / 第二是 / 第三).
  if (l.finished || (c.family === 'bare') !== (l.family === 'bare')) return false;
  if ((WRITTEN.has(l.family) || WRITTEN.has(c.family)) && l.family !== c.family) return false;
  const last = l.items.at(-1)?.cand;
  // A homophone (地二, 二事) is a marker only where its own style is expected.
  if (c.homophone && l.family !== c.family && last?.family !== c.family) return false;
  if (c.continuesOnly && last?.family !== c.family) return false;
  // A bare number is weak evidence: unless it opens a point itself, it continues only a list
  // written in Arabic digits as it is ("1…2…3…": a recogniser's point numbers; a quantity has its
  // classifier or unit after it). 三保障, 三大板块, 李四光 inside a section continue nothing.
  if (c.family === 'bare' && !c.opens && last && !(c.digits && last.digits)) return false;
  const value = last && last.ordinal > 0 ? last.ordinal : l.items.length;
  if (c.ordinal === value + 1) return true;
  // ASR may garble one marker (二是 → 而是): a list may skip one ordinal of its own style.
  return c.ordinal === value + 2 && c.family === last?.family && c.family !== 'bare' && c.family !== 'seq';
}

function addItem(ctx: WalkContext, list: PList, c: MarkerCandidate): void {
  const prev = list.items.at(-1);
  if (prev && !list.sectional) list.sectional = spansParagraphs(ctx.t, prev.cand.bodyStart, c.start, ctx.memo);
  // The previous point ran over paragraphs: a list held back in it was its child after all.
  if (prev?.held) {
    if (list.sectional) prev.children ??= prev.held;
    prev.held = null;
  }
  list.items.push({ cand: c, children: null });
}

/** Shows a valid nested list as its point's children, or holds it back (see PItem.held). */
function attach(ctx: WalkContext, list: PList, parent: PItem): void {
  const host = ctx.s.stack.find((l) => l.items.includes(parent));
  const start = list.items[0]?.cand.start ?? 0;
  // A written level below the host's ("2.加强重点人群健康服务。\n(1)…") is its point's part wherever it starts.
  const lower = !!host && WRITTEN.has(host.family) && WRITTEN.has(list.family) && rank(list.family) > rank(host.family);
  const inside = !host || lower || isSectional(ctx.t, host, ctx.memo) || start < itemParagraphEnd(ctx.t, parent.cand.bodyStart, ctx.memo);
  if (inside) parent.children ??= list;
  else parent.held ??= list;
}

function place(ctx: WalkContext, c: MarkerCandidate): void {
  const { t, s, memo } = ctx;
  const target = continuedList(s.stack, c);
  if (target !== -1) {
    const list = s.stack[target];
    if (!list) return;
    closeFrom(ctx, target + 1, c.start);
    addItem(ctx, list, c);
    if (c.ordinal === LAST_ORDINAL) list.finished = true;
    if (!list.confirmed && list.items.length === 2) confirm(ctx, list);
    return;
  }
  if (c.ordinal !== 1 || (c.family === 'bare' && !c.leadCue && !c.opens) || c.speech || c.continuesOnly) return;
  endDescription(ctx, c);
  const parent = s.stack.at(-1)?.items.at(-1) ?? null;
  const list: PList = {
    items: [{ cand: c, children: null }], parent, family: c.family, finished: false, confirmed: false,
    invalid: false, sectional: false, leadIn: null, end: null,
  };
  s.stack.push(list);
  // A bare number with no lead-in cue cannot have been announced: its lead-in is read when its
  // "2" arrives (raw text has many such numbers, and reading a lead-in there is the costly part).
  if (c.family === 'bare' && !c.leadCue) return;
  // An announced lead-in ("讲七点要求", "提出以下几点") makes the first point certain.
  list.leadIn = readLeadIn(t, parent ? parent.cand.bodyStart : s.floor, c.start, memo);
  if (list.leadIn.announced && list.leadIn.count !== 1) confirm(ctx, list);
}

/** Outline rank of a marker style in official writing: 一、 above （一） above 1. above (1) and spoken markers. */
function rank(family: MarkerFamily): number {
  if (family === 'dun' || family === 'bare') return 0;
  if (family === 'paren') return 1;
  return family === 'arabic' ? 2 : 3;
}

/**
 * "今天召开座谈会，一是同大家谈谈心，二是…。…下面，我讲几点意见。一、…": a list the speaker
 * announces, of the same or a higher rank, ends the description (or lone "1") whose point it would
 * otherwise hang in. A lower-ranked one is a part of it ("一、起草过程…我们注意把握以下几点。一是…").
 */
function endDescription(ctx: WalkContext, c: MarkerCandidate): void {
  const { t, s, memo } = ctx;
  const host = s.stack.at(-1);
  const point = host?.items.at(-1);
  if (!host || !point || (host.confirmed && !host.invalid) || rank(c.family) > rank(host.family)) return;
  const lead = readLeadIn(t, point.cand.bodyStart, c.start, memo);
  const sentence = t.slice(lead.start, lead.end);
  if (!lead.announced || isFactualLeadIn(sentence)) return;
  closeFrom(ctx, s.stack.length - 1, lead.start);
}

function confirm(ctx: WalkContext, list: PList): void {
  if (!list.parent) {
    confirmTop(ctx, list);
    return;
  }
  const { t, s, memo } = ctx;
  list.confirmed = true;
  const index = s.stack.indexOf(list);
  // 一是…二是… nested under a 一是 list is a new list of that level that restarts the numbering.
  // (Not 首先…, and not bare numbers: a stripped 一、 and （一） look the same.)
  const aspect = (l: PList): boolean => l.items[0]?.cand.aspect === true;
  const ancestor = s.stack.findIndex((l, i) => i < index && l.family === list.family && aspect(l) === aspect(list)
    && l.family !== 'seq' && l.family !== 'bare');
  if (ancestor !== -1) {
    restart(ctx, list, index, ancestor);
    return;
  }
  const parent = list.parent;
  list.leadIn = readLeadIn(t, parent.cand.bodyStart, list.items[0]?.cand.start ?? 0, memo);
  list.invalid = describes(ctx, list) || isDescriptiveHeading(t.slice(parent.cand.bodyStart, list.leadIn.start), t.slice(list.leadIn.start, list.leadIn.end));
  if (!list.invalid) attach(ctx, list, parent);
}

function restart(ctx: WalkContext, list: PList, index: number, ancestor: number): void {
  const { t, s, memo } = ctx;
  const start = list.items[0]?.cand.start ?? 0;
  // The new list's lead-in lies inside the old list's last item ("…。同时也存在一些不足，一是…").
  const leadFloor = Math.min(s.floor, s.stack[ancestor]?.items.at(-1)?.cand.bodyStart ?? s.floor);
  s.stack.splice(index, 1);
  closeFrom(ctx, ancestor, start);
  list.parent = s.stack[ancestor - 1]?.items.at(-1) ?? null;
  s.stack.push(list);
  if (list.parent) {
    list.leadIn = readLeadIn(t, list.parent.cand.bodyStart, start, memo);
    list.invalid = describes(ctx, list);
    if (!list.invalid) attach(ctx, list, list.parent);
    return;
  }
  list.confirmed = false;
  list.leadIn = readLeadIn(t, leadFloor, start, memo);
  confirmTop(ctx, list);
}

/** The lead-in or the first point shows facts (achievements, agenda, purpose), not requirements. */
function describes(ctx: WalkContext, list: PList): boolean {
  const { t } = ctx;
  const lead = list.leadIn;
  if (!lead) return false;
  const sentence = t.slice(lead.start, lead.end);
  const first = list.items[0];
  const second = list.items[1];
  const firstText = first && second ? t.slice(first.cand.bodyStart, second.cand.start) : '';
  // An announced list is judged at its first point: only that point's look-ahead window is certain.
  const head = first ? t.slice(first.cand.bodyStart, Math.min(t.length, first.cand.start + MARKER_LOOKAHEAD)).split(/[。;!?\n]/)[0] ?? '' : '';
  return isFactualLeadIn(sentence) || isImpressionList(sentence, second ? firstText : head)
    || (!lead.announced && (isFactualItem(firstText) || isSituationList(sentence, firstText)));
}

function confirmTop(ctx: WalkContext, list: PList): void {
  const { t, s, memo } = ctx;
  const first: PItem | undefined = list.items[0];
  if (!first) return;
  list.leadIn ??= readLeadIn(t, s.floor, first.cand.start, memo);
  list.confirmed = true;
  list.invalid = describes(ctx, list);
}
