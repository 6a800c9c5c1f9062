/**
 * The client's picture of one meeting, as built from a snapshot plus sequenced events.
 * Plain data only, so the same shape lives in a Solid store and in node unit tests.
 */
import type {
  Acknowledgement,
  AckKind,
  InterimTranscript,
  Meeting,
  ModelStatusMessage,
  Requirement,
  RequirementList,
  Segment,
  Venue,
  VenuePresence,
} from '../../../shared/protocol/index.ts';
import type { FollowupThresholds, Task, TaskEntry } from '../../../shared/followup/types.ts';

/** Key of one acknowledgement: requirement × venue × kind (the server's idempotency key). */
export type AckKey = `${string}|${string}|${AckKind}`;

export function ackKey(requirementId: string, venueId: string, kind: AckKind): AckKey {
  return `${requirementId}|${venueId}|${kind}`;
}

/** Everything rendered about a meeting. Records are keyed by id so events patch one path. */
export interface MeetingState {
  /** Last sequence number applied; null before the first snapshot. */
  lastSeq: number | null;
  meeting: Meeting | null;
  venues: Record<string, Venue>;
  /** Final (and edited) transcript segments by id. */
  segments: Record<string, Segment>;
  /** Running interim hypotheses by segment id; removed when the final segment arrives. */
  interims: Record<string, InterimTranscript>;
  lists: Record<string, RequirementList>;
  requirements: Record<string, Requirement>;
  acks: Record<AckKey, Acknowledgement>;
  presence: Record<string, VenuePresence>;
  /** Speech model state as last reported by the server (host console). */
  model: ModelStatusMessage | null;
  /** Follow-up tasks after the meeting by id (staff: all; a venue: its own). */
  tasks: Record<string, Task>;
  /** Their timelines: entries by task id, oldest first. */
  taskEntries: Record<string, TaskEntry[]>;
  /** The organiser's warning thresholds (from the snapshot); null before one arrived. */
  followupThresholds: FollowupThresholds | null;
}

export function emptyMeetingState(): MeetingState {
  return {
    lastSeq: null,
    meeting: null,
    venues: {},
    segments: {},
    interims: {},
    lists: {},
    requirements: {},
    acks: {},
    presence: {},
    model: null,
    tasks: {},
    taskEntries: {},
    followupThresholds: null,
  };
}
