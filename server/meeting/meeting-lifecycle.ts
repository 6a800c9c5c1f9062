/**
 * Starting and ending a meeting with everything that goes with it (the model warmed up at the
 * start; at the end the audio drained, the extractor's lists closed, follow-up tasks issued), and
 * MeetingControl, the face other modules (LiveKit) see. Every command returns its result and a
 * `publish` that the caller runs after acknowledging it: validate → persist → ack → broadcast.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Meeting, Venue, VenuePresence } from '../../shared/protocol/domain.ts';
import type { Store } from '../db/store.ts';
import type { MeetingAudio } from './meeting-audio.ts';
import type { MeetingsService } from './meetings-service.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import type { PresenceTracker, PresenceTransition } from './presence.ts';
import type { TranscriptPipeline } from './transcript-pipeline.ts';

/** A committed lifecycle command: its result, and the broadcast to run after the ack. */
export interface LifecycleCommand {
  result: Meeting;
  publish: () => void;
}

/** Start/end with their side effects (audio closed, extractor ended, listeners told). */
export interface MeetingLifecycle {
  /** draft → live (idempotent). */
  start(meetingId: string): Promise<LifecycleCommand>;
  /**
   * → ended, once every stream drained and the transcript pipeline finished all it was given;
   * nothing is broadcast before `publish`.
   */
  end(meetingId: string): Promise<LifecycleCommand>;
  /**
   * At boot, before anyone can connect: every live meeting's extractor rebuilt from its stored
   * transcript, then the words a crashed process had heard but not stored, replayed from the spool.
   */
  resumeLive(): Promise<void>;
}

/** Meeting state for other modules: read meetings/venues, record attendance, start/end, watch status. */
export interface MeetingControl {
  getMeeting(meetingId: string): Promise<Meeting | null>;
  /** The venue, or null when it does not exist or belongs to another meeting. */
  getVenue(meetingId: string, venueId: string): Promise<Venue | null>;
  venues(meetingId: string): Promise<Venue[]>;
  /** Meetings live now (started, not ended). */
  listLive(): Promise<Meeting[]>;
  /**
   * LiveKit attendance of a venue (participant joined/left). Merged with socket presence:
   * a venue is online while either says so; staff get `presence:changed`.
   */
  recordAttendance(meetingId: string, presence: VenuePresence): Promise<void>;
  /** draft → live (idempotent). */
  startMeeting(meetingId: string): Promise<Meeting>;
  /** → ended: closes the audio source, closes the extractor's lists, emits meeting:updated (idempotent). */
  endMeeting(meetingId: string): Promise<Meeting>;
  /** Called after every status change (draft → live → ended); returns unsubscribe. */
  onMeetingStatus(listener: (meeting: Meeting) => void): () => void;
}

/** What the follow-up does when a meeting ends or its corrected minutes are approved. */
export interface FollowupHooks {
  issueTasks(meetingId: string): void;
  refreshTasks(meetingId: string): void;
}

export interface MeetingLifecycleDeps {
  store: Store;
  meetings: MeetingsService;
  audio: MeetingAudio;
  pipeline: TranscriptPipeline;
  presence: PresenceTracker;
  followup: FollowupHooks;
  /** Load the recogniser in the background (the host gets ready to speak meanwhile). */
  warmUp: () => void;
  log: FastifyBaseLogger;
}

