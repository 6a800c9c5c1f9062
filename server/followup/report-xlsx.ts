/**
 * 督查通报 as XLSX (pure): sheets 按会议, 按单位 and 任务明细 — the same table conventions as the
 * ledger (frozen filterable header, widths, A4 landscape), overdue figures in red, and package
 * times fixed to the report's `asOf`, so one report always gives the same bytes.
 */
import ExcelJS from 'exceljs';
import { STATUS_FIGURES, percent, type FollowupFigures } from '../../shared/followup/figures.ts';
import { fixPackageTimes } from '../exports/deterministic-zip.ts';
import { dateTime, isoDate } from '../exports/format.ts';
import { COLOURS, addTableSheet, columnLetter, highlight, type TableColumn } from '../exports/xlsx-common.ts';
import type { FollowupReport } from './report.ts';

const FIGURE_COLUMNS: TableColumn[] = [
  { header: '任务数', width: 8, center: true },
  { header: '已办结', width: 8, center: true },
  { header: '办结率', width: 10, center: true },
  { header: '超期未办结', width: 11, center: true },
  { header: '逾期办结', width: 10, center: true },
  { header: '平均逾期天数', width: 12, center: true },
  // Per stored status, in workflow order (已办结 and 超期未办结 above): 待签收 … 待复核. Not 9: exceljs leaves that width out.
  ...STATUS_FIGURES.map((f) => ({ header: f.label, width: 10, center: true })),
];

/** The figure cells of one row, in FIGURE_COLUMNS order. */
export const figureCells = (r: FollowupFigures): (string | number)[] => [
  r.total, r.done, percent(r.completionRate), r.overdue, r.doneLate, r.averageDaysLate, ...STATUS_FIGURES.map((f) => r[f.key]),
];

/** Red fill on the 超期未办结 column where it is above zero. */
function flagOverdue(ws: ExcelJS.Worksheet, firstFigureColumn: number, rows: number): void {
  if (rows === 0) return;
  const col = columnLetter(firstFigureColumn + 3);
  ws.addConditionalFormatting({
    ref: `${col}2:${col}${rows + 1}`,
    rules: [{ type: 'cellIs', operator: 'greaterThan', formulae: ['0'], priority: 1, style: highlight(COLOURS.redFill, COLOURS.redText) }],
  });
}

export async function renderFollowupXlsx(r: FollowupReport): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(Date.parse(r.asOf));
  wb.creator = r.issuer;
  wb.lastModifiedBy = r.issuer;
  wb.created = at;
  wb.modified = at;
  wb.title = r.title;
  wb.company = r.issuer;

  const meetings = addTableSheet(wb, '按会议', r.title, [{ header: '会议', width: 40, wrap: true }, { header: '会议日期', width: 12, center: true }, ...FIGURE_COLUMNS],
    [...r.meetings.map((m) => [m.label, isoDate(m.at), ...figureCells(m)]), ['合计', '', ...figureCells(r.total)]]);
  flagOverdue(meetings, 3, r.meetings.length + 1);

  const units = addTableSheet(wb, '按单位', r.title, [{ header: '单位', width: 24, wrap: true }, ...FIGURE_COLUMNS],
    r.units.map((u) => [u.label, ...figureCells(u)]));
  flagOverdue(units, 2, r.units.length);

  const lines = addTableSheet(wb, '任务明细', r.title, [
    { header: '会议', width: 28, wrap: true },
    { header: '纪要位置', width: 11, center: true },
    { header: '议定事项', width: 36, wrap: true },
    { header: '责任单位', width: 20, wrap: true },
    { header: '完成时限', width: 12, center: true },
    { header: '办理状态', width: 10, center: true },
    { header: '预警', width: 8, center: true },
    { header: '逾期天数', width: 10, center: true },
    { header: '签收时间', width: 19 },
    { header: '办结报送时间', width: 19 },
    { header: '复核办结时间', width: 19 },
  ], r.lines.map((l) => [
    l.meetingTitle, l.position, l.headline, l.unit, l.deadline, l.status, l.warning, l.daysLate ?? '',
    l.signedAt ? dateTime(l.signedAt) : '', l.submittedAt ? dateTime(l.submittedAt) : '', l.closedAt ? dateTime(l.closedAt) : '',
  ]));
  if (r.lines.length > 0) {
    const rule = (text: string, fill: string, font: string, priority: number) => ({ type: 'cellIs' as const, operator: 'equal' as const, formulae: [`"${text}"`], priority, style: highlight(fill, font) });
    lines.addConditionalFormatting({
      ref: `F2:G${r.lines.length + 1}`,
      rules: [rule('已办结', COLOURS.greenFill, COLOURS.greenText, 1), rule('已超期', COLOURS.redFill, COLOURS.redText, 2), rule('超期', COLOURS.redFill, COLOURS.redText, 3), rule('滞后', COLOURS.yellowFill, COLOURS.yellowText, 4)],
    });
  }
  const buffer = await wb.xlsx.writeBuffer();
  return fixPackageTimes(new Uint8Array(buffer), r.asOf);
}
