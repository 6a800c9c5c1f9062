/**
 * The audio streams of this node, per meeting: the active one (the source being heard now) and
 * every one not yet fully ended (superseded ones still draining), plus the grace timers of streams
 * whose sender disconnected and may resume.
 */
import type { MeetingAudioStream } from './meeting-audio-types.ts';

export interface AudioStreams {
  active(meetingId: string): MeetingAudioStream | null;
  /** The meeting's streams not yet fully ended. */
  of(meetingId: string): MeetingAudioStream[];
  all(): MeetingAudioStream[];
  /** A newly opened stream becomes the meeting's active one. */
  add(meetingId: string, stream: MeetingAudioStream): void;
  /** An ended stream leaves; true when the meeting has no stream left. */
  remove(meetingId: string, stream: MeetingAudioStream): boolean;
  forgetMeeting(meetingId: string): void;
  /** End `stream` after `graceMs` unless it is resumed first. */
  suspend(stream: MeetingAudioStream, graceMs: number): void;
  /** Cancel a pending grace end (the sender came back, or the stream ends anyway). */
  unsuspend(stream: MeetingAudioStream): void;
}

export function createAudioStreams(): AudioStreams {
  const active = new Map<string, MeetingAudioStream>();
  const open = new Map<string, Set<MeetingAudioStream>>();
  const graceTimers = new Map<MeetingAudioStream, NodeJS.Timeout>();
  return {
    active: (meetingId) => active.get(meetingId) ?? null,
    of: (meetingId) => [...(open.get(meetingId) ?? [])],
    all: () => [...open.values()].flatMap((set) => [...set]),
    add(meetingId, stream) {
      active.set(meetingId, stream);
      let set = open.get(meetingId);
      if (!set) open.set(meetingId, (set = new Set()));
      set.add(stream);
    },
    remove(meetingId, stream) {
      if (active.get(meetingId) === stream) active.delete(meetingId);
      open.get(meetingId)?.delete(stream);
      return open.get(meetingId)?.size === 0;
    },
    forgetMeeting(meetingId) {
      open.delete(meetingId);
    },
    suspend(stream, graceMs) {
      if (stream.ended || graceTimers.has(stream)) return;
      const timer = setTimeout(() => void stream.end(), graceMs);
      timer.unref();
      graceTimers.set(stream, timer);
    },
    unsuspend(stream) {
      clearTimeout(graceTimers.get(stream));
      graceTimers.delete(stream);
    },
  };
}
