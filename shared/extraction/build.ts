/**
 * Turns walked lists (normalised offsets) into the output records (raw substrings and spans):
 * marker, headline, text, responsible, deadline, children, speaker.
 *
 * A live list's last point grows with every push; its responsible parties and deadline are
 * collected piece by piece (per marker, in `fieldCache`) over the text that can no longer change
 * their outcome, so each push reads only the new text. Items whose text is settled are reused
 * as they are, so unchanged points keep their identity between pushes.
 */
import { deadlineIn, DEADLINE_LOOKAHEAD } from './deadline.ts';
import { HEADLINE_SCAN, headlineRange } from './headline.ts';
import { has, SOFT_END } from './lexicon.ts';
import { isPunctuated, type MarkerCandidate } from './markers.ts';
import { lastItemEnd, type PItem, type PList } from './assemble.ts';
import type { WalkMemo } from './memo.ts';
import { RESPONSIBLE_LOOKAHEAD, responsibleIn } from './responsible.ts';
import type { TextView } from './text-buffer.ts';
import type { ExtractedItem, ExtractedSpeaker, ExtractorOptions } from './types.ts';

/** How a build may use the caches. */
export interface BuildEnv {
  options: ExtractorOptions;
  /** Length of the text that is real (pushed); text after it (a peeked tail) is never cached. */
  settled: number;
  memo?: WalkMemo;
}

/** Fields of one point collected over `[body, scannedTo)`: final for any text that follows. */
interface FieldState {
  body: number;
  punctuated: boolean;
  scannedTo: number;
  responsible: Array<[number, number]>;
  seen: Set<string>;
  deadline: [number, number] | null;
}

const FIELD_LOOKAHEAD = Math.max(RESPONSIBLE_LOOKAHEAD, DEADLINE_LOOKAHEAD);
const fieldCache = new WeakMap<MarkerCandidate, FieldState>();
const itemCache = new WeakMap<MarkerCandidate, { end: number; ordinal: number; children: ExtractedItem[]; item: ExtractedItem }>();

function trimEnd(t: string, start: number, end: number): number {
  let e = end;
  while (e > start && has(` \n${SOFT_END}`, t[e - 1])) e--;
  return e;
}

/** Responsible parties and deadline of the text `[body, ownEnd)`; `final`: ownEnd will not move. */
function fields(
  t: string, cand: MarkerCandidate, body: number, ownEnd: number, punctuated: boolean, final: boolean, settled: number,
): { responsible: Array<[number, number]>; deadline: [number, number] | null } {
  let st = fieldCache.get(cand);
  if (!st || st.body !== body || st.punctuated !== punctuated || st.scannedTo > ownEnd) {
    st = { body, punctuated, scannedTo: body, responsible: [], seen: new Set(), deadline: null };
  }
  const safe = Math.min(final ? ownEnd : ownEnd - FIELD_LOOKAHEAD, settled - FIELD_LOOKAHEAD);
  if (safe > st.scannedTo) {
    responsibleIn(t, body, ownEnd, st.scannedTo, safe, punctuated, st.seen, st.responsible);
    st.deadline ??= deadlineIn(t, body, ownEnd, st.scannedTo, safe);
    st.scannedTo = safe;
    fieldCache.set(cand, st);
  }
  const responsible = [...st.responsible];
  let deadline = st.deadline;
  if (st.scannedTo < ownEnd) {
    responsibleIn(t, body, ownEnd, st.scannedTo, ownEnd, punctuated, new Set(st.seen), responsible);
    deadline ??= deadlineIn(t, body, ownEnd, st.scannedTo, ownEnd);
  }
  return { responsible: responsible.sort((a, b) => a[0] - b[0]), deadline };
}

/** Whether a point reads as punctuated, and its headline: both read at most HEADLINE_SCAN chars of it. */
interface Lead { ownPunct: boolean; headline: [number, number] }
const leadCache = new WeakMap<MarkerCandidate, Lead>();

