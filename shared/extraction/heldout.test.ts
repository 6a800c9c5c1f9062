/**
 * Held-out texts (see `testing/heldout-cases.ts`): speakers, announced counts, markers, headline
 * prefixes, responsible parties, deadlines and nesting, one-shot and pushed in sentence-sized
 * segments as the live meeting server does.
 */
import { describe, expect, it } from 'vitest';
import { createExtractor, extract } from './index.ts';
import type { WantItem, WantSpeaker } from './testing/heldout-cases.ts';
import { ALL_HELDOUT as HELDOUT, strip } from './testing/test-support.ts';
import type { ExtractedItem, ExtractedSpeaker, ExtractionResult } from './types.ts';

/** One line per mismatch, so a failing case says exactly what is wrong. */
function problems(got: ExtractionResult, want: WantSpeaker[]): string[] {
  const out: string[] = [];
  if (got.speakers.length !== want.length) out.push(`speakers: ${got.speakers.length} ≠ ${want.length}`);
  want.forEach((w, k) => {
    const s: ExtractedSpeaker | undefined = got.speakers[k];
    if (!s) return;
    if (s.name !== w.name) out.push(`speaker ${k} name: ${s.name} ≠ ${w.name}`);
    if (w.role !== undefined && s.role !== w.role) out.push(`speaker ${k} role: ${s.role} ≠ ${w.role}`);
    if (s.announced_count !== w.count) out.push(`speaker ${k} count: ${s.announced_count} ≠ ${w.count}`);
    if (w.mismatch !== undefined && s.count_mismatch !== w.mismatch) out.push(`speaker ${k} count_mismatch`);
    itemProblems(out, `speaker ${k}`, s.items, w.items);
  });
  return out;
}

function itemProblems(out: string[], path: string, got: ExtractedItem[], want: WantItem[]): void {
  const markers = got.map((x) => x.marker).join(' ');
  if (markers !== want.map((x) => x.marker).join(' ')) out.push(`${path} markers: ${markers}`);
  want.forEach((w, k) => {
    const g = got[k];
    if (!g) return;
    const at = `${path} ${w.marker}`;
    if (!g.headline.startsWith(w.headline)) out.push(`${at} headline: ${g.headline}`);
    if (w.responsible && JSON.stringify(g.responsible) !== JSON.stringify(w.responsible)) {
      out.push(`${at} responsible: ${JSON.stringify(g.responsible)}`);
    }
    if (w.deadline !== undefined && g.deadline !== w.deadline) out.push(`${at} deadline: ${g.deadline}`);
    itemProblems(out, at, g.children, w.children ?? []);
  });
}

/** Live segments: one sentence (or a 20-char run of unpunctuated text) per push. */
function segments(text: string): string[] {
  return text.match(/[^。；！？\n]*[。；！？\n]|[^。；！？\n]{1,20}/g) ?? [];
}

/** Speaker, count and marker tree: what must survive the loss of punctuation. */
function outline(speakers: Array<{ name: string | null; count: number | null; items: Array<{ marker: string; children?: WantItem[] | ExtractedItem[] }> }>): string[] {
  const tree = (items: Array<{ marker: string; children?: WantItem[] | ExtractedItem[] }>): string =>
    items.map((x) => strip(x.marker) + (x.children?.length ? `[${tree(x.children)}]` : '')).join(' ');
  return speakers.map((s) => `${s.name}/${s.count}: ${tree(s.items)}`);
}

describe('held-out meeting texts', () => {
  for (const c of HELDOUT) {
    it(c.name, () => {
      const got = extract(c.text);
      expect(problems(got, c.speakers)).toEqual([]);
      const live = createExtractor();
      for (const seg of segments(c.text)) live.push(seg);
      live.end();
      expect(live.result()).toEqual(got);
    });
  }
  for (const c of HELDOUT.filter((x) => x.stripped !== false)) {
    it(`${c.name} (punctuation stripped)`, () => {
      const got = extract(strip(c.text)).speakers.map((s) => ({ ...s, count: s.announced_count }));
      const want = c.speakers.map((s, k) => ({ ...s, name: c.strippedNames?.[k] ?? (c.strippedNames ? null : s.name) }));
      expect(outline(got)).toEqual(outline(want));
    });
  }
});