/** The lifecycle, MeetingControl, and the meetings service whose closeCorrections refreshes tasks. */
export function createMeetingLifecycle(deps: MeetingLifecycleDeps): {
  lifecycle: MeetingLifecycle;
  control: MeetingControl;
  meetings: MeetingsService;
} {
  const { store, audio, pipeline, presence, followup, log } = deps;
  // Closing the corrections approves the corrected minutes: the tasks follow them.
  const meetings: MeetingsService = {
    ...deps.meetings,
    async closeCorrections(s) {
      const c = await deps.meetings.closeCorrections(s);
      return { ...c, publish: () => { c.publish(); if (c.events.length > 0) followup.refreshTasks(s.meetingId); } };
    },
  };

  // One venue's LiveKit joins and leaves reach presence in the order they were reported.
  const attendanceQueue = createKeyedQueue();
  const statusListeners = new Set<(m: Meeting) => void>();
  const notifyStatus = (m: Meeting) => {
    for (const l of statusListeners) {
      try {
        l(m);
      } catch (err) {
        log.error({ err }, 'meeting status listener failed');
      }
    }
  };

  const lifecycle: MeetingLifecycle = {
    async start(meetingId) {
      const c = await meetings.start(meetingId);
      return {
        result: c.result,
        publish: () => {
          c.publish();
          if (c.events.length === 0) return;
          notifyStatus(c.result);
          deps.warmUp();
        },
      };
    },
    async end(meetingId) {
      await meetings.get(meetingId);
      await audio.close(meetingId);
      // Queued behind every final and interim the drained streams handed over. The lists the
      // extractor closes belong to this command: broadcast with it, after its ack.
      const publishClosedLists = await pipeline.endMeeting(meetingId);
      const c = await meetings.end(meetingId);
      return {
        result: c.result,
        publish: () => {
          publishClosedLists();
          c.publish();
          if (c.events.length > 0) notifyStatus(c.result);
          followup.issueTasks(meetingId);
        },
      };
    },
    async resumeLive() {
      for (const m of await meetings.listLive()) {
        const emitted = await pipeline.resume(m.id);
        log.info({ meetingId: m.id, emitted }, 'meeting resumed');
      }
      // After the extractors are rebuilt: replayed finals reach them after the stored ones, in order.
      await audio.recover();
    },
  };

  const control: MeetingControl = {
    getMeeting: async (id) => store.meetings.get(id),
    getVenue: async (meetingId, venueId) => {
      const v = await store.venues.get(venueId);
      return v && v.meetingId === meetingId ? v : null;
    },
    venues: async (id) => store.venues.list(id),
    listLive: () => meetings.listLive(),
    recordAttendance: (meetingId, p) =>
      attendanceQueue.run(`${meetingId}|${p.venueId}`, async () => {
        if (!(await control.getVenue(meetingId, p.venueId))) return;
        presence.attendance(meetingId, p.venueId, {
          online: p.online,
          ...(p.joinedAt ? { joinedAt: p.joinedAt } : {}),
          ...(p.leftAt ? { leftAt: p.leftAt } : {}),
        });
      }),
    async startMeeting(meetingId) {
      const c = await lifecycle.start(meetingId);
      c.publish();
      return c.result;
    },
    async endMeeting(meetingId) {
      const c = await lifecycle.end(meetingId);
      c.publish();
      return c.result;
    },
    onMeetingStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
  return { lifecycle, control, meetings };
}

/**
 * Stores attendance as it happens, so the minutes' 出席/迟到/请假 survive a restart. Transitions
 * come from synchronous presence callbacks and are written one after another in the order they
 * happened (a join and the leave after it must not swap). While the server shuts down its sockets
 * close, but the venues did not leave: `stop()` ends recording first, and resolves once what was
 * recorded before is stored.
 */
export function createAttendanceRecorder(store: Store, log: FastifyBaseLogger): { record(t: PresenceTransition): void; stop(): Promise<void> } {
  let stopped = false;
  let written: Promise<void> = Promise.resolve();
  const write = async (t: PresenceTransition) => {
    try {
      if (t.online) await store.attendance.joined(t.meetingId, t.venueId, t.at);
      else await store.attendance.left(t.venueId, t.at);
    } catch (err) {
      // e.g. the venue's meeting was just deleted: nothing left to record it for.
      log.warn({ err, meetingId: t.meetingId, venueId: t.venueId }, 'attendance not stored');
    }
  };
  return {
    record(t) {
      if (stopped) return;
      written = written.then(() => write(t));
    },
    async stop() {
      stopped = true;
      await written;
    },
  };
}
