/**
 * Domain records shared by server and client. Plain data; times are ISO-8601 strings
 * (wall clock) or `…Ms` numbers (milliseconds of meeting audio time).
 */

/** draft: set up, not started; live: running; ended: over (a secretary may reopen it for corrections). */
export type MeetingStatus = 'draft' | 'live' | 'ended';
/** auto: requirements reach venues as they form; review: a secretary approves each first. */
export type PublishMode = 'auto' | 'review';
/** What a session may do: host (main venue), secretary (corrections, minutes), venue (a branch venue's screen). */
export type Role = 'host' | 'secretary' | 'venue';
/** Venue level in the hierarchy 省 → 市/州 → 县/区. */
export type VenueLevel = 'province' | 'prefecture' | 'county';

/** A leader expected to speak (the host picks the current one; items are attributed to them). */
export interface Speaker {
  id: string;
  name: string;
  role: string | null;
}

/** A term the recogniser should spell right (prompted to Whisper), with the wrong spellings to normalise. */
export interface GlossaryTerm {
  term: string;
  variants: string[];
}

/** A deployment meeting (部署会): its settings, speakers and state. */
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
  /**
   * An ended meeting the secretary reopened for corrections (纪要校对中): status stays `ended`
   * (no audio, no new extraction), but transcript and requirement edits are accepted again and
   * reach the venues as ordinary events. False while live, and again once corrections are closed.
   * An ended meeting that is not reopened refuses edits (`meeting_closed`).
   */
  reopenedForCorrections: boolean;
}

/** A venue of a meeting: the main venue (主会场) or a branch venue (分会场) that acknowledges. */
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

/** draft: staff only (review mode); published: venues see it; withdrawn: a secretary took it back. */
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
  /** Seen only in an interim (unconfirmed) recognition so far. */
  provisional: boolean;
  /** The machine withdrew the list (a guess the speech no longer supports): not shown. */
  retracted: boolean;
}

/** Where a requirement came from: the extractor, the second half of a split, or a secretary's hand. */
export type RequirementOrigin = 'machine' | 'split' | 'manual';

/** One numbered requirement (or a nested item) as stored and sent: effective fields, machine fields, state. */
export interface Requirement {
  id: string;
  meetingId: string;
  listId: string;
  /** Parent requirement id for nested items (一是 under 首先), else null. */
  parentId: string | null;
  /**
   * The item's number in its list, as displayed: the number the speaker said (第四 → 4), moved
   * by the secretary's splits, merges and additions. A jump (2 then 4) means a point was probably
   * not recognised (see shared/requirements/gaps.ts). `marker` carries the same number.
   */
  ordinal: number;
  /**
   * Display order among siblings (same list and parent), ascending. Machine items use their
   * ordinal; the second half of a secretary's split sits between its source and the next item.
   */
  sortKey: number;
  /** Displayed marker (第四, 三是, （二）…): the spoken one, renumbered after splits and merges. */
  marker: string;
  status: RequirementStatus;
  /** True once the extractor saw the item end (next sibling marker, list end). */
  closed: boolean;
  /** Published from an interim recognition; a final segment has not confirmed it yet. */
  provisional: boolean;
  /**
   * When the machine withdrew the item (an interim guess the speech no longer supports, or a
   * corrected transcript that no longer contains it); null while live. Retracted items are not shown.
   */
  retractedAt: string | null;
  /**
   * Content version, from 1: bumped when headline/text/responsible/deadline change after the item
   * closed, or by any secretary change. An acknowledgement of an older version must be renewed.
   */
  version: number;
  origin: RequirementOrigin;
  /** The machine no longer finds this item, but a secretary worked on it, so it stays: check it. */
  orphaned: boolean;
  /** Effective fields: the machine's, overridden by any secretary edit. */
  fields: RequirementFields;
  /** What the extractor produced, kept apart from edits. */
  machine: RequirementFields;
  /** Names of fields a secretary changed. */
  editedFields: (keyof RequirementFields)[];
  /** When the item was added (the venue screen's "newest" is the latest added). */
  createdAt: string;
  updatedAt: string;
  /** When venues could first see it (auto mode: on creation; review mode: on approval), else null. */
  publishedAt: string | null;
}

/** received: 收到 (the venue saw it); relayed: 已传达 (the venue passed it on). */
export type AckKind = 'received' | 'relayed';

/** A venue's confirmation of one requirement version (one record per venue × requirement × kind). */
export interface Acknowledgement {
  meetingId: string;
  venueId: string;
  requirementId: string;
  kind: AckKind;
  /** Server time the acknowledgement (of this version) was stored, ISO-8601. */
  at: string;
  /** `Requirement.version` the venue confirmed; an older one than the current needs renewing. */
  version: number;
}

/** Online state of a venue (socket.io presence; LiveKit attendance adds joinedAt/leftAt). */
export interface VenuePresence {
  venueId: string;
  online: boolean;
  joinedAt: string | null;
  leftAt: string | null;
}
