/**
 * Derived views of the meeting state: ordering, count checks, the acknowledgement board.
 * Pure functions of `MeetingState`; components wrap them in `createMemo`.
 */
import type {
  AckKind,
  InterimTranscript,
  Requirement,
  RequirementList,
  Segment,
  Venue,
} from '../../../shared/protocol/index.ts';
import { ackStateOf, buildBoard, isLive, type AckState } from '../../../shared/protocol/board.ts';
import { findListGaps, type ListGaps } from '../../../shared/requirements/gaps.ts';
import { compareDisplayOrder } from '../../../shared/requirements/order.ts';
import { ackKey, type MeetingState } from './meeting-state.ts';

/** A top-level requirement with its nested items, in speaking order. */
export interface RequirementNode {
  requirement: Requirement;
  children: Requirement[];
}

/** One enumerated list with its visible requirements. */
export interface ListView {
  list: RequirementList;
  items: RequirementNode[];
}

/** Which requirements a view shows: venues and the board only published ones, staff drafts too. */
export type Visibility = 'published' | 'staff';

export { isLive, type AckState };

function isVisible(r: Requirement, visibility: Visibility): boolean {
  if (!isLive(r)) return false;
  return visibility === 'staff' || r.status === 'published';
}

const byOrder = compareDisplayOrder;

/** Lists in meeting order, each with its top-level requirements by ordinal and their children. */
export function listViews(state: MeetingState, visibility: Visibility): ListView[] {
  const all = Object.values(state.requirements).filter((r) => isVisible(r, visibility));
  return Object.values(state.lists)
    .sort((a, b) => a.index - b.index)
    .map((list) => {
      const inList = all.filter((r) => r.listId === list.id);
      const tops = inList.filter((r) => r.parentId === null).sort(byOrder);
      return {
        list,
        items: tops.map((requirement) => ({
          requirement,
          children: inList.filter((r) => r.parentId === requirement.id).sort(byOrder),
        })),
      };
    })
    .filter((view) => view.items.length > 0 || (visibility === 'staff' && !view.list.retracted));
}

/**
 * The most recently *added* requirement a view shows (by when it was added for that audience,
 * not by its number): after a reload it is the same one. A nested item highlights its parent.
 */
export function newestRequirementId(state: MeetingState, visibility: Visibility): string | null {
  const order = listViews(state, visibility).flatMap((v) => v.items.flatMap((n) => [n.requirement, ...n.children]));
  const addedAt = (r: Requirement) => (visibility === 'published' ? (r.publishedAt ?? r.createdAt) : r.createdAt);
  let best: Requirement | null = null;
  for (const r of order) if (best === null || addedAt(r) >= addedAt(best)) best = r;
  return best === null ? null : (best.parentId ?? best.id);
}

/** Top-level requirements of every list, flattened in order (what a venue screen lists). */
export function orderedRequirements(state: MeetingState, visibility: Visibility): Requirement[] {
  return listViews(state, visibility).flatMap((v) => v.items.map((n) => n.requirement));
}

/** The count check shown beside a list: "已识别 5/7 点" (or "已识别 5 点" with no announced count). */
export function countLabel(list: RequirementList): string {
  return list.announcedCount === null
    ? `已识别 ${list.foundCount} 点`
    : `已识别 ${list.foundCount}/${list.announcedCount} 点`;
}

/** Whether the count check warns: the list ended with a different count than announced. */
export function countWarns(list: RequirementList): boolean {
  return list.countMismatch && list.closed;
}

/** Branch venues (everything but the main venue), by hierarchy then name. */
export function branchVenues(state: MeetingState): Venue[] {
  const rank = { province: 0, prefecture: 1, county: 2 } as const;
  return Object.values(state.venues)
    .filter((v) => !v.isMain)
    .sort((a, b) => rank[a.level] - rank[b.level] || a.name.localeCompare(b.name, 'zh-CN'));
}

/** A venue's acknowledgement of a requirement's current version (the shared rule: shared/protocol/board.ts). */
export function ackState(state: MeetingState, requirementId: string, venueId: string, kind: AckKind): AckState {
  const ack = state.acks[ackKey(requirementId, venueId, kind)];
  return ackStateOf(ack, state.requirements[requirementId]?.version ?? ack?.version ?? 0);
}

/** The venue confirmed the requirement's current version. */
export function hasAck(state: MeetingState, requirementId: string, venueId: string, kind: AckKind): boolean {
  return ackState(state, requirementId, venueId, kind) === 'current';
}

