import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_LOOKAHEAD } from './assemble.ts';
import { createExtractor, extract } from './index.ts';
import { stripPunctuation } from './evaluation/scoring.ts';
import { loadSpeeches } from '../../server/cli/lib/corpus.ts';
import { fixturesDir } from '../../test/env.ts';
import { fixtureTexts, runPushes } from './testing/test-support.ts';
import type { ExtractorEvent } from './types.ts';

const SPEECH = '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要抓好宣传发动工作。'
  + '第二，要走访听取意见。到十月三十号，这项工作就要全部完成。第三，要真抓实改问题。好，我就讲这些。';

/** Splits `text` at the given cut points (sorted, deduplicated, in range). */
function chunk(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

describe('incremental extraction equals one-shot for any chunking', () => {
  const texts = fixtureTexts();
  it('covers every fixture text', () => expect(texts.length).toBeGreaterThanOrEqual(10));
  for (const [name, raw] of texts) {
    for (const variant of ['punctuated', 'stripped'] as const) {
      const text = variant === 'stripped' ? stripPunctuation(raw) : raw;
      it(`${name} (${variant})`, () => {
        const want = extract(text);
        fc.assert(
          fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 60 }), (cuts) => {
            expect(runPushes(chunk(text, cuts)).result).toEqual(want);
          }),
          { numRuns: 25 },
        );
        // Extreme chunkings: one character at a time, and a single push.
        expect(runPushes([...text]).result).toEqual(want);
        expect(runPushes([text]).result).toEqual(want);
      });
    }
  }
});

describe('events', () => {
  const { events } = runPushes(chunk(SPEECH, Array.from({ length: SPEECH.length / 5 }, (_, i) => i * 5)));
  const kinds = events.map((e) => ('path' in e ? `${e.type}@${e.path.join('.')}` : e.type));

  it('opens the list once, each item once, closes each once', () => {
    expect(kinds.filter((k) => k === 'list:opened')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'list:closed')).toHaveLength(1);
    for (const p of ['0', '1', '2']) {
      expect(kinds.filter((k) => k === `item:opened@${p}`)).toHaveLength(1);
      expect(kinds.filter((k) => k === `item:closed@${p}`)).toHaveLength(1);
    }
  });

  it('orders opened < updated < closed per item and closes the list last', () => {
    for (const p of ['0', '1', '2']) {
      const opened = kinds.indexOf(`item:opened@${p}`);
      const closed = kinds.indexOf(`item:closed@${p}`);
      expect(opened).toBeLessThan(closed);
      kinds.forEach((k, i) => {
        if (k === `item:updated@${p}`) expect(i > opened && i < closed).toBe(true);
      });
    }
    expect(kinds.at(-1)).toBe('list:closed');
  });

  it('never reports a trap (第一次…) as an item, even while it is the newest text', () => {
    const ex = createExtractor();
    const seen: ExtractorEvent[] = [];
    for (const ch of '第一次会议以来，第一书记和第一责任人都到了。') seen.push(...ex.push(ch));
    seen.push(...ex.end());
    expect(seen).toEqual([]);
  });

  it('the last items and the list close as soon as the closing phrase is settled', () => {
    const ex = createExtractor();
    const seen: ExtractorEvent[] = [];
    for (const ch of `${SPEECH}请大家认真抓好落实，会后各单位要及时把会议精神传达下去，确保各项工作落到实处。`) seen.push(...ex.push(ch));
    expect(seen.some((e) => e.type === 'list:closed')).toBe(true);
  });
});

describe('work per push is bounded', () => {
  it('leaves only the lookahead window undecided, however long the open sections are', () => {
    const seed = fs.readFileSync(new URL('./fixtures/seed-1.txt', import.meta.url), 'utf8');
    for (const speech of [seed.repeat(6), stripPunctuation(seed).repeat(6)]) {
      const ex = createExtractor();
      let worst = 0;
      for (let i = 0; i < speech.length; i += 10) {
        ex.push(speech.slice(i, i + 10));
        worst = Math.max(worst, ex.pendingChars());
      }
      ex.end();
      // A marker that straddles the window's edge is read whole: a few chars more at most.
      expect(worst).toBeLessThanOrEqual(WINDOW_LOOKAHEAD + 10);
      expect(ex.result()).toEqual(extract(speech));
    }
  });
});

describe('the rules read a window, not the whole transcript', () => {
  // The speeches one after another, well past V8's large-string size (64k two-byte chars).
  const speeches = loadSpeeches(fixturesDir()).map((s) => s.text);
  const long = (strip: boolean): string => {
    const one = speeches.map((t) => (strip ? stripPunctuation(t) : t)).join(strip ? '' : '\n');
    return (one + one).slice(0, 90_000);
  };
  for (const strip of [false, true]) {
    it(`${strip ? 'stripped' : 'punctuated'}: the window moves on between lists, and the result equals one-shot`, () => {
      const text = long(strip);
      const ex = createExtractor();
      let widest = 0;
      for (let i = 0; i < text.length; i += 37) {
        ex.push(text.slice(i, i + 37));
        widest = Math.max(widest, ex.windowChars());
      }
      // Bounded by the longest stretch with a list open (plus the margin), not the transcript.
      expect(widest).toBeLessThan(text.length / 3);
      const peeked = ex.peek('下面我讲两点意见');
      ex.end();
      expect(ex.result()).toEqual(extract(text));
      // peek after the window moved: every list settled so far, nothing broken.
      expect(peeked.speakers.length).toBeGreaterThan(5);
    });
  }
  it('segments with pauses: any chunking gives the same result, spans stay raw offsets of the whole text', () => {
    const text = long(true);
    const segments = text.match(/.{1,29}/g) ?? [];
    const live = (size: number): ReturnType<typeof extract> => {
      const ex = createExtractor();
      for (const seg of segments) {
        for (let i = 0; i < seg.length; i += size) ex.push(seg.slice(i, i + size), { boundary: i + size >= seg.length });
      }
      ex.end();
      return ex.result();
    };
    const whole = live(Infinity);
    expect(live(7)).toEqual(whole);
    const items = whole.speakers.flatMap((s) => s.items);
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) expect(text.slice(item.span[0], item.span[0] + item.marker.length)).toBe(item.marker);
  });
});

