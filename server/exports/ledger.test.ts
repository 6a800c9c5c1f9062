/** 督办台账 rows, and the XLSX read back with exceljs: header, frozen pane, widths, dropdown, colours. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LEDGER_HEADER, LEDGER_STATUSES, NO_UNIT_NOTE, ledgerRows, renderLedgerXlsx } from './ledger.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';
import { COLOURS } from './xlsx-common.ts';
import { entry, readPackage } from './testing/read-package.ts';

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer type; a Node Buffer over the same bytes is what it reads.
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

describe('ledgerRows', () => {
  it('reflects live follow-up status per requirement: closed, overdue, in progress, not started', () => {
    const base = sampleSnapshot();
    const ids = base.lists.flatMap((l) => l.requirements.map((r) => r.id));
    const [a, b, c, d] = ids as [string, string, string, string];
    const tasks = [
      { requirementId: a, status: 'done' as const, overdue: false }, { requirementId: a, status: 'done' as const, overdue: false }, { requirementId: a, status: 'cancelled' as const, overdue: false },
      { requirementId: b, status: 'in_progress' as const, overdue: true }, { requirementId: b, status: 'done' as const, overdue: false },
      { requirementId: c, status: 'pending' as const, overdue: false }, { requirementId: c, status: 'review' as const, overdue: false },
      { requirementId: d, status: 'pending' as const, overdue: false },
    ];
    const rows = ledgerRows({ ...base, tasks });
    const of = (id: string) => rows.filter((r) => r.requirementId === id).map((r) => [r.status, r.note]);
    expect(of(a)).toEqual([['已办结', '办结2/2个单位'], ['已办结', '办结2/2个单位']]);
    expect(of(b)).toEqual([['逾期', `${NO_UNIT_NOTE}；办结1/2个单位，超期1个`]]);
    expect(of(c)).toEqual([['办理中', '办结0/2个单位']]);
    expect(of(d)).toEqual([['待办理', '办结0/1个单位']]);
  });

  it('has one row per requirement and unit: the first unit leads, each further one cooperates', () => {
    const rows = ledgerRows(sampleSnapshot());
    expect(rows.map((r) => [r.number, r.position, r.lead, r.partner, r.deadline, r.note])).toEqual([
      [1, '一（一）', '各县区', '', '12月10日前', ''],
      [2, '一（一）', '各县区', '市林业局', '12月10日前', ''],
      [3, '一（二）', '', '', '', NO_UNIT_NOTE],
      [4, '一（二）1', '市林业局', '', '', ''],
      [5, '一（三）', '市公安局', '', '长期', ''],
      [6, '二（一）', '市应急管理局', '', '本月底前', ''],
      [7, '二（二）', '', '', '', NO_UNIT_NOTE],
    ]);
    expect(rows[0]?.matter).toBe('要压实防火责任。各县区要落实属地管理责任，主要负责同志要亲自部署。');
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['待办理']));
  });
});

describe('ledger XLSX', () => {
  it('reads back with the header, a frozen first row, widths, filters and the rows', async () => {
    const s = sampleSnapshot();
    const wb = await readBack(await renderLedgerXlsx(s));
    const ws = wb.getWorksheet('督办台账');
    if (!ws) throw new Error('sheet 督办台账 missing');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_HEADER]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(40); // 议定事项 wide enough to read
    expect(ws.getCell('B2').alignment?.wrapText).toBe(true);
    expect(ws.autoFilter).toBeTruthy();
    const rows = ledgerRows(s);
    expect(ws.actualRowCount).toBe(rows.length + 1);
    expect(ws.getCell('B2').value).toBe(rows[0]?.matter);
    expect(ws.getCell('C4').value).toBe('一（二）');
    expect(ws.getCell('H4').value).toBe(NO_UNIT_NOTE);
    expect(wb.creator).toBe('市人民政府办公室');
  });

  it('offers 办理状态 as a dropdown list on every data row and spare rows', async () => {
    const ws = (await readBack(await renderLedgerXlsx(sampleSnapshot()))).getWorksheet('督办台账');
    for (const address of ['G2', 'G8', 'G50']) {
      expect(ws?.getCell(address).dataValidation).toMatchObject({ type: 'list', formulae: [`"${LEDGER_STATUSES.join(',')}"`], showErrorMessage: true });
    }
    expect(ws?.getCell('G2').value).toBe('待办理');
  });

  it('colours statuses and rows without a lead unit', async () => {
    const pkg = readPackage(await renderLedgerXlsx(sampleSnapshot()));
    const sheet = entry(pkg, 'xl/worksheets/sheet1.xml').replaceAll('&quot;', '"');
    const fills = [...entry(pkg, 'xl/styles.xml').matchAll(/<dxf>[\s\S]*?<bgColor rgb="(\w+)"\/>[\s\S]*?<\/dxf>/g)].map((m) => m[1]);
    const ruleFill = (formula: string) => {
      const m = new RegExp(`<cfRule [^>]*dxfId="(\\d+)"[^>]*><formula>${formula.replace(/[()]/g, '\\$&')}</formula>`).exec(sheet);
      return m ? fills[Number(m[1])] : undefined;
    };
    expect(ruleFill('"已办结"')).toBe(COLOURS.greenFill);
    expect(ruleFill('"办理中"')).toBe(COLOURS.yellowFill);
    expect(ruleFill('"逾期"')).toBe(COLOURS.redFill);
    expect(ruleFill('LEN(TRIM(D2))=0')).toBe(COLOURS.redFill);
    expect(sheet).toContain('<conditionalFormatting sqref="G2:G108">'); // 7 rows + header + 100 spare rows
    expect(sheet).toContain('<conditionalFormatting sqref="D2:D8">');
  });
});