/** Acknowledgement state of one requirement across the branch venues (a row of the host board). */
export interface AckRow {
  requirement: Requirement;
  received: number;
  relayed: number;
  total: number;
  /** Venues that have not yet confirmed 收到 (of the current version). */
  missing: Venue[];
  /** Of those, venues that confirmed an earlier version and must re-confirm. */
  stale: Venue[];
}

/** The host board's rows, built by the server's own rule (`buildBoard`) over the live store. */
export function ackRows(state: MeetingState): AckRow[] {
  const venues = branchVenues(state);
  const requirements = orderedRequirements(state, 'published');
  const board = buildBoard(requirements, venues, Object.values(state.acks));
  const byId = new Map(requirements.map((r) => [r.id, r]));
  const venueById = new Map(venues.map((v) => [v.id, v]));
  const toVenues = (ids: string[]): Venue[] => ids.flatMap((id) => venueById.get(id) ?? []);
  return board.rows.flatMap((row) => {
    const requirement = byId.get(row.requirementId);
    if (!requirement) return [];
    return [{
      requirement,
      received: venues.length - row.missing.length,
      relayed: venues.filter((v) => v.id in row.relayed).length,
      total: venues.length,
      missing: toVenues(row.missing),
      stale: toVenues(row.stale),
    }];
  });
}

/** How many of the published requirements one venue confirmed (收到 / 已传达). */
export interface VenueTally {
  received: number;
  relayed: number;
  total: number;
}

/** One venue's tally; `published` may be passed in when tallying many venues at once. */
export function venueTally(
  state: MeetingState,
  venueId: string,
  published: Requirement[] = orderedRequirements(state, 'published'),
): VenueTally {
  return {
    received: published.filter((r) => hasAck(state, r.id, venueId, 'received')).length,
    relayed: published.filter((r) => hasAck(state, r.id, venueId, 'relayed')).length,
    total: published.length,
  };
}

/** Per venue: online state and how many published requirements it confirmed. */
export interface VenueRow extends VenueTally {
  venue: Venue;
  online: boolean;
}

export function venueRows(state: MeetingState): VenueRow[] {
  const published = orderedRequirements(state, 'published');
  return branchVenues(state).map((venue) => ({
    venue,
    online: state.presence[venue.id]?.online ?? false,
    ...venueTally(state, venue.id, published),
  }));
}

/** One transcript line: a kept final segment or the running interim hypothesis. */
export type TranscriptLine =
  | { kind: 'final'; segment: Segment }
  | { kind: 'interim'; interim: InterimTranscript };

export function transcriptLines(state: MeetingState): TranscriptLine[] {
  const finals: TranscriptLine[] = Object.values(state.segments)
    .filter((s) => s.text.trim().length > 0)
    .sort((a, b) => a.startMs - b.startMs)
    .map((segment) => ({ kind: 'final', segment }));
  const interims: TranscriptLine[] = Object.values(state.interims)
    .sort((a, b) => a.startMs - b.startMs)
    .map((interim) => ({ kind: 'interim', interim }));
  return [...finals, ...interims];
}

/** The line a caption shows: the running interim if any, else the latest final segment. */
export function lastTranscriptLine(state: MeetingState): TranscriptLine | null {
  const lines = transcriptLines(state);
  return lines[lines.length - 1] ?? null;
}

/** The live caption line: the running interim if any, else the latest final segment. */
export function captionText(state: MeetingState): string {
  const last = lastTranscriptLine(state);
  if (!last) return '';
  return last.kind === 'final' ? last.segment.text : last.interim.text;
}

/** A list with a probable recognition gap (shared rule: shared/requirements/gaps.ts). */
export interface ListGapView {
  list: RequirementList;
  gaps: ListGaps;
}

/** Lists whose numbering shows a missed point, for the host and the secretary (all items, drafts too). */
export function listGaps(state: MeetingState): ListGapView[] {
  return listViews(state, 'staff').flatMap((view) => {
    const gaps = findListGaps(view.list, view.items.map((n) => n.requirement));
    return gaps.message ? [{ list: view.list, gaps }] : [];
  });
}

/** Requirements this venue acknowledged that were withdrawn or retracted since (shown struck through). */
export function withdrawnAcknowledged(state: MeetingState, venueId: string): Requirement[] {
  return Object.values(state.requirements)
    .filter((r) => !isLive(r) && r.parentId === null && (ackState(state, r.id, venueId, 'received') !== 'none' || ackState(state, r.id, venueId, 'relayed') !== 'none'))
    .sort(byOrder);
}
