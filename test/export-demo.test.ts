/**
 * Acceptance for the exports: `export:demo`'s meeting (the seven-points WAV through the real
 * recogniser with the lookup test model, venues on time / late / absent acknowledging), then
 * every file it wrote opened again from disk and checked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TITLE, runExportDemo, type ExportDemoResult } from '../server/cli/lib/export-demo.ts';
import { EXPORT_KINDS } from '../server/exports/catalogue.ts';
import { parseSrt } from '../server/exports/testing/parse-srt.ts';
import { attrs, entry, paragraphs, readPackage, styleXml } from '../server/exports/testing/read-package.ts';
import { fixturePath, testModelsDir } from './env.ts';

const HEADLINES = ['要精心组织部署', '要走访听取意见', '要真抓实改问题', '要加强队伍管理', '要形成宣传声势', '要组织民警参与', '要严肃追究问责'];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

let dir: string;
let result: ExportDemoResult;
const file = (label: string, ext: string): Uint8Array => {
  const name = result.files.find((f) => f.file.endsWith(` ${label}.${ext}`))?.file;
  if (!name) throw new Error(`no ${label}.${ext} in ${result.files.map((f) => f.file).join(', ')}`);
  return new Uint8Array(fs.readFileSync(path.join(dir, name)));
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer type; a Node Buffer over the same bytes is what it reads.
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-exports-'));
  result = await runExportDemo({
    outDir: dir,
    audioFile: fixturePath('audio', 'speech-seven-points.wav'),
    model: 'test/whisper-lookup-zh',
    modelsDir: testModelsDir(),
    speed: 8,
  });
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('export:demo', () => {
  it('runs the meeting: seven requirements, four venues acknowledged all, one absent', () => {
    expect(result.requirements).toEqual(HEADLINES.map((h, i) => `第${'一二三四五六七'[i]} ${h}`));
    expect(result.venues.map((v) => [v.role, v.acks])).toEqual([['on time', 7], ['on time', 7], ['on time', 7], ['late', 7], ['absent', 0]]);
  });

  it('writes every export under its Chinese name', () => {
    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(result.files.map((f) => f.file).sort());
    expect(names).toHaveLength(EXPORT_KINDS.length);
    for (const n of names) expect(n).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d ${DEMO_TITLE} (纪要|督办台账|落实情况|文字记录|字幕)\\.(docx|md|xlsx|csv|txt|srt)$`));
  });
});

describe('the files, opened again', () => {
  it('纪要.docx: GB/T 9704 page, fonts, footers and the seven headlines', () => {
    const pkg = readPackage(file('纪要', 'docx'));
    const doc = entry(pkg, 'word/document.xml');
    expect(attrs(doc, 'w:pgSz')).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(attrs(doc, 'w:pgMar')).toMatchObject({ 'w:top': '2098', 'w:left': '1588' });
    expect(attrs(doc, 'w:docGrid')).toMatchObject({ 'w:linePitch': '579' });
    const styles = entry(pkg, 'word/styles.xml');
    expect(attrs(styleXml(styles, 'GbBody'), 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋' });
    expect(attrs(styleXml(styles, 'GbTitle'), 'w:rFonts')).toMatchObject({ 'w:eastAsia': '方正小标宋简体' });
    const footers = [...pkg.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => entry(pkg, k));
    expect(footers).toHaveLength(2);
    for (const f of footers) expect(paragraphs(f)[0]?.text).toBe('—  —');
    expect(footers.map((f) => attrs(f, 'w:jc')?.['w:val']).sort()).toEqual(['left', 'right']);

    const ps = paragraphs(doc).filter((p) => p.text);
    expect(ps[0]?.text).toBe(`${DEMO_TITLE}纪要`);
    expect(ps[1]?.text).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日(上午|下午|晚上)，市公安局召开全市推进两为整治工作电视电话会议。/);
    expect(ps[1]?.text).toContain('会议在市公安局指挥中心设主会场，设五个分会场，实到四个。会议由王国强副局长主持并讲话，就推进两为整治工作提出七点要求。现将会议议定事项纪要如下：');
    const heads = ps.filter((p) => p.runs[0]?.eastAsia === '楷体').map((p) => p.runs[0]?.text.replace(/^（.+?）/, '').replace(/[。，]$/, ''));
    expect(heads).toEqual(HEADLINES);
    expect(ps.at(-2)?.text).toMatch(/^出席：市公安局指挥中心、东城分局、西城分局、南湖分局、北山县公安局（\d\d:\d\d接入）$/);
    expect(ps.at(-1)?.text).toBe('请假：开发区分局');
    expect(ps.at(-1)?.runs.map((r) => r.eastAsia)).toEqual(['黑体', '仿宋']);
  });

  it('纪要.md and 文字记录: the same content as text', () => {
    const md = text(file('纪要', 'md'));
    expect(md.startsWith(`# ${DEMO_TITLE}纪要\n`)).toBe(true);
    for (const [i, h] of HEADLINES.entries()) expect(md).toContain(`**（${'一二三四五六七'[i]}）${h}**`);
    const txt = file('文字记录', 'txt');
    expect([...txt.slice(0, 3)]).toEqual(UTF8_BOM);
    expect(text(txt)).toMatch(/^\[\d\d:\d\d:\d\d\] 王国强（副局长）\r$/m);
    expect(text(txt)).toContain('第七，要严肃追究问责。');
    const record = paragraphs(entry(readPackage(file('文字记录', 'docx')), 'word/document.xml')).map((p) => p.text).join('\n');
    expect(record).toContain(`${DEMO_TITLE}文字记录`);
    expect(record).toContain('王国强（副局长）：下面，我就推进两为整治工作讲七点要求。');
  });

  it('字幕.srt: cues in order within the 67 s of audio, speaker named', () => {
    const cues = parseSrt(text(file('字幕', 'srt')));
    expect(cues.length).toBeGreaterThanOrEqual(10);
    expect(cues.map((c) => c.n)).toEqual(cues.map((_, i) => i + 1));
    for (const [i, c] of cues.entries()) {
      expect(c.endMs).toBeGreaterThan(c.startMs);
      expect(c.endMs).toBeLessThanOrEqual(68_000);
      if (i > 0) expect(c.startMs).toBeGreaterThanOrEqual(cues[i - 1]?.endMs ?? 0);
    }
    expect(cues[0]?.lines.join('')).toBe('王国强：下面，我就推进两为整治工作讲七点要求。');
  });

  it('督办台账.xlsx/.csv: header, frozen row, dropdown, one row per requirement and unit', async () => {
    const ws = (await workbook(file('督办台账', 'xlsx'))).getWorksheet('督办台账');
    expect((ws?.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '议定事项', '纪要位置', '牵头单位', '配合单位', '完成时限', '办理状态', '备注']);
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: ['"待办理,办理中,已办结,逾期"'] });
    expect(ws?.actualRowCount).toBe(1 + 8); // 第一 names two units
    expect(ws?.getCell('F3').value).toBe('');
    expect(ws?.getCell('F4').value).toBe('十月三十号');
    const csv = file('督办台账', 'csv');
    expect([...csv.slice(0, 3)]).toEqual(UTF8_BOM);
    expect(text(csv).split('\r\n')).toHaveLength(1 + 8 + 1);
  });

  it('落实情况.xlsx/.csv: venue × requirement with times, the late and the absent venue', async () => {
    const csv = file('落实情况', 'csv');
    expect([...csv.slice(0, 3)]).toEqual(UTF8_BOM);
    const rows = text(csv).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['会场', '上级会场', '参会情况', '纪要位置', '要求', '收到时间', '已传达时间', '状态']);
    expect(rows).toHaveLength(1 + 5 * 7);
    const of = (venue: string) => rows.filter((r) => r[0] === venue);
    expect(of('东城分局').every((r) => r[7] === '已传达' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r[6] ?? ''))).toBe(true);
    expect(of('南湖分局').every((r) => r[7] === '已收到' && r[6] === '')).toBe(true);
    expect(of('北山县公安局').every((r) => /^迟到（\d\d:\d\d接入）$/.test(r[2] ?? '') && r[7] === '已收到')).toBe(true);
    expect(of('开发区分局').every((r) => r[2] === '缺席' && r[7] === '未确认')).toBe(true);
    const wb = await workbook(file('落实情况', 'xlsx'));
    const missing = wb.getWorksheet('未确认会场');
    expect(missing?.actualRowCount).toBe(2);
    expect([missing?.getCell('A2').value, missing?.getCell('D2').value]).toEqual(['开发区分局', 7]);
  });
});
