/**
 * Reducers: protocol message → meeting state. Each function mutates a *draft* in place the way
 * Solid's `produce` (or Immer) expects, touching only the paths the message concerns, so the
 * store's fine-grained updates re-render one row, never the whole list. They do no I/O and read
 * no clock: the same messages always give the same state. `reduce*` wrap them for tests.
 */
import type {
  Acknowledgement,
  InterimTranscript,
  MeetingEvent,
  MeetingSnapshot,
  ModelStatusMessage,
  Requirement,
  VenuePresence,
} from '../../../shared/protocol/index.ts';
import type { Task, TaskEntry } from '../../../shared/followup/types.ts';
import { ackKey, type MeetingState } from './meeting-state.ts';

function putRequirement(draft: MeetingState, requirement: Requirement): void {
  draft.requirements[requirement.id] = requirement;
}

/** Replace everything with a snapshot (first connect, or too far behind for a replay). */
export function applySnapshot(draft: MeetingState, snapshot: MeetingSnapshot): void {
  draft.lastSeq = snapshot.seq;
  draft.meeting = snapshot.meeting;
  draft.venues = Object.fromEntries(snapshot.venues.map((v) => [v.id, v]));
  draft.segments = Object.fromEntries(snapshot.segments.map((s) => [s.id, s]));
  // Interims the snapshot already holds as finals are stale; others may still be running.
  for (const id of Object.keys(draft.interims)) {
    if (draft.segments[id]) delete draft.interims[id];
  }
  draft.lists = Object.fromEntries(snapshot.lists.map((l) => [l.id, l]));
  draft.requirements = Object.fromEntries(snapshot.requirements.map((r) => [r.id, r]));
  draft.acks = Object.fromEntries(snapshot.acks.map((a) => [ackKey(a.requirementId, a.venueId, a.kind), a]));
  draft.presence = Object.fromEntries(snapshot.presence.map((p) => [p.venueId, p]));
  draft.tasks = Object.fromEntries((snapshot.tasks ?? []).map((t) => [t.id, t]));
  draft.taskEntries = {};
  for (const e of snapshot.taskEntries ?? []) (draft.taskEntries[e.taskId] ??= []).push(e);
  draft.followupThresholds = snapshot.followupThresholds ?? null;
}

/**
 * A task changed: the timeline entry is added once (by id, kept in id order) and the task takes
 * the state that came with its newest entry — so a command's HTTP reply arriving after a later
 * live event never rolls the task back.
 */
export function applyTaskChange(draft: MeetingState, task: Task, entry: TaskEntry): void {
  const entries = (draft.taskEntries[task.id] ??= []);
  if (entries.some((e) => e.id === entry.id)) return;
  const newest = entries.length === 0 || entries[entries.length - 1]!.id < entry.id;
  if (newest) entries.push(entry);
  else entries.splice(entries.findIndex((e) => e.id > entry.id), 0, entry);
  if (newest || !draft.tasks[task.id]) draft.tasks[task.id] = task;
}

/**
 * Apply one sequenced event. The caller applies only what the sequencing rule allows
 * (`shared/protocol/sequencing.ts`: `prevSeq <= lastSeq`, so a venue's chain may skip staff-only
 * numbers); this function still refuses anything at or below `lastSeq`, so a duplicate can never apply twice.
 * Returns false when the event was ignored.
 */
export function applyEvent(draft: MeetingState, event: MeetingEvent): boolean {
  if (draft.lastSeq !== null && event.seq <= draft.lastSeq) return false;
  switch (event.type) {
    case 'meeting:updated':
      draft.meeting = event.payload.meeting;
      break;
    case 'segment:finalized':
    case 'segment:edited':
      draft.segments[event.payload.segment.id] = event.payload.segment;
      delete draft.interims[event.payload.segment.id];
      break;
    case 'list:opened':
    case 'list:updated':
      draft.lists[event.payload.list.id] = event.payload.list;
      break;
    case 'requirement:opened':
    case 'requirement:published':
    case 'requirement:added':
    case 'requirement:restored':
    case 'requirement:updated':
    case 'requirement:closed':
    case 'requirement:edited':
    case 'requirement:withdrawn':
    case 'requirement:retracted':
      putRequirement(draft, event.payload.requirement);
      break;
    case 'requirement:merged':
      putRequirement(draft, event.payload.into);
      for (const removed of event.payload.removed) putRequirement(draft, removed);
      break;
    case 'requirement:split':
      putRequirement(draft, event.payload.source);
      putRequirement(draft, event.payload.created);
      break;
    case 'ack:recorded':
      applyAck(draft, event.payload.ack);
      break;
    case 'venues:updated':
      draft.venues = Object.fromEntries(event.payload.venues.map((v) => [v.id, v]));
      break;
    case 'task:changed':
      applyTaskChange(draft, event.payload.task, event.payload.entry);
      break;
    default: {
      const unknown: never = event;
      void unknown;
      return false;
    }
  }
  draft.lastSeq = event.seq;
  return true;
}

/**
 * Record an acknowledgement. Staff learn of acks through `ack:recorded`; a venue gets its own
 * `ack:recorded` too, but stores the ack as soon as the `ack:submit` callback returns it (the
 * button turns at once), so this is also called directly. Both carry the same record.
 */
export function applyAck(draft: MeetingState, ack: Acknowledgement): void {
  draft.acks[ackKey(ack.requirementId, ack.venueId, ack.kind)] = ack;
}

/** A running hypothesis replaces the previous one for the same segment; finals win over late interims. */
export function applyInterim(draft: MeetingState, interim: InterimTranscript): void {
  if (draft.segments[interim.segmentId]) return;
  // Only the newest utterance is ever running; older interims were abandoned by the recogniser.
  for (const [id, other] of Object.entries(draft.interims)) {
    if (id !== interim.segmentId && other.startMs <= interim.startMs) delete draft.interims[id];
  }
  draft.interims[interim.segmentId] = interim;
}

export function applyPresence(draft: MeetingState, presence: VenuePresence): void {
  draft.presence[presence.venueId] = presence;
}

export function applyModelStatus(draft: MeetingState, status: ModelStatusMessage): void {
  draft.model = status;
}

/** Test helper: the state after a snapshot and events, without touching the inputs. */
export function reduceEvents(state: MeetingState, events: readonly MeetingEvent[]): MeetingState {
  const next = structuredClone(state);
  for (const event of events) applyEvent(next, event);
  return next;
}
