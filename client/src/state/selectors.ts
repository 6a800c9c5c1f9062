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

function isVisible(r: Requirement, visibility: Visibility): boolean {
  if (r.status === 'withdrawn') return false;
  return visibility === 'staff' || r.status === 'published';
}

/** Display order: the server's `sortKey` (a split's second half sits after its source), then ordinal. */
function byOrder(a: Requirement, b: Requirement): number {
  return a.sortKey - b.sortKey || a.ordinal - b.ordinal || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

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
    .filter((view) => view.items.length > 0 || visibility === 'staff');
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

export function hasAck(state: MeetingState, requirementId: string, venueId: string, kind: AckKind): boolean {
  return state.acks[ackKey(requirementId, venueId, kind)] !== undefined;
}

/** Acknowledgement state of one requirement across the branch venues (a row of the host board). */
export interface AckRow {
  requirement: Requirement;
  received: number;
  relayed: number;
  total: number;
  /** Venues that have not yet confirmed 收到. */
  missing: Venue[];
}

export function ackRows(state: MeetingState): AckRow[] {
  const venues = branchVenues(state);
  return orderedRequirements(state, 'published').map((requirement) => {
    const missing = venues.filter((v) => !hasAck(state, requirement.id, v.id, 'received'));
    return {
      requirement,
      received: venues.length - missing.length,
      relayed: venues.filter((v) => hasAck(state, requirement.id, v.id, 'relayed')).length,
      total: venues.length,
      missing,
    };
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
