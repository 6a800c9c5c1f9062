/** File names and Content-Disposition for downloads; Markdown escaping. */
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS, asciiFileName, contentDisposition, exportFileName, exportKind, rfc5987 } from './catalogue.ts';
import { minutesMarkdown, escapeMarkdown } from './minutes-markdown.ts';
import { generateMinutesDraft } from './minutes-draft.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';

const kind = (name: string) => {
  const k = exportKind(name);
  if (!k) throw new Error(name);
  return k;
};

describe('file names', () => {
  it('are `date title label.ext` in Chinese, with an ASCII fallback', () => {
    const s = sampleSnapshot();
    expect(exportFileName(s, kind('minutes.docx'))).toBe('2026-12-03 全市森林防火工作电视电话会议 纪要.docx');
    expect(exportFileName(s, kind('ledger.xlsx'))).toBe('2026-12-03 全市森林防火工作电视电话会议 督办台账.xlsx');
    expect(asciiFileName(s, kind('transcript.srt'))).toBe('luoshi-2026-12-03-subtitles.srt');
    expect(new Set(EXPORT_KINDS.map((k) => exportFileName(s, k))).size).toBe(EXPORT_KINDS.length);
  });

  it('use the China date of the meeting start, and drop characters file systems refuse', () => {
    const s = sampleSnapshot();
    s.meeting.startedAt = '2026-12-02T16:30:00.000Z'; // 00:30 on the 3rd in China
    s.meeting.title = '关于"安全/生产"的会议: 第*1*次\n';
    expect(exportFileName(s, kind('minutes.md'))).toBe('2026-12-03 关于 安全 生产 的会议 第 1 次 纪要.md');
  });

  it('go into Content-Disposition per RFC 6266/5987', () => {
    const header = contentDisposition(sampleSnapshot(), kind('minutes.docx'));
    expect(header).toMatch(/^attachment; filename="luoshi-2026-12-03-minutes\.docx"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '';
    expect(encoded).toMatch(/^[A-Za-z0-9%._~-]+$/); // only attr-chars and percent escapes
    expect(decodeURIComponent(encoded)).toBe('2026-12-03 全市森林防火工作电视电话会议 纪要.docx');
    expect(rfc5987("a'(b)*")).toBe('a%27%28b%29%2A');
  });
});

describe('markdown', () => {
  it('escapes syntax in transcribed text and keeps emphasis closed before CJK text', () => {
    expect(escapeMarkdown('a*b_c [x](y) #1')).toBe('a\\*b\\_c \\[x\\](y) \\#1');
    const md = minutesMarkdown(generateMinutesDraft(sampleSnapshot()));
    expect(md).toContain('**（一）要压实防火责任**。各县区要落实属地管理责任');
    expect(md).toContain('**出席**：市政府第一会议室、东湖区');
    expect(md.startsWith('# 全市森林防火工作电视电话会议纪要\n')).toBe(true);
  });
});
