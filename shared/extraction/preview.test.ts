/**
 * Live preview (`preview.ts`): a confirmed list's next point opens as soon as its headline
 * sentence is final, and never shows a point the settled walk does not keep.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createExtractor, extract } from './index.ts';
import { stripPunctuation } from './evaluation/scoring.ts';
import { ALL_HELDOUT, fixtureTexts, runPushes as run } from './testing/test-support.ts';
import type { ExtractionResult, ExtractorEvent } from './types.ts';

const SPEECH = ['下面我讲七点要求。', '第一，要精心组织部署。', '各单位要抓好宣传发动工作。', '第二，要走访听取意见。',
  '第三，要真抓实改问题。', '第四，要建立长效机制。', '第五，要加强舆论引导。', '第六，要强化督导检查。',
  '第七，要严肃追究问责。', '对敷衍塞责的，纪委要严肃处理。', '好，我就讲这些。'];

/** Every item:opened must name a point that the final result has, with the same marker. */
function ghosts(events: ExtractorEvent[], final: ExtractionResult): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type !== 'item:opened') continue;
    let items = final.speakers[e.listIndex]?.items ?? [];
    let found = null;
    for (const i of e.path) {
      found = items[i] ?? null;
      items = found?.children ?? [];
    }
    if (!found || found.marker !== e.item.marker) out.push(`${e.listIndex}/${e.path.join('.')} ${e.item.marker}`);
  }
  return out;
}

function texts(): string[] {
  const all = [...fixtureTexts().map(([, text]) => text), ...ALL_HELDOUT.map((c) => c.text)];
  return [...all, ...all.map(stripPunctuation)];
}

describe('live preview of the next point', () => {
  it('opens 第七 as soon as its sentence is pushed', () => {
    const ex = createExtractor();
    let opened = -1;
    SPEECH.forEach((seg, k) => {
      for (const e of ex.push(seg)) {
        if (e.type === 'item:opened' && e.item.marker === '第七') opened = k;
      }
    });
    expect(opened).toBe(SPEECH.indexOf('第七，要严肃追究问责。'));
    ex.end();
    expect(ex.result()).toEqual(extract(SPEECH.join('')));
  });

  it('does not preview the first point of an unconfirmed list', () => {
    const ex = createExtractor();
    const events = [...ex.push('今年以来，全县工作总体平稳。'), ...ex.push('一是社会大局稳定。')];
    expect(events.filter((e) => e.type === 'item:opened')).toEqual([]);
  });

  it('never opens a point the final result does not have (sentence segments and random chunks)', () => {
    const all = texts();
    for (const text of all) {
      const segments = text.match(/[^。；！？\n]*[。；！？\n]|[^。；！？\n]{1,24}/g) ?? [];
      const r = run(segments);
      expect(r.result).toEqual(extract(text));
      expect(ghosts(r.events, r.result)).toEqual([]);
    }
    fc.assert(fc.property(fc.constantFrom(...all), fc.integer({ min: 3, max: 40 }), (text, n) => {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += n) pieces.push(text.slice(i, i + n));
      const r = run(pieces);
      expect(ghosts(r.events, r.result)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('never opens a ghost point in random marker soup', () => {
    const TOKENS = ['第一', '第二', '第三', '一是', '二是', '三是', '一要', '二要', '一、', '二、', '(一)', '（二）', '1.', '2、',
      '首先', '其次', '最后', '，', '。', '；', '：', '\n', '会议要求：', '王局长强调，', '我讲三点意见。', '各单位要', '加强领导',
      '第一次', '安全第一', '有一是一', '取得成效。', '谢谢大家', '随后，', '一', '二', '要', '了', '第十一', '总之'];
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((parts) => parts.join(''));
    fc.assert(fc.property(soup, fc.integer({ min: 1, max: 20 }), (text, n) => {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += n) pieces.push(text.slice(i, i + n));
      const r = run(pieces);
      expect(r.result).toEqual(extract(text));
      expect(ghosts(r.events, r.result)).toEqual([]);
    }), { numRuns: 400 });
  });
});
