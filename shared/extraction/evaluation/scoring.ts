/**
 * Scoring of extraction output against the fixtures' labels (pure; used by `npm run eval:extract`
 * and the fixture tests). Headlines match leniently, as the labels README asks: after removing
 * punctuation and spaces, one is a prefix of the other, or their character-level F1 ≥ 0.5. An item
 * matches only at its own depth (top-level, child, grandchild …), as the speeches README asks: a
 * section's points hung one level too high or too low are wrong. A gold speaker "会议" (the meeting,
 * or the unnamed person speaking in a transcript) accepts a predicted null.
 */
import type { ExtractionResult } from '../types.ts';

/** A labelled item (the fixtures' schema). */
export interface LabelItem {
  ordinal: number;
  marker: string;
  headline: string;
  responsible: string[];
  deadline: string | null;
  children: LabelItem[];
}

export interface LabelSpeaker {
  name: string | null;
  role: string | null;
  announced_count: number | null;
  items: LabelItem[];
}

export interface Label {
  speakers: LabelSpeaker[];
  traps?: string[];
}

/** Raw counts for one text; sum them over a corpus with `addCounts`. */
export interface Counts {
  predItems: number;
  goldItems: number;
  matchedItems: number;
  goldLists: number;
  countCorrect: number;
  speakerCorrect: number;
  respTp: number;
  respFp: number;
  respFn: number;
  deadlineTotal: number;
  deadlineCorrect: number;
  trapTexts: number;
  trapTextsClean: number;
  /** Matched items whose headline equals the gold headline (punctuation aside). */
  headlineExact: number;
  /** … is a shorter prefix of it that ends at a word boundary (a readable heading clause). */
  headlineWordPrefix: number;
  /** … is a shorter prefix of it cut in the middle of a word ("…武汉保卫战武"). */
  headlineMidWord: number;
  /** … runs past the gold headline into the paragraph. */
  headlineOverrun: number;
}

export const ZERO_COUNTS: Counts = {
  predItems: 0, goldItems: 0, matchedItems: 0, goldLists: 0, countCorrect: 0, speakerCorrect: 0,
  respTp: 0, respFp: 0, respFn: 0, deadlineTotal: 0, deadlineCorrect: 0, trapTexts: 0, trapTextsClean: 0,
  headlineExact: 0, headlineWordPrefix: 0, headlineMidWord: 0, headlineOverrun: 0,
};

/** How a matched item's headline relates to the gold one (both without punctuation). */
export type HeadlineFit = 'exact' | 'word-prefix' | 'mid-word' | 'overrun' | 'other';

const words = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Headline quality: equal, a shorter prefix ending at a word boundary of the gold headline (by the
 * built-in ICU word segmenter), a prefix cut inside a word, a run past the gold headline into the
 * paragraph, or another overlap. Word boundaries are the segmenter's, so an unknown compound may
 * count as one word more or less than a reader would split it.
 */
export function headlineFit(pred: string, gold: string): HeadlineFit {
  const a = stripPunctuation(pred);
  const b = stripPunctuation(gold);
  if (a === b) return 'exact';
  if (a.length > b.length && a.startsWith(b)) return 'overrun';
  if (a.length === 0 || !b.startsWith(a)) return 'other';
  for (const w of words.segment(b)) if (w.index === a.length) return 'word-prefix';
  return 'mid-word';
}


/** Text without punctuation, symbols and whitespace (for lenient comparison and stripped copies). */
export function stripPunctuation(text: string): string {
  return text.replace(/[\p{P}\p{S}\s]/gu, '');
}

