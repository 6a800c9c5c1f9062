/**
 * Spreadsheet conventions shared by the ledger and the acknowledgement report (exceljs): one
 * table per sheet with a frozen, filterable header row, set column widths, wrapped long text,
 * A4 landscape printing with the header row repeated, and byte-stable packages.
 */
import ExcelJS from 'exceljs';
import { fixPackageTimes } from './deterministic-zip.ts';
import { meetingTime } from './format.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** A column of a table sheet. */
export interface TableColumn {
  header: string;
  /**
   * Width in characters (Excel's unit; a Chinese character counts about two). Not 9: exceljs
   * takes 9 for its default and leaves such a column out of the file (`addTableSheet` refuses it).
   */
  width: number;
  /** Wrap long text (the row grows instead of the column). */
  wrap?: boolean;
  /** Centre short codes and numbers. */
  center?: boolean;
}

/** exceljs's default column width: a column of exactly this width is not written, so Excel shows its own 8.43. */
const EXCELJS_DEFAULT_WIDTH = 9;

/** Solid fills and fonts used for highlights (ARGB). */
export const COLOURS = {
  headerFill: 'FFD9E1F2',
  greenFill: 'FFC6EFCE',
  greenText: 'FF006100',
  yellowFill: 'FFFFEB9C',
  yellowText: 'FF9C5700',
  redFill: 'FFFFC7CE',
  redText: 'FF9C0006',
} as const;

const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** A highlight for conditional formats: fill and text colour. */
export function highlight(fill: string, text: string): Partial<ExcelJS.Style> {
  // Conditional formats (dxf) take a solid fill's colour from bgColor.
  return { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: fill } }, font: { color: { argb: text } } };
}

/** A workbook whose properties come from the meeting (no clock). */
export function meetingWorkbook(s: ExportSnapshot, title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const at = new Date(Date.parse(s.meeting.endedAt ?? meetingTime(s.meeting)));
  wb.creator = s.meeting.organiser;
  wb.lastModifiedBy = s.meeting.organiser;
  wb.created = at;
  wb.modified = at;
  wb.title = title;
  wb.subject = s.meeting.title;
  wb.company = s.meeting.organiser;
  return wb;
}

/** Add a sheet holding one table: header row 1 (frozen, filterable), then `rows`. */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  printTitle: string,
  columns: TableColumn[],
  rows: (string | number | null)[][],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: { oddHeader: `&C&"黑体"&14${printTitle.replaceAll('&', '&&')}`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const unwritten = columns.find((c) => c.width === EXCELJS_DEFAULT_WIDTH);
  if (unwritten) throw new Error(`column ${unwritten.header}: width ${EXCELJS_DEFAULT_WIDTH} would not be written (exceljs's default); use another`);
  ws.columns = columns.map((c) => ({ width: c.width }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.height = 22;
  header.eachCell((cell) => {
    cell.font = { bold: true, name: '宋体', size: 11 };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOURS.headerFill } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  for (const values of rows) {
    const row = ws.addRow(values.map((v) => v ?? ''));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { name: '宋体', size: 11 };
      cell.alignment = { vertical: 'top', wrapText: c.wrap ?? false, horizontal: c.center ? 'center' : 'left' };
      cell.border = BORDER;
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** Column letter of a 1-based column index (A … Z, enough for our tables). */
export const columnLetter = (index: number): string => String.fromCharCode(64 + index);

/** The workbook as XLSX bytes, with package times fixed to the meeting's. */
export async function finishWorkbook(wb: ExcelJS.Workbook, s: ExportSnapshot): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  return fixPackageTimes(new Uint8Array(buffer), s.meeting.endedAt ?? meetingTime(s.meeting));
}
