/**
 * Meeting slice: the Solid store holding `MeetingState`, patched in place by the reducers
 * through `produce`, so one event re-renders only the rows it touches.
 */
import { batch } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type {
  Acknowledgement,
  InterimTranscript,
  MeetingEvent,
  MeetingSnapshot,
  ModelStatusMessage,
  VenuePresence,
} from '../../../shared/protocol/index.ts';
import {
  applyAck,
  applyEvent,
  applyInterim,
  applyModelStatus,
  applySnapshot,
  applyTaskChange,
} from '../state/apply-event.ts';
import type { Task, TaskEntry } from '../../../shared/followup/types.ts';
import { emptyMeetingState, type MeetingState } from '../state/meeting-state.ts';

export interface MeetingActions {
  applySnapshot: (snapshot: MeetingSnapshot) => void;
  /** Apply events in order; returns how many applied (duplicates are skipped). */
  applyEvents: (events: readonly MeetingEvent[]) => number;
  applyInterim: (interim: InterimTranscript) => void;
  applyPresence: (presence: VenuePresence) => void;
  applyModelStatus: (status: ModelStatusMessage) => void;
  /** A venue's own acknowledgement, confirmed by the `ack:submit` callback. */
  applyAck: (ack: Acknowledgement) => void;
  /** A task command's reply (the same change also arrives as a `task:changed` event). */
  applyTaskChange: (task: Task, entry: TaskEntry) => void;
  reset: () => void;
}

export function createMeeting(): { meeting: MeetingState; actions: MeetingActions } {
  const [meeting, setMeeting] = createStore<MeetingState>(emptyMeetingState());
  const actions: MeetingActions = {
    applySnapshot: (snapshot) => setMeeting(produce((draft) => applySnapshot(draft, snapshot))),
    applyEvents: (events) => {
      let applied = 0;
      batch(() => {
        for (const event of events) {
          setMeeting(
            produce((draft) => {
              if (applyEvent(draft, event)) applied += 1;
            }),
          );
        }
      });
      return applied;
    },
    applyInterim: (interim) => setMeeting(produce((draft) => applyInterim(draft, interim))),
    applyPresence: (presence) => setMeeting('presence', presence.venueId, presence),
    applyModelStatus: (status) => setMeeting(produce((draft) => applyModelStatus(draft, status))),
    applyAck: (ack) => setMeeting(produce((draft) => applyAck(draft, ack))),
    applyTaskChange: (task, entry) => setMeeting(produce((draft) => applyTaskChange(draft, task, entry))),
    reset: () => setMeeting(produce((draft) => Object.assign(draft, emptyMeetingState()))),
  };
  return { meeting, actions };
}
