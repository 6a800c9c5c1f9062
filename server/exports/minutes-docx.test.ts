/**
 * The minutes DOCX, opened again: GB/T 9704 page (A4, margins, line grid), fonts in the eastAsia
 * slot, sizes, the 2-character indent, odd/even page-number footers, and the content in order.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateMinutesDraft } from './minutes-draft.ts';
import { renderMinutesDocx } from './minutes-docx.ts';
import { SAMPLE_HEADLINES, sampleSnapshot } from './samples/sample-snapshot.ts';
import { attrs, entry, paragraphs, readPackage, styleXml } from './testing/read-package.ts';

async function render() {
  return readPackage(await renderMinutesDocx(sampleSnapshot()));
}

describe('minutes DOCX layout', () => {
  it('has the GB/T 9704 page: A4, margins 37/28/35/26 mm, 22 lines of 28.95 pt', async () => {
    const doc = entry(await render(), 'word/document.xml');
    expect(attrs(doc, 'w:pgSz')).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    const margins = attrs(doc, 'w:pgMar');
    expect(margins).toMatchObject({ 'w:top': '2098', 'w:left': '1588' });
    // bottom ≈ 35 mm, right ≈ 26 mm (1 mm ≈ 56.7 twips)
    expect(Number(margins?.['w:bottom'])).toBeGreaterThanOrEqual(1984 - 57);
    expect(Number(margins?.['w:bottom'])).toBeLessThanOrEqual(1984 + 57);
    expect(Number(margins?.['w:right'])).toBeGreaterThanOrEqual(1474 - 57);
    expect(Number(margins?.['w:right'])).toBeLessThanOrEqual(1474 + 57);
    // footer 25.2 mm from the bottom edge: the page number's dash 7 mm below the 版心 (GB/T 9704 7.5;
    // measured on a LibreOffice rendering, see FOOTER_DISTANCE_TWIPS)
    expect(margins?.['w:footer']).toBe('1429');
    expect(attrs(doc, 'w:docGrid')).toMatchObject({ 'w:linePitch': '579' });
    // 22 lines × 579 twips fill the 225 mm 版心
    const textHeight = 16838 - 2098 - Number(margins?.['w:bottom']);
    expect(Math.floor(textHeight / 579)).toBe(22);
  });

  it('sets 三号仿宋 body with eastAsia fonts, exact line spacing and a 2-character indent', async () => {
    const pkg = await render();
    const styles = entry(pkg, 'word/styles.xml');
    const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(styles)?.[1] ?? '';
    expect(attrs(defaults, 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋' });
    expect(attrs(defaults, 'w:sz')).toMatchObject({ 'w:val': '32' });
    const pPrDefault = /<w:pPrDefault>([\s\S]*?)<\/w:pPrDefault>/.exec(defaults)?.[1] ?? '';
    expect(attrs(pPrDefault, 'w:spacing')).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' });
    // characters 0.25 pt narrower: 28 三号 characters per 156 mm line
    const rPrDefault = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(defaults)?.[1] ?? '';
    expect(attrs(rPrDefault, 'w:spacing')).toMatchObject({ 'w:val': '-5' });
    const body = styleXml(styles, 'GbBody');
    expect(attrs(body, 'w:ind')).toMatchObject({ 'w:firstLineChars': '200' });
    expect(attrs(body, 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋' });
    expect(attrs(styleXml(styles, 'GbTitle'), 'w:rFonts')).toMatchObject({ 'w:eastAsia': '方正小标宋简体' });
    expect(attrs(styleXml(styles, 'GbTitle'), 'w:sz')).toMatchObject({ 'w:val': '44' });
    expect(attrs(styleXml(styles, 'GbHeading1'), 'w:rFonts')).toMatchObject({ 'w:eastAsia': '黑体' });
  });

  it('numbers pages "— N —" in 四号宋体, right on odd pages and left on even pages', async () => {
    const pkg = await render();
    const doc = entry(pkg, 'word/document.xml');
    expect(entry(pkg, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const rels = entry(pkg, 'word/_rels/document.xml.rels');
    const footerFile = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(doc)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
      return entry(pkg, `word/${target}`);
    };
    for (const [type, side] of [['default', 'right'], ['even', 'left']] as const) {
      const footer = footerFile(type);
      const [p] = paragraphs(footer);
      // "— ", the PAGE field (no cached result: Word fills it in), " —"
      expect(p?.text).toBe('—  —');
      expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(attrs(p?.pPr ?? '', 'w:jc')).toMatchObject({ 'w:val': side });
      expect(attrs(p?.pPr ?? '', 'w:ind')).toHaveProperty(`w:${side}`);
      expect(p?.runs.every((r) => r.eastAsia === '宋体' && r.size === 28)).toBe(true);
    }
  });
});

describe('minutes DOCX content', () => {
  it('has the title, the opening, one 一、 section per speaker with （一） items, and attendance', async () => {
    const doc = entry(await render(), 'word/document.xml');
    const ps = paragraphs(doc).filter((p) => p.text.length > 0);
    expect(ps[0]).toMatchObject({ style: 'GbTitle', text: '全市森林防火工作电视电话会议纪要' });
    expect(ps[1]?.text).toMatch(/^2026年12月3日上午，市人民政府办公室召开全市森林防火工作电视电话会议。/);
    expect(ps[1]?.text.endsWith('现将会议议定事项纪要如下：')).toBe(true);
    const headings = ps.filter((p) => p.style === 'GbHeading1').map((p) => p.text);
    expect(headings).toEqual(['一、李建华副市长讲话要求', '二、周明市应急管理局局长讲话要求']);

    // Every headline appears once, as the 楷体 head of a （N） paragraph, in order.
    const items = ps.filter((p) => /^（[一二三四五六七八九十]+）/.test(p.text));
    expect(items.map((p) => p.runs[0]?.eastAsia)).toEqual(Array(items.length).fill('楷体'));
    const heads = items.map((p) => p.runs[0]?.text.replace(/^（.+?）/, '').replace(/[。，]$/, ''));
    expect(heads).toEqual(SAMPLE_HEADLINES);
    expect(items[0]?.text).toBe('（一）要压实防火责任。各县区要落实属地管理责任，主要负责同志要亲自部署。（责任单位：各县区、市林业局；完成时限：12月10日前）');
    // the nested item sits under its parent as 1.
    const nested = ps.findIndex((p) => p.text.startsWith('1.要加密巡护'));
    expect(ps[nested - 1]?.text.startsWith('（二）要加强巡查管控')).toBe(true);

    expect(ps.at(-2)?.text).toBe('出席：市政府第一会议室、东湖区、西山县（09:42接入，10:30离开）、南岭县');
    // a venue never online is listed under 请假 (GB/T 9704 has 出席/请假/列席), for the secretary to check
    expect(ps.at(-1)?.text).toBe('请假：北河县');
    // wrapped attendance lines align under the first name: hanging indent = label + colon
    expect(Number(attrs(ps.at(-1)?.pPr ?? '', 'w:ind')?.['w:hanging'])).toBeGreaterThan(0);
  });

  it('sets each attendance label in 三号黑体 and the names in 仿宋 (GB/T 9704 10.3)', async () => {
    const ps = paragraphs(entry(await render(), 'word/document.xml')).filter((p) => p.text.length > 0);
    expect(ps.slice(-2).map((p) => p.runs.map((r) => [r.text, r.eastAsia, r.size]))).toEqual([
      [['出席：', '黑体', 32], ['市政府第一会议室、东湖区、西山县（09:42接入，10:30离开）、南岭县', '仿宋', 32]],
      [['请假：', '黑体', 32], ['北河县', '仿宋', 32]],
    ]);
  });

  it('renders an edited draft instead of the generated one', async () => {
    const s = sampleSnapshot();
    const draft = generateMinutesDraft(s);
    draft.opening = '经研究，现将会议议定事项纪要如下：';
    draft.attendance = [{ label: '列席', text: '市林业局' }];
    const ps = paragraphs(entry(readPackage(await renderMinutesDocx(s, draft)), 'word/document.xml')).filter((p) => p.text);
    expect(ps[1]?.text).toBe('经研究，现将会议议定事项纪要如下：');
    expect(ps.at(-1)?.text).toBe('列席：市林业局');
  });
});

describe('minutes DOCX determinism', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('is byte-identical whatever the clock and the server time zone', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-06-01T10:00:00Z'));
    process.env.TZ = 'UTC';
    const a = await renderMinutesDocx(sampleSnapshot());
    vi.setSystemTime(new Date('2031-01-15T23:59:58Z'));
    process.env.TZ = 'America/New_York';
    const b = await renderMinutesDocx(sampleSnapshot());
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    // the package's own times are the meeting's end, not the clock's
    const core = entry(readPackage(a), 'docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-03T02:40:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-03T02:40:00Z</dcterms:modified>');
    // and so is the first zip entry's MS-DOS time stamp: 2026-12-03 10:40:00 China time
    const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe((10 << 11) | (40 << 5));
    expect(view.getUint16(12, true)).toBe(((2026 - 1980) << 9) | (12 << 5) | 3);
  });
});
