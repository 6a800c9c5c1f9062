/**
 * The host's board: requirement × venue acknowledgement matrix and who has not acknowledged.
 * Pure: built from stored records.
 */
import type { Acknowledgement, Requirement, Venue } from '../../shared/protocol/domain.ts';

/** One requirement row of the board. */
export interface BoardRow {
  requirementId: string;
  marker: string;
  headline: string;
  /** venueId → time of the `received` ack (ISO-8601). */
  received: Record<string, string>;
  /** venueId → time of the `relayed` ack (ISO-8601). */
  relayed: Record<string, string>;
  /** Branch venues that have not sent `received`, in venue order. */
  missing: string[];
}

export interface Board {
  venues: Pick<Venue, 'id' | 'name' | 'level' | 'parentId'>[];
  rows: BoardRow[];
}

/** Rows for published requirements; columns are the branch venues (the main venue does not ack). */
export function buildBoard(requirements: Requirement[], venues: Venue[], acks: Acknowledgement[]): Board {
  const branches = venues.filter((v) => !v.isMain);
  const rows = requirements
    .filter((r) => r.status === 'published')
    .map((r): BoardRow => ({ requirementId: r.id, marker: r.marker, headline: r.fields.headline, received: {}, relayed: {}, missing: [] }));
  const byId = new Map(rows.map((row) => [row.requirementId, row]));
  for (const a of acks) {
    const row = byId.get(a.requirementId);
    if (row) row[a.kind][a.venueId] = a.at;
  }
  for (const row of rows) row.missing = branches.filter((v) => !(v.id in row.received)).map((v) => v.id);
  return { venues: branches.map((v) => ({ id: v.id, name: v.name, level: v.level, parentId: v.parentId })), rows };
}
