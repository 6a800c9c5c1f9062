/**
 * The host's board: requirement × venue acknowledgement matrix, who has not acknowledged, and
 * the lists' gap warnings. One rule for both sides: the server answers `GET …/board` with it and
 * the web client builds its live board from the same function over its store. Pure.
 *
 * An acknowledgement counts only for the version it confirmed: after a change, the venue is
 * "missing" again until it re-confirms (and "stale" while its old confirmation stands).
 */
import { findListGaps } from '../requirements/gaps.ts';
import { compareDisplayOrder } from '../requirements/order.ts';
import type { Acknowledgement, Requirement, RequirementList, Venue, VenuePresence } from './domain.ts';

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
  /** Numbers of the points probably not recognised. */
  missing: number[];
  /** The Chinese warning shown beside the list. */
  message: string;
}

/** The fields of a venue a board column shows. */
export type BoardVenue = Pick<Venue, 'id' | 'name' | 'level' | 'parentId'>;

/** The board: branch venues (columns), published requirements (rows), gap warnings. */
export interface Board {
  venues: BoardVenue[];
  rows: BoardRow[];
  gaps: BoardGap[];
}

/** Reply of `GET /api/meetings/:id/board` (staff): the board and each branch venue's presence. */
export interface BoardReply extends Board {
  presence: VenuePresence[];
}

/**
 * A venue's acknowledgement of a requirement: `current` confirms its present version, `stale`
 * an earlier one (the item changed since: "已更新，请重新确认"), `none` not at all.
 */
export type AckState = 'none' | 'current' | 'stale';

/** The state of `ack` (or its absence) for a requirement now at `version`. */
export function ackStateOf(ack: Pick<Acknowledgement, 'version'> | undefined, version: number): AckState {
  if (!ack) return 'none';
  return ack.version >= version ? 'current' : 'stale';
}

/** Neither withdrawn by a secretary nor retracted by the machine. */
export function isLive(r: Pick<Requirement, 'status' | 'retractedAt'>): boolean {
  return r.status !== 'withdrawn' && r.retractedAt === null;
}

/**
 * Rows for live published requirements, in the order given; columns are the branch venues in the
 * order given (the main venue does not ack). Gap warnings cover the lists not retracted.
 */
export function buildBoard<V extends BoardVenue & Pick<Venue, 'isMain'>>(
  requirements: readonly Requirement[],
  venues: readonly V[],
  acks: Iterable<Acknowledgement>,
  lists: readonly RequirementList[] = [],
): Board {
  const branches = venues.filter((v) => !v.isMain);
  const shown = requirements.filter((r) => r.status === 'published' && isLive(r));
  const rows = shown.map((r): BoardRow => ({
    requirementId: r.id, marker: r.marker, headline: r.fields.headline, version: r.version, received: {}, relayed: {}, missing: [], stale: [],
  }));
  const byId = new Map(rows.map((row) => [row.requirementId, row]));
  const staleBy = new Map<string, Set<string>>();
  for (const a of acks) {
    const row = byId.get(a.requirementId);
    if (!row) continue;
    const state = ackStateOf(a, row.version);
    if (state === 'current') row[a.kind][a.venueId] = a.at;
    else if (a.kind === 'received') staleBy.set(row.requirementId, (staleBy.get(row.requirementId) ?? new Set()).add(a.venueId));
  }
  for (const row of rows) {
    row.missing = branches.filter((v) => !(v.id in row.received)).map((v) => v.id);
    const stale = staleBy.get(row.requirementId);
    row.stale = row.missing.filter((id) => stale?.has(id));
  }
  const gaps = lists.filter((l) => !l.retracted).flatMap((list): BoardGap[] => {
    const items = requirements.filter((r) => r.listId === list.id && r.parentId === null && isLive(r)).sort(compareDisplayOrder);
    const g = findListGaps(list, items);
    return g.message ? [{ listId: list.id, missing: g.missing, message: g.message }] : [];
  });
  return { venues: branches.map((v) => ({ id: v.id, name: v.name, level: v.level, parentId: v.parentId })), rows, gaps };
}
