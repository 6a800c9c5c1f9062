/**
 * Domain records shared by server and client. Plain data; times are ISO-8601 strings
 * (wall clock) or `…Ms` numbers (milliseconds of meeting audio time).
 */

export type MeetingStatus = 'draft' | 'live' | 'ended';
/** auto: requirements reach venues as they form; review: a secretary approves each first. */
export type PublishMode = 'auto' | 'review';
export type Role = 'host' | 'secretary' | 'venue';
/** Venue level in the hierarchy 省 → 市/州 → 县/区. */
export type VenueLevel = 'province' | 'prefecture' | 'county';

export interface Speaker {
  id: string;
  name: string;
  role: string | null;
}

export interface GlossaryTerm {
  term: string;
  variants: string[];
}

export interface Meeting {
  id: string;
  title: string;
  /** Organising unit, e.g. 省公安厅. */
  organiser: string;
  /** Scheduled start, ISO-8601. */
  scheduledAt: string;
  status: MeetingStatus;
  publishMode: PublishMode;
  speakers: Speaker[];
  /** Speaker currently talking at the main venue (attribution of first-person lead-ins). */
  currentSpeakerId: string | null;
  glossary: GlossaryTerm[];
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface Venue {
  id: string;
  meetingId: string;
  name: string;
  level: VenueLevel;
  parentId: string | null;
  /** Exactly one venue per meeting is the main venue (主会场). */
  isMain: boolean;
}

/** A transcript segment as stored; `text` is the current text, `originalText` the machine's. */
export interface Segment {
  id: string;
  meetingId: string;
  startMs: number;
  endMs: number;
  text: string;
  originalText: string;
  isFinal: boolean;
  editedAt: string | null;
  /** The meeting's current speaker when the segment was finalised (Speaker.id), or null. */
  speakerId: string | null;
}

export type RequirementStatus = 'draft' | 'published' | 'withdrawn';

/** Editable fields of a requirement. */
export interface RequirementFields {
  headline: string;
  text: string;
  responsible: string[];
  deadline: string | null;
}

/** One enumerated list (a speaker's "七点要求"). */
export interface RequirementList {
  id: string;
  meetingId: string;
  /** 0-based order of the list in the meeting. */
  index: number;
  speakerName: string | null;
  speakerRole: string | null;
  announcedCount: number | null;
  /** Top-level requirements found so far (withdrawn ones excluded). */
  foundCount: number;
  countMismatch: boolean;
  closed: boolean;
}

export interface Requirement {
  id: string;
  meetingId: string;
  listId: string;
  /** Parent requirement id for nested items (一是 under 首先), else null. */
  parentId: string | null;
  ordinal: number;
  /**
   * Display order among siblings (same list and parent), ascending. Machine items use their
   * ordinal; the second half of a secretary's split sits between its source and the next item.
   */
  sortKey: number;
  marker: string;
  status: RequirementStatus;
  /** True once the extractor saw the item end (next sibling marker, list end). */
  closed: boolean;
  /** Effective fields: the machine's, overridden by any secretary edit. */
  fields: RequirementFields;
  /** What the extractor produced, kept apart from edits. */
  machine: RequirementFields;
  /** Names of fields a secretary changed. */
  editedFields: (keyof RequirementFields)[];
  createdAt: string;
  updatedAt: string;
}

export type AckKind = 'received' | 'relayed';

export interface Acknowledgement {
  meetingId: string;
  venueId: string;
  requirementId: string;
  kind: AckKind;
  /** Server time the acknowledgement was first stored, ISO-8601. */
  at: string;
}

/** Online state of a venue (socket.io presence; LiveKit attendance adds joinedAt/leftAt). */
export interface VenuePresence {
  venueId: string;
  online: boolean;
  joinedAt: string | null;
  leftAt: string | null;
}
