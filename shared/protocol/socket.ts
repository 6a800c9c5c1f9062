/**
 * socket.io event maps, imported by server and client alike so the compiler checks both ends.
 * Connection: one socket per session, `auth: { token }` in the handshake (token from
 * POST /api/join). The server puts the socket in its meeting's room(s); there is no join event.
 */
import type { Acknowledgement, Meeting, Requirement, RequirementList, Role, Segment, Venue, VenuePresence } from './domain.ts';
import type { MeetingEvent } from './events.ts';
import type { FollowupThresholds, Task, TaskEntry } from '../followup/types.ts';
import type { Result } from './errors.ts';
import type {
  AckSubmitRequest,
  AudioChunkRequest,
  AudioStartRequest,
  RequirementAddRequest,
  RequirementEditRequest,
  RequirementIdRequest,
  RequirementMergeRequest,
  RequirementSplitRequest,
  RequirementUndoRequest,
  SegmentEditRequest,
  SetCurrentSpeakerRequest,
  SyncRequest,
} from './schemas.ts';

/** Claims inside a signed session token. */
export interface SessionClaims {
  role: Role;
  meetingId: string;
  /** The venue this session speaks for (host and secretary: the main venue). */
  venueId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /**
   * Id of the join code the session came from (a hash, not the code): rotating or revoking that
   * code ends the session. Absent for sessions an organiser opened without a code.
   */
  cid?: string;
}

/** Everything a client needs to render a meeting from scratch, as of `seq`. */
export interface MeetingSnapshot {
  seq: number;
  meeting: Meeting;
  venues: Venue[];
  segments: Segment[];
  lists: RequirementList[];
  /** Venues receive the live published requirements, plus withdrawn or retracted ones they acknowledged. */
  requirements: Requirement[];
  /** Venues receive only their own acknowledgements. */
  acks: Acknowledgement[];
  /** Staff: every venue; venues: only their own. */
  presence: VenuePresence[];
  /** Follow-up tasks after the meeting (staff: all; a venue: its own). Absent from servers before follow-up. */
  tasks?: Task[];
  /** The timelines of those tasks, oldest first. */
  taskEntries?: TaskEntry[];
  /** The organiser's warning thresholds, so a venue colours its tasks as the 督办台 does. */
  followupThresholds?: FollowupThresholds;
}

/**
 * Reply to `sync`: either the missed events this session may see (in seq order), or a snapshot when
 * the client is new (`lastSeq: null`), ahead of the server, or more than 2000 events behind.
 */
export type SyncReply =
  | { kind: 'events'; events: MeetingEvent[] }
  | { kind: 'snapshot'; snapshot: MeetingSnapshot };

/**
 * The recogniser's running text of an utterance still being heard. Not persisted: replaced by the
 * next interim or by the final segment with the same id.
 */
export interface InterimTranscript {
  meetingId: string;
  segmentId: string;
  startMs: number;
  endMs: number;
  text: string;
}

/** Recogniser model load progress (`model:status`, staff only), for the host console. */
export interface ModelStatusMessage {
  state: 'loading' | 'warming' | 'ready' | 'error';
  modelId: string;
  /** 0..1 while loading. */
  progress: number;
  /** Chinese + English message when state = error. */
  error?: { code: string; message: string };
}

/** What re-running extraction after a transcript correction changed (counts of requirements). */
export interface ReextractionSummary {
  added: number;
  updated: number;
  retracted: number;
  /** No longer found but kept, because a secretary had worked on them (now `orphaned`). */
  kept: number;
}

type Ack<T> = (result: Result<T>) => void;

