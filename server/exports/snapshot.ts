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
  VenuePresence,
} from '../../shared/protocol/domain.ts';

/**
 * How a venue took part, derived from presence (sockets + LiveKit attendance) and stored acks.
 * - `present`: online during the meeting from its start (or before).
 * - `late`: first came online after the meeting started.
 * - `absent`: never seen online during the meeting and never acknowledged anything.
 */
export type AttendanceStatus = 'present' | 'late' | 'absent';

/** One venue with its attendance, in import order. */
export interface ExportVenue extends Venue {
  attendance: AttendanceStatus;
  /** First time the venue came online, ISO-8601; null when unknown (e.g. after a server restart). */
  joinedAt: string | null;
  /** When it went offline before the meeting ended (left early), ISO-8601; else null. */
  leftEarlyAt: string | null;
  /** Evidence the status rests on: live presence, or only acknowledgements (presence lost). */
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
}

/** Inputs of `deriveAttendance`, all as stored or tracked at load time. */
export interface AttendanceInput {
  meeting: Pick<Meeting, 'startedAt' | 'endedAt'>;
  venues: Venue[];
  /** Current presence per venue id (in memory: empty after a server restart). */
  presence: Map<string, VenuePresence>;
  acks: Acknowledgement[];
}

/**
 * Attendance per venue. Presence keeps the first time a venue came online and, while it is
 * offline, when it left; acks are durable proof a venue was there at that time, which matters
 * after a restart has emptied the in-memory presence. The main venue hosts the meeting and
 * counts as present.
 */
export function deriveAttendance({ meeting, venues, presence, acks }: AttendanceInput): ExportVenue[] {
  const firstAck = new Map<string, string>();
  for (const a of acks) {
    const prev = firstAck.get(a.venueId);
    if (prev === undefined || a.at < prev) firstAck.set(a.venueId, a.at);
  }
  const startMs = meeting.startedAt ? Date.parse(meeting.startedAt) : null;
  const endMs = meeting.endedAt ? Date.parse(meeting.endedAt) : null;

  return venues.map((v): ExportVenue => {
    if (v.isMain) return { ...v, attendance: 'present', joinedAt: null, leftEarlyAt: null, evidence: 'none' };
    const p = presence.get(v.id);
    const ackAt = firstAck.get(v.id) ?? null;
    const joinedMs = p?.joinedAt ? Date.parse(p.joinedAt) : null;
    const leftMs = p && !p.online && p.leftAt ? Date.parse(p.leftAt) : null;
    // Joined and left again before the meeting started, with no ack since: not there.
    const leftBeforeStart = leftMs !== null && startMs !== null && leftMs <= startMs && ackAt === null;
    // An ack older than the first presence means presence restarted (server restart): its join time is not the first.
    const presenceRestarted = joinedMs !== null && ackAt !== null && Date.parse(ackAt) < joinedMs;
    if (joinedMs !== null && !leftBeforeStart && !presenceRestarted && (endMs === null || joinedMs <= endMs)) {
      const late = startMs !== null && joinedMs > startMs;
      const leftEarly = leftMs !== null && endMs !== null && leftMs < endMs && (startMs === null || leftMs > startMs);
      return {
        ...v,
        attendance: late ? 'late' : 'present',
        joinedAt: p?.joinedAt ?? null,
        leftEarlyAt: leftEarly ? (p?.leftAt ?? null) : null,
        evidence: 'presence',
      };
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
