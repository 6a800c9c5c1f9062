/**
 * The host's board: requirement × venue acknowledgement matrix, who has not acknowledged, and
 * the lists' gap warnings. Pure: built from stored records. An acknowledgement counts only for
 * the version it confirmed: after a change, the venue is "missing" again until it re-confirms.
 */
import type { Acknowledgement, Requirement, RequirementList, Venue } from '../../shared/protocol/domain.ts';
import { findListGaps } from '../../shared/requirements/gaps.ts';
import { compareDisplayOrder } from '../../shared/requirements/order.ts';

/** One requirement row of the board. */
export interface BoardRow {
  requirementId: string;
  marker: string;
  headline: string;
  /** Current content version. */
  version: number;
  /** venueId → time of the `received` ack of the current version (ISO-8601). */
  received: Record<string, string>;
  /** venueId → time of the `relayed` ack of the current version (ISO-8601). */
  relayed: Record<string, string>;
  /** Branch venues without a `received` ack of the current version, in venue order. */
  missing: string[];
  /** Of those, the venues that confirmed an earlier version (shown "已更新，请重新确认"). */
  stale: string[];
}

/** A list whose items show a probable recognition gap. */
export interface BoardGap {
  listId: string;
  missing: number[];
  message: string;
}

export interface Board {
  venues: Pick<Venue, 'id' | 'name' | 'level' | 'parentId'>[];
  rows: BoardRow[];
  gaps: BoardGap[];
}

const live = (r: Requirement) => r.status !== 'withdrawn' && r.retractedAt === null;

/** Rows for live published requirements; columns are the branch venues (the main venue does not ack). */
export function buildBoard(requirements: Requirement[], venues: Venue[], acks: Acknowledgement[], lists: RequirementList[] = []): Board {
  const branches = venues.filter((v) => !v.isMain);
  const shown = requirements.filter((r) => r.status === 'published' && live(r));
  const rows = shown.map((r): BoardRow => ({
    requirementId: r.id, marker: r.marker, headline: r.fields.headline, version: r.version, received: {}, relayed: {}, missing: [], stale: [],
  }));
  const byId = new Map(rows.map((row) => [row.requirementId, row]));
  const staleBy = new Map<string, Set<string>>();
  for (const a of acks) {
    const row = byId.get(a.requirementId);
    if (!row) continue;
    if (a.version >= row.version) row[a.kind][a.venueId] = a.at;
    else if (a.kind === 'received') staleBy.set(row.requirementId, (staleBy.get(row.requirementId) ?? new Set()).add(a.venueId));
  }
  for (const row of rows) {
    row.missing = branches.filter((v) => !(v.id in row.received)).map((v) => v.id);
    const stale = staleBy.get(row.requirementId);
    row.stale = row.missing.filter((id) => stale?.has(id));
  }
  const gaps = lists.filter((l) => !l.retracted).flatMap((list): BoardGap[] => {
    const items = requirements.filter((r) => r.listId === list.id && r.parentId === null && live(r)).sort(compareDisplayOrder);
    const g = findListGaps(list, items);
    return g.message ? [{ listId: list.id, missing: g.missing, message: g.message }] : [];
  });
  return { venues: branches.map((v) => ({ id: v.id, name: v.name, level: v.level, parentId: v.parentId })), rows, gaps };
}