/** Commands a client sends; each ends in exactly one callback with a `Result` (roles are checked by the server). */
export interface ClientToServerEvents {
  sync: (req: SyncRequest, ack: Ack<SyncReply>) => void;
  /**
   * nextChunkSeq: the first chunk number the server does not have yet (0 for a new uplink). After
   * a takeover from a failed node it may lie below chunks that node confirmed (see
   * `replayableFromChunkSeq`): the sender sends again from there.
   */
  'audio:start': (req: AudioStartRequest, ack: Ack<{ streamId: string; nextChunkSeq: number; resumed: boolean }>) => void;
  /**
   * accepted: false asks the sender to slow down. nextChunkSeq: the first chunk number the server
   * does not have; ≤ chunkSeq means this chunk was not taken (an earlier one is missing: send again).
   */
  'audio:chunk': (req: AudioChunkRequest, ack: Ack<{ accepted: boolean; nextChunkSeq: number }>) => void;
  'audio:stop': (req: Record<string, never>, ack: Ack<{ segments: number }>) => void;
  'ack:submit': (req: AckSubmitRequest, ack: Ack<{ ack: Acknowledgement; duplicate: boolean }>) => void;
  'meeting:start': (req: Record<string, never>, ack: Ack<{ meeting: Meeting }>) => void;
  'meeting:end': (req: Record<string, never>, ack: Ack<{ meeting: Meeting }>) => void;
  /** Reopen an ended meeting for corrections (secretary, host): edits are accepted again. */
  'meeting:reopen': (req: Record<string, never>, ack: Ack<{ meeting: Meeting }>) => void;
  /** Close the corrections of a reopened meeting: the record is locked again. */
  'meeting:close-corrections': (req: Record<string, never>, ack: Ack<{ meeting: Meeting }>) => void;
  'speaker:set-current': (req: SetCurrentSpeakerRequest, ack: Ack<{ meeting: Meeting }>) => void;
  /** Correct a segment; extraction re-runs for its speaker turn and the reply says what changed. */
  'segment:edit': (req: SegmentEditRequest, ack: Ack<{ segment: Segment; reextraction: ReextractionSummary }>) => void;
  'requirement:edit': (req: RequirementEditRequest, ack: Ack<{ requirement: Requirement }>) => void;
  'requirement:merge': (req: RequirementMergeRequest, ack: Ack<{ requirement: Requirement; undoId: string }>) => void;
  'requirement:split': (req: RequirementSplitRequest, ack: Ack<{ source: Requirement; created: Requirement; undoId: string }>) => void;
  'requirement:add': (req: RequirementAddRequest, ack: Ack<{ requirement: Requirement }>) => void;
  /** Undo a merge or split: the requirements it changed, as restored. */
  'requirement:undo': (req: RequirementUndoRequest, ack: Ack<{ requirements: Requirement[] }>) => void;
  'requirement:publish': (req: RequirementIdRequest, ack: Ack<{ requirement: Requirement }>) => void;
  'requirement:withdraw': (req: RequirementIdRequest, ack: Ack<{ requirement: Requirement }>) => void;
  /**
   * A fresh token for this session while its join code is still valid (clients renew before
   * `exp`; the socket's own session is renewed too). `conflict` for sessions an organiser opened.
   */
  'session:renew': (req: Record<string, never>, ack: Ack<{ token: string; session: SessionClaims }>) => void;
}

/** Why the server ended a session's connection (sent as `session:ended` just before it disconnects). */
export type SessionEndReason = 'expired' | 'revoked' | 'meeting_deleted';

/** What the server pushes to a session's rooms. */
export interface ServerToClientEvents {
  /** A sequenced event; clients apply it by the sequencing rule (shared/protocol/sequencing.ts: `prevSeq <= lastSeq`), else `sync`. */
  'meeting:event': (event: MeetingEvent) => void;
  /** Volatile (may be dropped under load): the running hypothesis of the current utterance. */
  'transcript:interim': (interim: InterimTranscript) => void;
  /** Staff only: a venue came online or went offline. */
  'presence:changed': (presence: VenuePresence) => void;
  'model:status': (status: ModelStatusMessage) => void;
  /**
   * The session is over (token expired, join code rotated or revoked, meeting deleted); the server
   * disconnects right after. Any other server-side disconnect (a restart) is not final: reconnect.
   */
  'session:ended': (info: { reason: SessionEndReason }) => void;
  /** Host consoles: another console took the meeting's capture over from the uplink `uplinkId`. */
  'audio:taken-over': (info: { uplinkId: string }) => void;
}

/**
 * Asked of the other nodes (socket.io `serverSideEmit` through the Redis adapter) by a node whose
 * host console wants the meeting's capture while another node holds the meeting's audio.
 */
export interface CaptureYieldRequest {
  meetingId: string;
  /** The asking console's uplink id (the same id is that console having moved nodes, not another one). */
  uplinkId: string | null;
  /** The console asked to take the capture over: end it there and hand the meeting's audio over. */
  takeover: boolean;
  /** Node id of the asking node: the holder hands the meeting's ASR lease straight to it. */
  toNode: string;
}

/** The holder's answer: a host console captures there (null from every other node). */
export interface CaptureYieldReply {
  nodeId: string;
  /** Uplink id of the console capturing there. */
  uplinkId: string;
  /** It ends that capture and hands the meeting's audio to the asking node. */
  yielding: boolean;
}

/** Between server nodes (server/realtime/capture-relay.ts). */
export interface InterServerEvents {
  'capture:yield': (request: CaptureYieldRequest, ack: (reply: CaptureYieldReply | null) => void) => void;
}

/** Per-socket data: the verified session of the handshake token. */
export interface SocketData {
  session: SessionClaims;
}