function lead(t: string, cand: MarkerCandidate, body: number, ownEnd: number, settled: number): Lead {
  // Valid while the point still runs past the window (a nested list found later can cut it short).
  const whole = ownEnd - body > HEADLINE_SCAN + 2;
  const hit = whole ? leadCache.get(cand) : undefined;
  if (hit) return hit;
  // An item with no punctuation at all reads like ASR output even inside punctuated text.
  const ownPunct = isPunctuated(t, cand.start) && /[,。;:!?、]/.test(t.slice(body, Math.min(ownEnd, body + HEADLINE_SCAN)));
  const result: Lead = { ownPunct, headline: headlineRange(t, body, ownEnd, ownPunct, cand.family) };
  // Once the point runs past the scanned window over settled text, neither can change any more.
  if (whole && ownEnd <= settled) leadCache.set(cand, result);
  return result;
}

function buildItem(view: TextView, it: PItem, ordinal: number, end: number, final: boolean, env: BuildEnv): ExtractedItem {
  const t = view.norm;
  const body = Math.min(it.cand.bodyStart, end);
  const kids = it.children;
  const kidStart = kids?.items[0]?.cand.start;
  const ownEnd = kidStart !== undefined ? Math.max(body, Math.min(end, kidStart)) : end;
  const children = kids ? buildItems(view, kids, end, final, env) : [];
  const hit = itemCache.get(it.cand);
  if (hit && hit.end === end && hit.ordinal === ordinal && hit.children.length === children.length
    && hit.children.every((c, i) => c === children[i])) return hit.item;
  const { ownPunct, headline: [hs, he] } = lead(t, it.cand, body, ownEnd, env.settled);
  const f = fields(t, it.cand, body, ownEnd, ownPunct, final || kidStart !== undefined, env.settled);
  const item: ExtractedItem = {
    ordinal,
    marker: view.rawSlice(it.cand.start, it.cand.markerEnd),
    headline: view.rawSlice(hs, he),
    text: view.rawSlice(body, trimEnd(t, body, end)),
    responsible: f.responsible.map(([s, e]) => view.rawSlice(s, e)),
    deadline: f.deadline ? view.rawSlice(f.deadline[0], f.deadline[1]) : null,
    children,
    span: view.rawSpan(it.cand.start, Math.max(trimEnd(t, it.cand.start, end), it.cand.markerEnd)),
  };
  if (end <= env.settled) itemCache.set(it.cand, { end, ordinal, children, item });
  return item;
}

/** `final`: the list's end will not move (it is closed, or its last point is followed by a sibling). */
function buildItems(view: TextView, list: PList, end: number, final: boolean, env: BuildEnv): ExtractedItem[] {
  return list.items.map((it, i) => {
    const next = list.items[i + 1];
    return next ? buildItem(view, it, i + 1, next.cand.start, true, env) : buildItem(view, it, i + 1, end, final, env);
  });
}

/** Output record of a top-level list; open lists get a provisional end. */
export function buildSpeaker(view: TextView, list: PList, env: BuildEnv): ExtractedSpeaker {
  const closed = list.end !== null;
  const end = list.end ?? lastItemEnd(view.norm, list, view.length, env.memo);
  const items = buildItems(view, list, end, closed, env);
  const lead = list.leadIn;
  const subject = lead?.subject ?? null;
  let name: string | null = null;
  let role: string | null = null;
  if (subject?.kind === 'person') {
    name = subject.name;
    role = subject.role;
  } else if (subject?.kind === 'meeting') {
    name = '会议';
  } else if (subject?.kind === 'first') {
    name = env.options.defaultSpeaker?.name ?? null;
    role = env.options.defaultSpeaker?.role ?? null;
  }
  const count = lead?.count ?? null;
  const first = list.items[0]?.cand;
  const span: [number, number] = lead && lead.end > lead.start
    ? view.rawSpan(lead.start, trimEnd(view.norm, lead.start, lead.end))
    : view.rawSpan(first?.start ?? 0, first?.markerEnd ?? 0);
  // While a list is still open only too many points is a mismatch; fewer may still come.
  const mismatch = count !== null && (closed ? count !== items.length : items.length > count);
  return { name, role, announced_count: count, count_mismatch: mismatch, items, span };
}