function charF1(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  const bag = new Map<string, number>();
  for (const ch of b) bag.set(ch, (bag.get(ch) ?? 0) + 1);
  let common = 0;
  for (const ch of a) {
    const n = bag.get(ch) ?? 0;
    if (n > 0) {
      common++;
      bag.set(ch, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / [...a].length;
  const r = common / [...b].length;
  return (2 * p * r) / (p + r);
}

/** Lenient headline match: prefix either way (≥ 2 chars) or character F1 ≥ 0.5. */
export function headlinesMatch(pred: string, gold: string): boolean {
  const a = stripPunctuation(pred);
  const b = stripPunctuation(gold);
  if (a.length >= 2 && b.length >= 2 && (a.startsWith(b) || b.startsWith(a))) return true;
  return charF1(a, b) >= 0.5;
}

interface Flat<T> { item: T; list: number; depth: number }

function flatten<T extends { children: T[] }>(lists: Array<{ items: T[] }>): Array<Flat<T>> {
  const out: Array<Flat<T>> = [];
  const walk = (items: T[], list: number, depth: number): void => {
    for (const item of items) {
      out.push({ item, list, depth });
      walk(item.children, list, depth + 1);
    }
  };
  lists.forEach((l, i) => walk(l.items, i, 0));
  return out;
}

/** Placeholder name of the labels for the meeting or the unnamed person speaking. */
export const MEETING_NAME = '会议';

/** Speaker names agree; a gold "会议" also accepts null (a text-only extractor cannot name the speaker). */
export function speakersMatch(pred: string | null, gold: string | null): boolean {
  if (gold === MEETING_NAME && pred === null) return true;
  return stripPunctuation(pred ?? '') === stripPunctuation(gold ?? '');
}

/** Scores one text. */
export function scoreText(pred: ExtractionResult, gold: Label): Counts {
  const c: Counts = { ...ZERO_COUNTS };
  const p = flatten(pred.speakers);
  const g = flatten(gold.speakers);
  c.predItems = p.length;
  c.goldItems = g.length;
  if (gold.speakers.length === 0) {
    c.trapTexts = 1;
    c.trapTextsClean = p.length === 0 ? 1 : 0;
  }
  const used = new Set<number>();
  const fits = (k: number, gi: Flat<LabelItem>): boolean => {
    const pk = p[k];
    return pk !== undefined && !used.has(k) && pk.depth === gi.depth && headlinesMatch(pk.item.headline, gi.item.headline);
  };
  // votes[goldList] → predicted list index → matched items
  const votes = gold.speakers.map(() => new Map<number, number>());
  let from = 0;
  for (const gi of g) {
    let found = -1;
    for (let k = from; k < p.length && found === -1; k++) if (fits(k, gi)) found = k;
    for (let k = 0; k < from && found === -1; k++) if (fits(k, gi)) found = k;
    if (found === -1) {
      c.respFn += gi.item.responsible.length;
      continue;
    }
    used.add(found);
    from = found + 1;
    const pi = p[found];
    if (!pi) continue;
    c.matchedItems++;
    const vote = votes[gi.list];
    vote?.set(pi.list, (vote.get(pi.list) ?? 0) + 1);
    const goldResp = new Set(gi.item.responsible.map(stripPunctuation));
    const predResp = new Set(pi.item.responsible.map(stripPunctuation));
    for (const r of predResp) if (goldResp.has(r)) c.respTp++; else c.respFp++;
    for (const r of goldResp) if (!predResp.has(r)) c.respFn++;
    const fit = headlineFit(pi.item.headline, gi.item.headline);
    if (fit === 'exact') c.headlineExact++;
    else if (fit === 'word-prefix') c.headlineWordPrefix++;
    else if (fit === 'mid-word') c.headlineMidWord++;
    else if (fit === 'overrun') c.headlineOverrun++;
    c.deadlineTotal++;
    const gd = gi.item.deadline === null ? null : stripPunctuation(gi.item.deadline);
    const pd = pi.item.deadline === null ? null : stripPunctuation(pi.item.deadline);
    if (gd === pd) c.deadlineCorrect++;
  }
  for (const k of p.keys()) if (!used.has(k)) c.respFp += p[k]?.item.responsible.length ?? 0;
  gold.speakers.forEach((gs, i) => {
    c.goldLists++;
    const vote = votes[i];
    let best = -1;
    let bestVotes = 0;
    for (const [list, n] of vote ?? []) if (n > bestVotes) [best, bestVotes] = [list, n];
    const ps = pred.speakers[best];
    if (!ps) return;
    if (ps.announced_count === gs.announced_count) c.countCorrect++;
    if (speakersMatch(ps.name, gs.name)) c.speakerCorrect++;
  });
  return c;
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(out) as Array<keyof Counts>) out[k] = a[k] + b[k];
  return out;
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

/** Summary metrics of summed counts. */
export function summarize(c: Counts): Record<string, number | string> {
  const precision = ratio(c.matchedItems, c.predItems);
  const recall = ratio(c.matchedItems, c.goldItems);
  const f1 = precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 1000) / 1000;
  const rp = ratio(c.respTp, c.respTp + c.respFp);
  const rr = ratio(c.respTp, c.respTp + c.respFn);
  return {
    item_precision: precision,
    item_recall: recall,
    item_f1: f1,
    trap_texts_clean: `${c.trapTextsClean}/${c.trapTexts}`,
    announced_count_accuracy: ratio(c.countCorrect, c.goldLists),
    speaker_accuracy: ratio(c.speakerCorrect, c.goldLists),
    responsible_f1: rp + rr === 0 ? 0 : Math.round(((2 * rp * rr) / (rp + rr)) * 1000) / 1000,
    deadline_accuracy: ratio(c.deadlineCorrect, c.deadlineTotal),
    gold_items: c.goldItems,
    predicted_items: c.predItems,
    // Share of matched items whose headline is the gold one or a prefix of it ending at a word boundary.
    headline_clean: ratio(c.headlineExact + c.headlineWordPrefix, c.matchedItems),
    headline_overrun: c.headlineOverrun,
    headline_mid_word: c.headlineMidWord,
  };
}
