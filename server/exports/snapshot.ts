/**
 * What every export is rendered from: one meeting's records as plain data, read once by the
 * loader (load.ts) and handed to pure renderers. Nothing here reads a clock or the database,
 * so the same snapshot always renders the same bytes.
 */
import type {
  Acknowledgement,
  Meeting,
  Requirement,
  RequirementList,
  Segment,
  Speaker,
  Venue,
} from '../../shared/protocol/domain.ts';
import type { MinutesEdits } from '../../shared/protocol/minutes.ts';
import type { TaskStatus } from '../../shared/followup/types.ts';

/**
 * How a venue took part, derived from its stored attendance (sockets + LiveKit) and acks.
 * - `present`: online during the meeting from its start (or before).
 * - `late`: first came online after the meeting started.
 * - `absent`: never seen online during the meeting and never acknowledged anything.
 */
export type AttendanceStatus = 'present' | 'late' | 'absent';

/** One venue with its attendance, in import order. */
export interface ExportVenue extends Venue {
  attendance: AttendanceStatus;
  /** First time the venue came online for the meeting, ISO-8601; null when unknown (no attendance stored). */
  joinedAt: string | null;
  /** When it went offline before the meeting ended (left early), ISO-8601; else null. */
  leftEarlyAt: string | null;
  /** Evidence the status rests on: stored attendance, or only acknowledgements (no attendance stored). */
  evidence: 'presence' | 'acks' | 'none';
}

/** A requirement list (one speaker's numbered requirements) with its items in display order. */
export interface ExportList {
  list: RequirementList;
  /** Published requirements, parents before their children, siblings by sortKey. */
  requirements: Requirement[];
}

/** Everything an export needs about one meeting. Plain data; build it with `loadExportSnapshot`. */
export interface ExportSnapshot {
  meeting: Meeting;
  speakers: Speaker[];
  /** All venues in import order, the main venue included (isMain). */
  venues: ExportVenue[];
  lists: ExportList[];
  /** Final transcript segments in spoken order (secretary corrections applied in `text`). */
  segments: Segment[];
  /** Acknowledgements of published requirements, by time then venue. */
  acks: Acknowledgement[];
  /** The secretary's edits of the minutes draft (absent or {}: the generated draft as is). */
  minutesEdits?: MinutesEdits;
  /** Follow-up tasks after the meeting (absent or empty: none issued), as stored facts only. */
  tasks?: LedgerTask[];
}

/** A follow-up task as the 督办台账 reads it. */
export interface LedgerTask {
  requirementId: string;
  status: TaskStatus;
  /** A 红 (overdue) warning fired for its current deadline and it is still open. */
  overdue: boolean;
}

/** One stretch of a venue being online (stored attendance). */
export interface OnlineInterval {
  /** ISO-8601. */
  joinedAt: string;
  /** ISO-8601; null: online when last known. */
  leftAt: string | null;
}

/** Inputs of `deriveAttendance`, all as stored. */
export interface AttendanceInput {
  meeting: Pick<Meeting, 'startedAt' | 'endedAt'>;
  venues: Venue[];
  /** Stored online intervals per venue id, oldest first (empty for meetings from before they were stored). */
  intervals: Map<string, OnlineInterval[]>;
  acks: Acknowledgement[];
}

/**
 * Attendance per venue from its online intervals overlapping the meeting: the first one gives
 * the join time (late when after the start), the last one's end before the meeting's end an
 * early departure. An interval still open counts as online until the end (a server restart is
 * not a venue leaving). Acks are durable proof a venue was there: a venue whose first ack
 * predates its first stored interval (attendance not stored then) counts as present. The main
 * venue hosts the meeting and counts as present.
 */
export function deriveAttendance({ meeting, venues, intervals, acks }: AttendanceInput): ExportVenue[] {
  const firstAck = new Map<string, string>();
  for (const a of acks) {
    const prev = firstAck.get(a.venueId);
    if (prev === undefined || a.at < prev) firstAck.set(a.venueId, a.at);
  }
  const startMs = meeting.startedAt ? Date.parse(meeting.startedAt) : null;
  const endMs = meeting.endedAt ? Date.parse(meeting.endedAt) : null;

  return venues.map((v): ExportVenue => {
    if (v.isMain) return { ...v, attendance: 'present', joinedAt: null, leftEarlyAt: null, evidence: 'none' };
    const ackAt = firstAck.get(v.id) ?? null;
    // Intervals that overlap the meeting: began before its end and ended (if at all) after its start.
    const during = (intervals.get(v.id) ?? [])
      .filter((i) => (endMs === null || Date.parse(i.joinedAt) <= endMs) && (i.leftAt === null || startMs === null || Date.parse(i.leftAt) > startMs))
      .sort((a, b) => Date.parse(a.joinedAt) - Date.parse(b.joinedAt));
    const first = during[0];
    const last = during[during.length - 1];
    const joinedMs = first ? Date.parse(first.joinedAt) : null;
    // An ack older than the first interval: the venue was there before attendance was stored.
    const storedLate = joinedMs !== null && ackAt !== null && Date.parse(ackAt) < joinedMs;
    if (first && last && joinedMs !== null && !storedLate) {
      const late = startMs !== null && joinedMs > startMs;
      const lastLeftMs = last.leftAt !== null ? Date.parse(last.leftAt) : null;
      const leftEarly = lastLeftMs !== null && endMs !== null && lastLeftMs < endMs;
      return { ...v, attendance: late ? 'late' : 'present', joinedAt: first.joinedAt, leftEarlyAt: leftEarly ? last.leftAt : null, evidence: 'presence' };
    }
    if (ackAt !== null) return { ...v, attendance: 'present', joinedAt: null, leftEarlyAt: null, evidence: 'acks' };
    return { ...v, attendance: 'absent', joinedAt: null, leftEarlyAt: null, evidence: 'none' };
  });
}

/**
 * Lists with their published requirements in display order. `requirements` must already be in
 * display order (the repository's order: list, parent's sortKey, parent before children, sortKey).
 */
export function groupRequirements(lists: RequirementList[], requirements: Requirement[]): ExportList[] {
  // Retracted items (a recogniser guess the speech did not bear out) were never agreed on.
  const published = requirements.filter((r) => r.status === 'published' && r.retractedAt === null);
  const visible = new Set(published.map((r) => r.id));
  return lists
    .filter((l) => !l.retracted)
    .sort((a, b) => a.index - b.index)
    .map((list) => ({
      list,
      // A child whose parent is not published would float without its heading: keep it top-level.
      requirements: published
        .filter((r) => r.listId === list.id)
        .map((r) => (r.parentId !== null && !visible.has(r.parentId) ? { ...r, parentId: null } : r)),
    }))
    .filter((l) => l.requirements.length > 0);
}

/** Branch venues (everything but the main venue). */
export function branchVenues(s: ExportSnapshot): ExportVenue[] {
  return s.venues.filter((v) => !v.isMain);
}

/** How a speaker's role marks the meeting's chair: 主持, 主持人, （主持）. */
export const CHAIR_MARK = /[（(]?主持人?[）)]?/;

/**
 * The speaker's display name with role, e.g. 李建华副市长 (the chair mark left out of the role);
 * null when unknown. Without a role the meeting's speaker list supplies one.
 */
export function speakerLabel(name: string | null, role: string | null, speakers: Speaker[]): string | null {
  if (!name) return null;
  const raw = role ?? speakers.find((s) => s.name === name)?.role ?? null;
  const r = raw ? raw.replace(CHAIR_MARK, '').replace(/[、，,\s]+$/, '') : '';
  return r ? `${name}${r}` : name;
}
