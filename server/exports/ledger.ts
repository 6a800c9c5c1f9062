/**
 * 督办台账 (follow-up ledger): one row per requirement and responsible unit, numbered in the
 * minutes' outline, as XLSX (status dropdown, conditional colours) and CSV. The first unit
 * named is the lead (牵头); each further unit gets its own row as 配合 so its progress can be
 * tracked apart.
 */
import { renderCsv } from './csv.ts';
import { splitWording } from './minutes-draft.ts';
import { buildOutline } from './outline.ts';
import type { ExportSnapshot } from './snapshot.ts';
import { COLOURS, addTableSheet, columnLetter, finishWorkbook, highlight, meetingWorkbook, type TableColumn } from './xlsx-common.ts';

/** Column headers, in order. */
export const LEDGER_HEADER = ['序号', '议定事项', '纪要位置', '牵头单位', '配合单位', '完成时限', '办理状态', '备注'] as const;

/** The 办理状态 choices; new rows start at the first. */
export const LEDGER_STATUSES = ['待办理', '办理中', '已办结', '逾期'] as const;

/** Note for a requirement the minutes name no responsible unit for. */
export const NO_UNIT_NOTE = '纪要未明确责任单位';

/** Rows below the data that still get the dropdown and colours, for rows the clerk adds. */
const SPARE_ROWS = 100;

/** One ledger row. */
export interface LedgerRow {
  /** 1-based running number. */
  number: number;
  requirementId: string;
  /** The requirement's wording (headline and text). */
  matter: string;
  /** Position in the minutes, e.g. 一（三）. */
  position: string;
  lead: string;
  /** The unit this row tracks when it is not the lead; '' on the lead's row. */
  partner: string;
  deadline: string;
  status: (typeof LEDGER_STATUSES)[number];
  note: string;
}

/**
 * 办理状态 and progress of a requirement from its follow-up tasks (live status): all closed →
 * 已办结; any overdue → 逾期; any signed → 办理中; else 待办理. Null without tasks.
 */
export function followupStatus(s: ExportSnapshot, requirementId: string): { status: LedgerRow['status']; note: string } | null {
  const tasks = (s.tasks ?? []).filter((t) => t.requirementId === requirementId && t.status !== 'cancelled');
  if (tasks.length === 0) return null;
  const done = tasks.filter((t) => t.status === 'done').length;
  const overdue = tasks.filter((t) => t.overdue).length;
  const started = tasks.some((t) => t.status !== 'pending');
  const status = done === tasks.length ? '已办结' : overdue > 0 ? '逾期' : started ? '办理中' : '待办理';
  return { status, note: `办结${done}/${tasks.length}个单位${overdue > 0 ? `，超期${overdue}个` : ''}` };
}

/** Ledger rows in the minutes' order. */
export function ledgerRows(s: ExportSnapshot): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const section of buildOutline(s)) {
    for (const item of section.items) {
      const f = item.requirement.fields;
      const { headline, body } = splitWording(f.headline, f.text);
      const live = followupStatus(s, item.requirement.id);
      const base = { requirementId: item.requirement.id, matter: `${headline}${body}`, position: item.position, deadline: f.deadline ?? '', status: live?.status ?? LEDGER_STATUSES[0] };
      const note = (own: string) => [own, live?.note ?? ''].filter(Boolean).join('；');
      const [lead, ...partners] = f.responsible;
      if (lead === undefined) {
        rows.push({ ...base, number: rows.length + 1, lead: '', partner: '', note: note(NO_UNIT_NOTE) });
        continue;
      }
      rows.push({ ...base, number: rows.length + 1, lead, partner: '', note: note('') });
      for (const partner of partners) rows.push({ ...base, number: rows.length + 1, lead, partner, note: note('') });
    }
  }
  return rows;
}

const cells = (r: LedgerRow): (string | number)[] => [r.number, r.matter, r.position, r.lead, r.partner, r.deadline, r.status, r.note];

/** The ledger as CSV (UTF-8 with BOM). */
export function renderLedgerCsv(s: ExportSnapshot): Uint8Array {
  return renderCsv(LEDGER_HEADER, ledgerRows(s).map(cells));
}

const COLUMNS: TableColumn[] = [
  { header: '序号', width: 6, center: true },
  { header: '议定事项', width: 50, wrap: true },
  { header: '纪要位置', width: 11, center: true },
  { header: '牵头单位', width: 18, wrap: true },
  { header: '配合单位', width: 18, wrap: true },
  { header: '完成时限', width: 14, wrap: true },
  { header: '办理状态', width: 11, center: true },
  { header: '备注', width: 24, wrap: true },
];

/** The ledger as XLSX: sheet 督办台账, status dropdown, 已办结 green, 办理中 yellow, 逾期 and missing lead red. */
export async function renderLedgerXlsx(s: ExportSnapshot): Promise<Uint8Array> {
  const title = `${s.meeting.title}督办台账`;
  const wb = meetingWorkbook(s, title);
  const rows = ledgerRows(s);
  const ws = addTableSheet(wb, '督办台账', title, COLUMNS, rows.map(cells));

  const last = rows.length + 1 + SPARE_ROWS;
  const statusCol = columnLetter(LEDGER_HEADER.indexOf('办理状态') + 1);
  const leadCol = columnLetter(LEDGER_HEADER.indexOf('牵头单位') + 1);
  for (let r = 2; r <= last; r++) {
    ws.getCell(`${statusCol}${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${LEDGER_STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '办理状态',
      error: `请从列表中选择：${LEDGER_STATUSES.join('、')}`,
    };
  }
  const statusRule = (text: string, fill: string, font: string, priority: number) => ({
    type: 'cellIs' as const,
    operator: 'equal' as const,
    formulae: [`"${text}"`],
    priority,
    style: highlight(fill, font),
  });
  ws.addConditionalFormatting({
    ref: `${statusCol}2:${statusCol}${last}`,
    rules: [
      statusRule('已办结', COLOURS.greenFill, COLOURS.greenText, 1),
      statusRule('办理中', COLOURS.yellowFill, COLOURS.yellowText, 2),
      statusRule('逾期', COLOURS.redFill, COLOURS.redText, 3),
    ],
  });
  if (rows.length > 0) {
    // A requirement without a lead unit cannot be followed up: flag it until the clerk fills it in.
    ws.addConditionalFormatting({
      ref: `${leadCol}2:${leadCol}${rows.length + 1}`,
      rules: [{ type: 'expression', formulae: [`LEN(TRIM(${leadCol}2))=0`], priority: 4, style: highlight(COLOURS.redFill, COLOURS.redText) }],
    });
  }
  return finishWorkbook(wb, s);
}
