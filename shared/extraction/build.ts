/**
 * Turns assembled lists (normalised offsets) into the output records (raw substrings and spans):
 * marker, headline, text, responsible, deadline, children, speaker.
 */
import { has } from './lexicon.ts';
import { findDeadline } from './deadline.ts';
import { headlineRange } from './headline.ts';
import { isPunctuated } from './markers.ts';
import { lastItemEnd, type PItem, type PList } from './assemble.ts';
import { findResponsible } from './responsible.ts';
import type { StopMemo } from './lead-in.ts';
import type { NormText } from './text-buffer.ts';
import type { ExtractedItem, ExtractedSpeaker, ExtractorOptions } from './types.ts';

const cache = new WeakMap<PItem, { end: number; item: ExtractedItem }>();

function trimEnd(t: string, start: number, end: number): number {
  let e = end;
  while (e > start && has(' \n', t[e - 1])) e--;
  return e;
}

function buildItem(buf: NormText, it: PItem, ordinal: number, end: number): ExtractedItem {
  const hit = cache.get(it);
  if (hit && hit.end === end) return hit.item;
  const t = buf.norm;
  const body = Math.min(it.cand.bodyStart, end);
  const kids = it.children;
  const ownEnd = kids?.items[0] ? Math.max(body, Math.min(end, kids.items[0].cand.start)) : end;
  const punctuated = isPunctuated(t, it.cand.start);
  // An item with no punctuation at all reads like ASR output even inside punctuated text.
  const ownPunct = punctuated && /[,。;:!?、]/.test(t.slice(body, ownEnd));
  const [hs, he] = headlineRange(t, body, ownEnd, ownPunct);
  const deadline = findDeadline(t, body, ownEnd);
  const children = kids ? buildItems(buf, kids, end) : [];
  const stop = trimEnd(t, body, end);
  const item: ExtractedItem = {
    ordinal,
    marker: buf.rawSlice(it.cand.start, it.cand.markerEnd),
    headline: buf.rawSlice(hs, he),
    text: buf.rawSlice(body, stop),
    responsible: findResponsible(t, body, ownEnd, ownPunct).map(([s, e]) => buf.rawSlice(s, e)),
    deadline: deadline ? buf.rawSlice(deadline[0], deadline[1]) : null,
    children,
    span: buf.rawSpan(it.cand.start, Math.max(trimEnd(t, it.cand.start, end), it.cand.markerEnd)),
  };
  cache.set(it, { end, item });
  return item;
}

function buildItems(buf: NormText, list: PList, end: number): ExtractedItem[] {
  return list.items.map((it, i) => {
    const next = list.items[i + 1];
    return buildItem(buf, it, i + 1, next ? next.cand.start : end);
  });
}

/** Output record of a top-level list; open lists get a provisional end. */
export function buildSpeaker(
  buf: NormText, list: PList, options: ExtractorOptions, memo?: StopMemo,
): ExtractedSpeaker {
  const end = list.end ?? lastItemEnd(buf.norm, list, buf.length, memo);
  const items = buildItems(buf, list, end);
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
    name = options.defaultSpeaker?.name ?? null;
    role = options.defaultSpeaker?.role ?? null;
  }
  const count = lead?.count ?? null;
  const first = list.items[0]?.cand;
  const span: [number, number] = lead && lead.end > lead.start
    ? buf.rawSpan(lead.start, trimEnd(buf.norm, lead.start, lead.end))
    : buf.rawSpan(first?.start ?? 0, first?.markerEnd ?? 0);
  // While a list is still open only too many points is a mismatch; fewer may still come.
  const closed = list.end !== null;
  const mismatch = count !== null && (closed ? count !== items.length : items.length > count);
  return { name, role, announced_count: count, count_mismatch: mismatch, items, span };
}
