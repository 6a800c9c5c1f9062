/**
 * 落实情况 (acknowledgement report): every branch venue × requirement with the times it confirmed
 * 收到 and 已传达, the venues that never confirmed, and per-requirement totals. XLSX and CSV.
 */
import { ackStateOf } from '../../shared/protocol/board.ts';
import type { AckKind } from '../../shared/protocol/domain.ts';
import { renderCsv } from './csv.ts';
import { clockTime, dateTime } from './format.ts';
import { buildOutline } from './outline.ts';
import { branchVenues, type ExportSnapshot, type ExportVenue } from './snapshot.ts';
import { COLOURS, addTableSheet, columnLetter, finishWorkbook, highlight, meetingWorkbook, type TableColumn } from './xlsx-common.ts';

/** Confirmation state of one venue for one requirement. */
export type AckState = '已传达' | '已收到' | '待重新确认' | '未确认';

/** One venue × requirement row. */
export interface AckRow {
  venue: string;
  parent: string;
  attendance: string;
  position: string;
  headline: string;
  /** `YYYY-MM-DD HH:MM:SS` (UTC+8) or ''. */
  receivedAt: string;
  relayedAt: string;
  state: AckState;
}

/** A venue that left at least one requirement unconfirmed. */
export interface UnconfirmedVenue {
  venue: string;
  parent: string;
  attendance: string;
  missing: number;
  /** Positions and headlines of the requirements it did not confirm. */
  requirements: string[];
}

/** Column headers of the venue × requirement table (sheet and CSV). */
export const ACK_HEADER = ['会场', '上级会场', '参会情况', '纪要位置', '要求', '收到时间', '已传达时间', '状态'] as const;

/** 出席 / 迟到（09:42接入） / 缺席 */
export function attendanceLabel(v: ExportVenue): string {
  if (v.attendance === 'absent') return '缺席';
  if (v.attendance === 'late') return v.joinedAt ? `迟到（${clockTime(v.joinedAt)}接入）` : '迟到';
  return '出席';
}

/** The report's data: rows in venue order, then the minutes' order; the unconfirmed venues. */
export function ackReport(s: ExportSnapshot): { rows: AckRow[]; unconfirmed: UnconfirmedVenue[] } {
  const items = buildOutline(s).flatMap((sec) => sec.items);
  const at = new Map<string, { at: string; version: number }>();
  for (const a of s.acks) at.set(`${a.venueId}|${a.requirementId}|${a.kind}`, a);
  const confirmation = (venueId: string, requirementId: string, kind: AckKind) => at.get(`${venueId}|${requirementId}|${kind}`) ?? null;
  const names = new Map(s.venues.map((v) => [v.id, v.name]));

  const rows: AckRow[] = [];
  const unconfirmed: UnconfirmedVenue[] = [];
  for (const v of branchVenues(s)) {
    const parent = v.parentId ? (names.get(v.parentId) ?? '') : '';
    const attendance = attendanceLabel(v);
    const missing: string[] = [];
    for (const it of items) {
      const version = it.requirement.version;
      const receivedAck = confirmation(v.id, it.requirement.id, 'received');
      const relayedAck = confirmation(v.id, it.requirement.id, 'relayed');
      const received = receivedAck?.at ?? null;
      const relayed = relayedAck?.at ?? null;
      // A confirmation of an earlier wording does not count: the item changed after it (issue 10;
      // the board's rule, shared/protocol/board.ts).
      const isCurrent = (a: { version: number } | null): boolean => ackStateOf(a ?? undefined, version) === 'current';
      const state: AckState = isCurrent(relayedAck) ? '已传达' : isCurrent(receivedAck) ? '已收到'
        : receivedAck || relayedAck ? '待重新确认' : '未确认';
      const current = state === '已传达' || state === '已收到';
      if (!current) missing.push(`${it.position} ${it.requirement.fields.headline}`);
      rows.push({
        venue: v.name,
        parent,
        attendance,
        position: it.position,
        headline: it.requirement.fields.headline,
        receivedAt: received ? dateTime(received) : '',
        relayedAt: relayed ? dateTime(relayed) : '',
        state,
      });
    }
    if (missing.length > 0) unconfirmed.push({ venue: v.name, parent, attendance, missing: missing.length, requirements: missing });
  }
  return { rows, unconfirmed };
}

