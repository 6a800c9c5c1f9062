/**
 * Sequenced meeting events: every change to a meeting's shared state is one event with a
 * per-meeting sequence number, written to SQLite before it is broadcast. A client that
 * reconnects with its last `seq` receives exactly the events it missed.
 */
import type {
  Acknowledgement,
  Meeting,
  Requirement,
  RequirementList,
  Segment,
  Venue,
} from './domain.ts';
import type { Task, TaskEntry } from '../followup/types.ts';

/**
 * Who may see an event. Host and secretary see both; venues see `all`, plus the `staff` events
 * stored for them (their own `ack:recorded`). In review mode the machine's drafts are `staff`
 * until a secretary publishes them.
 */
export type Audience = 'all' | 'staff';

/** Payloads of sequenced events, by event type. */
export interface MeetingEventPayloads {
  'meeting:updated': { meeting: Meeting };
  'segment:finalized': { segment: Segment };
  'segment:edited': { segment: Segment };
  'list:opened': { list: RequirementList };
  'list:updated': { list: RequirementList };
  /** A new item from the extractor (`provisional` when only an interim recognition shows it so far). */
  'requirement:opened': { requirement: Requirement };
  /** Machine change: text grew, confirmed by a final, renumbered, or re-extracted after a correction. */
  'requirement:updated': { requirement: Requirement };
  'requirement:closed': { requirement: Requirement };
  'requirement:published': { requirement: Requirement };
  'requirement:withdrawn': { requirement: Requirement };
  /** The machine withdrew an item it had shown (`retractedAt` set): venues remove it. */
  'requirement:retracted': { requirement: Requirement };
  /** A secretary added an item by hand (e.g. a point the recogniser missed). */
  'requirement:added': { requirement: Requirement };
  /** An item is back (a merge was undone). */
  'requirement:restored': { requirement: Requirement };
  /** Secretary edit of fields; `requirement` is the whole new state. */
  'requirement:edited': { requirement: Requirement };
  /** `into` absorbed `removed` (removed are now withdrawn). */
  'requirement:merged': { into: Requirement; removed: Requirement[] };
  /** `source` was cut in two; `created` is the new second half. */
  'requirement:split': { source: Requirement; created: Requirement };
  /**
   * Audience staff, plus the venue that acknowledged (live to its own room, and in sync replays);
   * that venue also has the ack from its `ack:submit` callback.
   */
  'ack:recorded': { ack: Acknowledgement };
  /** Venues were imported or changed (whole list, join codes never included). */
  'venues:updated': { venues: Venue[] };
  /**
   * A follow-up task changed after the meeting (issued, signed, reported, reviewed, reminded,
   * warned …): the task as it is now and the audited timeline entry that changed it. Audience
   * staff, plus the task's own venue (as with acks: stored with its `venueId`).
   */
  'task:changed': { task: Task; entry: TaskEntry };
}

/** The type tag of a sequenced event. */
export type MeetingEventType = keyof MeetingEventPayloads;

/** A sequenced event as it crosses the wire (`meeting:event`, and in `sync` replies), a union over its type. */
export type MeetingEvent = {
  [K in MeetingEventType]: {
    /** Per-meeting sequence number, 1, 2, 3 … without gaps (across all audiences). */
    seq: number;
    /**
     * Seq of the previous event *this recipient* may see (0 if none). Staff see every event, so
     * for them it is `seq - 1`; venues skip staff-only events other than their own acks, so
     * theirs can be lower.
     * Client rule: ignore if `seq <= lastSeq`; apply if `prevSeq <= lastSeq`; otherwise events
     * were missed → `sync { lastSeq }`.
     */
    prevSeq: number;
    meetingId: string;
    type: K;
    audience: Audience;
    /** Server time the event was stored (just before it was emitted), ISO-8601 with ms. */
    at: string;
    payload: MeetingEventPayloads[K];
  };
}[MeetingEventType];