describe('random marker soup', () => {
  const TOKENS = ['第一', '第二', '第三', '一是', '二是', '三是', '一要', '二要', '一、', '二、', '(一)', '（二）', '1.', '2、', '3）',
    '首先', '其次', '再次', '最后', '，', '。', '；', '：', '\n', ' ', '会议要求：', '王局长强调，', '我讲三点意见。', '各单位要',
    '加强领导', '落实责任', '10月30日前', '下周', '总之', '第一次', '安全第一', '有一是一', '取得成效。', '吁小平常务副局长',
    '市局宣传部门要', '谢谢大家', '随后，', '一', '二', '提出三点', '要', '了', '第十一', '兩點', '講'];
  const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((parts) => parts.join(''));

  it('never throws and any chunking equals one-shot', () => {
    fc.assert(
      fc.property(soup, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 40 }), (text, sizes) => {
        const want = extract(text);
        // Chunk sizes cycle through `sizes`: many small pushes, as in a live meeting.
        const pieces: string[] = [];
        for (let i = 0, k = 0; i < text.length; k++) {
          const n = sizes[k % sizes.length] ?? 1;
          pieces.push(text.slice(i, i + n));
          i += n;
        }
        expect(runPushes(pieces).result).toEqual(want);
        for (const s of want.speakers) {
          for (const item of s.items) {
            expect(text.slice(item.span[0], item.span[1]).startsWith(item.marker)).toBe(true);
            expect(text.includes(item.headline)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  // Found by the soup: a checkpoint kept the 最后 of the resumed item; a memoised stop was
  // reported before what triggered it.
  for (const text of ['两点一要:最后;第二一要。要10月30要会议要求:王局长强调,:2、。(一)',
    '1.兩點：一要总之(一)：市局宣传部门要(一)二是谢谢大家各单位要3）：会议要求：一']) {
    it(`regression: ${text.slice(0, 12)}…`, () => {
      const want = extract(text);
      for (const n of [1, 2, 3, 4, 5, 7]) {
        const pieces: string[] = [];
        for (let i = 0; i < text.length; i += n) pieces.push(text.slice(i, i + n));
        expect(runPushes(pieces).result).toEqual(want);
      }
      expect(runPushes(['1.兩', '點：', '一要总之', '(一', ')：市局', '宣', '传部', '门要', '(一', ')', '二', '是谢', '谢大家', '各单', '位要', '3）：', '会', '议', '要', '求：一']).result)
        .toEqual(extract('1.兩點：一要总之(一)：市局宣传部门要(一)二是谢谢大家各单位要3）：会议要求：一'));
    });
  }

  it('handles empty and degenerate input', () => {
    expect(extract('')).toEqual({ speakers: [] });
    expect(extract('。。。，，，\n\n')).toEqual({ speakers: [] });
    expect(runPushes(['', '', '']).result).toEqual({ speakers: [] });
    expect(() => extract('😀第一，😀要😀。第二，要。')).not.toThrow();
  });
});

describe('pauses (push boundaries)', () => {
  /** Splits `text` into segments at `cuts`; each segment is then pushed in pieces of `size`, the pause on its last piece. */
  function pushWithPauses(segments: string[], size: number): ReturnType<typeof createExtractor> {
    const ex = createExtractor();
    for (const seg of segments) {
      if (seg === '') continue;
      for (let i = 0; i < seg.length; i += size) ex.push(seg.slice(i, i + size), { boundary: i + size >= seg.length });
    }
    ex.end();
    return ex;
  }
  const texts = fixtureTexts().map(([, raw]) => stripPunctuation(raw));
  it('any chunking that keeps the same pauses gives the same result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 30 }),
        (text, cuts, size) => {
          const segments = chunk(text, cuts);
          expect(pushWithPauses(segments, size).result()).toEqual(pushWithPauses(segments, Infinity).result());
        }),
      { numRuns: 40 },
    );
  });
  it('a pause right after punctuation changes nothing', () => {
    const segments = SPEECH.match(/[^。]*。/g) ?? [];
    expect(pushWithPauses(segments, 4).result()).toEqual(extract(SPEECH));
  });
});

describe('whole speeches', () => {
  const speeches = loadSpeeches(fixturesDir()).map((s) => s.text);
  it('covers the 16 speeches', () => expect(speeches).toHaveLength(16));
  it('pushed in small pieces, punctuated or stripped, equal one-shot and open no point the result lacks', () => {
    for (const raw of speeches) {
      for (const text of [raw, stripPunctuation(raw)]) {
        const want = extract(text);
        for (const n of [7, 23]) {
          const pieces: string[] = [];
          for (let i = 0; i < text.length; i += n) pieces.push(text.slice(i, i + n));
          const { events, result } = runPushes(pieces);
          expect(result).toEqual(want);
          for (const e of events) {
            if (e.type !== 'item:opened') continue;
            let items = result.speakers[e.listIndex]?.items ?? [];
            let found = null;
            for (const i of e.path) {
              found = items[i] ?? null;
              items = found?.children ?? [];
            }
            expect(found?.marker).toBe(e.item.marker);
          }
        }
      }
    }
  });
});
