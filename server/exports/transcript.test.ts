/** Transcript paragraphs, TXT, SRT (parsed back: numbering, timings, line lengths) and the verbatim DOCX. */
import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from './samples/sample-snapshot.ts';
import { parseSrt } from './testing/parse-srt.ts';
import { entry, paragraphs, readPackage } from './testing/read-package.ts';
import { renderTranscriptDocx } from './transcript-docx.ts';
import { SRT_LINE_CHARS, renderTranscriptSrt, renderTranscriptTxt, splitForCues, transcriptParagraphs } from './transcript.ts';

describe('transcript paragraphs', () => {
  it('joins a speaker’s segments and starts a new paragraph at a speaker change or a long pause', () => {
    const ps = transcriptParagraphs(sampleSnapshot());
    expect(ps.map((p) => [p.speaker, p.startMs, p.endMs, p.turnStart])).toEqual([
      ['李建华（副市长）', 0, 18000, true],
      ['周明（市应急管理局局长）', 25000, 31000, true],
    ]);
    const s = sampleSnapshot();
    s.segments = s.segments.map((seg) => ({ ...seg, speakerId: 'sp1', startMs: seg.startMs * 2, endMs: seg.endMs * 2 }));
    // pauses of 1.4 s stay in one paragraph, the 14 s pause before the last segment starts a new one
    expect(transcriptParagraphs(s).map((p) => [p.startMs, p.turnStart])).toEqual([[0, true], [50000, false]]);
  });
});

describe('transcript TXT', () => {
  it('has a BOM, the header and timecoded speaker paragraphs', () => {
    const bytes = renderTranscriptTxt(sampleSnapshot());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['全市森林防火工作电视电话会议 文字记录', '时间：2026年12月3日 09:30—10:40', '主办：市人民政府办公室']);
    expect(lines).toContain('[00:00:25] 周明（市应急管理局局长）');
    expect(lines).toContain('我补充两点。一要做好应急准备。物资储备要在本月底前到位。二要强化值班值守。');
  });
});

describe('transcript SRT', () => {
  it('parses back: numbered cues in order, inside each segment, short lines, speaker names', () => {
    const s = sampleSnapshot();
    const cues = parseSrt(new TextDecoder().decode(renderTranscriptSrt(s)));
    expect(cues.map((c) => c.n)).toEqual(cues.map((_, i) => i + 1));
    for (const [i, c] of cues.entries()) {
      expect(c.endMs).toBeGreaterThan(c.startMs);
      if (i > 0) expect(c.startMs).toBeGreaterThanOrEqual(cues[i - 1]?.endMs ?? 0);
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const l of c.lines) expect([...l].length).toBeLessThanOrEqual(SRT_LINE_CHARS);
      expect(s.segments.some((seg) => c.startMs >= seg.startMs && c.endMs <= seg.endMs)).toBe(true);
    }
    expect(cues[0]).toMatchObject({ startMs: 0, endMs: 3200 });
    expect(cues[0]?.lines.join('')).toBe('李建华：下面我就做好今冬明春森林防火工作讲三点意见。');
    // the long third segment is split into two cues that share its span
    const third = cues.filter((c) => c.startMs >= 9800 && c.endMs <= 14200);
    expect(third).toHaveLength(2);
    expect(third[0]?.startMs).toBe(9800);
    expect(third[1]?.endMs).toBe(14200);
    expect(third.map((c) => c.lines.join('')).join('')).toBe('李建华：第二，要加强巡查管控。重点时段要增加巡查频次。一是要加密巡护，林区入口要设卡检查。');
  });

  it('splits text after punctuation, and hard-splits a clause longer than a cue', () => {
    expect(splitForCues('一二三，四五六。七八', 6)).toEqual(['一二三，', '四五六。七八']);
    expect(splitForCues('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });
});

describe('transcript DOCX', () => {
  it('has the title, the date line and one paragraph per transcript paragraph with speaker and timecode', async () => {
    const ps = paragraphs(entry(readPackage(await renderTranscriptDocx(sampleSnapshot())), 'word/document.xml')).filter((p) => p.text);
    expect(ps[0]?.text).toBe('全市森林防火工作电视电话会议文字记录');
    expect(ps[1]?.text).toBe('（2026年12月3日 09:30—10:40）');
    expect(ps[2]?.runs.map((r) => [r.text.slice(0, 12), r.eastAsia])).toEqual([
      ['〔00:00:00〕', '仿宋'],
      ['李建华（副市长）：', '黑体'],
      ['下面我就做好今冬明春森林', '仿宋'],
    ]);
    expect(ps[3]?.text.startsWith('〔00:00:25〕周明（市应急管理局局长）：我补充两点。')).toBe(true);
  });
});
