/** 落实情况: venue × requirement rows, the unconfirmed venues, CSV (BOM, columns) and XLSX read back. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ACK_HEADER, ackReport, renderAcksCsv, renderAcksXlsx } from './acks-report.ts';
import { csvField } from './csv.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';
import { entry, readPackage } from './testing/read-package.ts';
import { addTableSheet } from './xlsx-common.ts';

describe('ackReport', () => {
  it('has every branch venue × requirement with 收到/已传达 times and a state', () => {
    const { rows } = ackReport(sampleSnapshot());
    expect(rows).toHaveLength(4 * 6); // four branch venues, six published requirements
    expect(rows.some((r) => r.venue === '市政府第一会议室')).toBe(false); // the main venue does not acknowledge
    expect(rows[0]).toEqual({
      venue: '东湖区', parent: '', attendance: '出席', position: '一（一）', headline: '要压实防火责任',
      receivedAt: '2026-12-03 09:35:05', relayedAt: '2026-12-03 09:50:00', state: '已传达',
    });
    expect(rows.find((r) => r.venue === '西山县' && r.position === '一（二）')).toMatchObject({ attendance: '迟到（09:42接入）', state: '已收到' });
    expect(rows.filter((r) => r.venue === '北河县').map((r) => [r.attendance, r.state])).toEqual(Array(6).fill(['缺席', '未确认']));
  });

  it('asks for re-confirmation where a venue confirmed an earlier wording of a changed item', () => {
    const s = sampleSnapshot();
    const changed = s.lists[0]?.requirements[0];
    if (!changed) throw new Error('sample has no requirement');
    s.lists[0]?.requirements.splice(0, 1, { ...changed, version: 2 });
    const { rows, unconfirmed } = ackReport(s);
    expect(rows[0]).toMatchObject({ venue: '东湖区', position: '一（一）', state: '待重新确认', receivedAt: '2026-12-03 09:35:05' });
    expect(unconfirmed[0]?.requirements[0]).toBe('一（一） 要压实防火责任');
  });

  it('lists who never confirmed, with what', () => {
    const { unconfirmed } = ackReport(sampleSnapshot());
    expect(unconfirmed.map((u) => [u.venue, u.missing])).toEqual([['东湖区', 3], ['西山县', 5], ['南岭县', 5], ['北河县', 6]]);
    expect(unconfirmed[0]?.requirements).toEqual(['一（二）1 要加密巡护', '二（一） 要做好应急准备', '二（二） 要强化值班值守']);
  });
});

describe('acks CSV', () => {
  it('starts with a UTF-8 BOM, has the header and one line per row, CRLF', () => {
    const bytes = renderAcksCsv(sampleSnapshot());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // strips the BOM
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(ACK_HEADER.join(','));
    expect(lines).toHaveLength(1 + 24 + 1); // header, rows, final empty after the last CRLF
    expect(lines[1]).toBe('东湖区,,出席,一（一）,要压实防火责任,2026-12-03 09:35:05,2026-12-03 09:50:00,已传达');
  });

  it('quotes separators and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe('-3');
  });
});

describe('acks XLSX', () => {
  it('has the rows, the unconfirmed venues and a per-requirement summary', async () => {
    const wb = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer type; a Node Buffer over the same bytes is what it reads.
    await wb.xlsx.load(Buffer.from(await renderAcksXlsx(sampleSnapshot())) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['落实情况', '未确认会场', '按要求汇总']);
    const rows = wb.getWorksheet('落实情况');
    expect((rows?.getRow(1).values as unknown[]).slice(1)).toEqual([...ACK_HEADER]);
    expect(rows?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(rows?.actualRowCount).toBe(25);
    expect(rows?.getCell('H2').value).toBe('已传达');
    const missing = wb.getWorksheet('未确认会场');
    expect(missing?.getCell('A5').value).toBe('北河县');
    expect(missing?.getCell('D5').value).toBe(6);
    const summary = wb.getWorksheet('按要求汇总');
    // 一（一）: 4 venues expected, 2 confirmed (东湖区 relayed, 南岭县 received), 1 relayed, 2 missing
    expect((summary?.getRow(2).values as unknown[]).slice(1)).toEqual(['一（一）', '要压实防火责任', 4, 2, 1, 2, '西山县、北河县']);
  });

  it('writes a width for every column of every sheet (状态 fits 待重新确认)', async () => {
    const bytes = await renderAcksXlsx(sampleSnapshot());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer); // see above
    const widths = (name: string) => wb.getWorksheet(name)?.columns.map((c) => c.width);
    expect(widths('落实情况')).toEqual([20, 16, 16, 11, 30, 20, 20, 12]);
    expect(widths('未确认会场')).toEqual([20, 16, 16, 10, 60]);
    expect(widths('按要求汇总')).toEqual([11, 30, 8, 8, 8, 8, 50]);
    // in the file itself: sheet1 column H and sheet2 column D each have a <col> with a custom width
    const pkg = readPackage(bytes);
    expect(entry(pkg, 'xl/worksheets/sheet1.xml')).toContain('<col min="8" max="8" width="12" customWidth="1"/>');
    expect(entry(pkg, 'xl/worksheets/sheet2.xml')).toContain('<col min="4" max="4" width="10" customWidth="1"/>');
  });

  it('refuses a column width exceljs would leave out of the file (its default, 9)', () => {
    const wb = new ExcelJS.Workbook();
    expect(() => addTableSheet(wb, 'x', 'x', [{ header: '状态', width: 9 }], [])).toThrow(/width 9 would not be written/);
  });
});