const rowCells = (r: AckRow): string[] => [r.venue, r.parent, r.attendance, r.position, r.headline, r.receivedAt, r.relayedAt, r.state];

/** The venue × requirement table as CSV (UTF-8 with BOM); unconfirmed rows say 未确认. */
export function renderAcksCsv(s: ExportSnapshot): Uint8Array {
  return renderCsv(ACK_HEADER, ackReport(s).rows.map(rowCells));
}

const ROW_COLUMNS: TableColumn[] = [
  { header: '会场', width: 20, wrap: true },
  { header: '上级会场', width: 16, wrap: true },
  { header: '参会情况', width: 16, wrap: true },
  { header: '纪要位置', width: 11, center: true },
  { header: '要求', width: 30, wrap: true },
  { header: '收到时间', width: 20, center: true },
  { header: '已传达时间', width: 20, center: true },
  { header: '状态', width: 12, center: true }, // fits 待重新确认
];

const UNCONFIRMED_COLUMNS: TableColumn[] = [
  { header: '会场', width: 20, wrap: true },
  { header: '上级会场', width: 16, wrap: true },
  { header: '参会情况', width: 16, wrap: true },
  { header: '未确认数', width: 10, center: true },
  { header: '未确认的要求', width: 60, wrap: true },
];

const SUMMARY_COLUMNS: TableColumn[] = [
  { header: '纪要位置', width: 11, center: true },
  { header: '要求', width: 30, wrap: true },
  { header: '应确认', width: 8, center: true },
  { header: '已收到', width: 8, center: true },
  { header: '已传达', width: 8, center: true },
  { header: '未确认', width: 8, center: true },
  { header: '未确认会场', width: 50, wrap: true },
];

/** Sheets 落实情况 (rows, coloured by state), 未确认会场, 按要求汇总. */
export async function renderAcksXlsx(s: ExportSnapshot): Promise<Uint8Array> {
  const title = `${s.meeting.title}落实情况`;
  const wb = meetingWorkbook(s, title);
  const { rows, unconfirmed } = ackReport(s);

  const ws = addTableSheet(wb, '落实情况', title, ROW_COLUMNS, rows.map(rowCells));
  if (rows.length > 0) {
    const col = columnLetter(ACK_HEADER.indexOf('状态') + 1);
    const rule = (text: AckState, fill: string, font: string, priority: number) => ({
      type: 'cellIs' as const,
      operator: 'equal' as const,
      formulae: [`"${text}"`],
      priority,
      style: highlight(fill, font),
    });
    ws.addConditionalFormatting({
      ref: `${col}2:${col}${rows.length + 1}`,
      rules: [rule('已传达', COLOURS.greenFill, COLOURS.greenText, 1), rule('已收到', COLOURS.yellowFill, COLOURS.yellowText, 2), rule('未确认', COLOURS.redFill, COLOURS.redText, 3), rule('待重新确认', COLOURS.redFill, COLOURS.redText, 4)],
    });
  }

  addTableSheet(
    wb,
    '未确认会场',
    `${title}（未确认会场）`,
    UNCONFIRMED_COLUMNS,
    unconfirmed.map((u) => [u.venue, u.parent, u.attendance, u.missing, u.requirements.join('\n')]),
  );

  const branches = branchVenues(s).length;
  const summary = buildOutline(s)
    .flatMap((sec) => sec.items)
    .map((it) => {
      const mine = rows.filter((r) => r.position === it.position);
      const confirmed = (r: AckRow) => r.state === '已收到' || r.state === '已传达';
      const missing = mine.filter((r) => !confirmed(r));
      return [
        it.position,
        it.requirement.fields.headline,
        branches,
        mine.filter(confirmed).length,
        mine.filter((r) => r.state === '已传达').length,
        missing.length,
        missing.map((r) => r.venue).join('、'),
      ];
    });
  addTableSheet(wb, '按要求汇总', `${title}（按要求汇总）`, SUMMARY_COLUMNS, summary);
  return finishWorkbook(wb, s);
}
