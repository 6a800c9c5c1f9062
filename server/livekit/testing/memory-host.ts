/**
 * The server side the LiveKit routes plug into, held in memory for tests: meetings and venues
 * as plain records, real signed session tokens (server/auth/session-token.ts), and recordings of
 * attendance, ended meetings and opened audio sinks. It stands in for the meeting server, not
 * for LiveKit.
 */
import type { Meeting, Role, Venue, VenuePresence } from '../../../shared/protocol/index.ts';
import { signSession, verifySession } from '../../auth/session-token.ts';
import type { AudioChunk, TranscriptSegment } from '../../transcription/types.ts';
import type { LiveKitHost, MeetingAudioSink } from '../host.ts';

export const SESSION_SECRET = 'test-session-secret-0123456789';

export interface RecordedSink {
  meetingId: string;
  sourceLabel: string;
  chunks: AudioChunk[];
  ended: boolean;
}

export class MemoryHost implements LiveKitHost {
  readonly meetings = new Map<string, Meeting>();
  readonly venues = new Map<string, Venue>();
  readonly attendance: { meetingId: string; presence: VenuePresence }[] = [];
  readonly ended: string[] = [];
  readonly sinks: RecordedSink[] = [];
  private readonly segmentListeners = new Set<(meetingId: string, segment: TranscriptSegment) => void>();
  private readonly statusListeners = new Set<(meeting: Meeting) => void>();

  add(meeting: Meeting, ...venues: Venue[]): this {
    this.meetings.set(meeting.id, meeting);
    for (const v of venues) this.venues.set(v.id, v);
    return this;
  }

  /** A signed session token, as POST /api/join would return it. */
  session(role: Role, meetingId: string, venueId: string, ttlSeconds = 3600): string {
    return signSession({ role, meetingId, venueId, exp: Math.floor(Date.now() / 1000) + ttlSeconds }, SESSION_SECRET);
  }

  verifySession(token: string) {
    return verifySession(token, SESSION_SECRET);
  }

  async getMeeting(meetingId: string): Promise<Meeting | null> {
    return this.meetings.get(meetingId) ?? null;
  }

  async getVenue(meetingId: string, venueId: string): Promise<Venue | null> {
    const v = this.venues.get(venueId);
    return v && v.meetingId === meetingId ? v : null;
  }

  async recordAttendance(meetingId: string, presence: VenuePresence): Promise<void> {
    this.attendance.push({ meetingId, presence });
  }

  async endMeeting(meetingId: string): Promise<void> {
    const m = this.meetings.get(meetingId);
    if (m) this.setStatus({ ...m, status: 'ended', endedAt: new Date().toISOString() });
    this.ended.push(meetingId);
  }

  setStatus(meeting: Meeting): void {
    this.meetings.set(meeting.id, meeting);
    for (const l of this.statusListeners) l(meeting);
  }

  /** Delivers a segment as the transcription pipeline would. */
  emitSegment(meetingId: string, segment: TranscriptSegment): void {
    for (const l of this.segmentListeners) l(meetingId, segment);
  }

  meetingAudio = {
    prepare: async (meetingId: string) => ({ open: (sourceLabel: string) => this.meetingAudio.open(meetingId, sourceLabel) }),
    /** Like the server's: one source per meeting, opening a new one ends the previous. */
    open: (meetingId: string, sourceLabel: string): MeetingAudioSink => {
      for (const previous of this.sinks) if (previous.meetingId === meetingId) previous.ended = true;
      const sink: RecordedSink = { meetingId, sourceLabel, chunks: [], ended: false };
      this.sinks.push(sink);
      return {
        push: (chunk) => {
          if (sink.ended) return false; // dropped, as the server does after end()
          sink.chunks.push(chunk);
          return true;
        },
        end: async () => {
          sink.ended = true;
        },
        get ended() {
          return sink.ended;
        },
      };
    },
    active: (meetingId: string) => this.sinks.find((s) => s.meetingId === meetingId && !s.ended) ?? null,
    onSegment: (listener: (meetingId: string, segment: TranscriptSegment) => void) => {
      this.segmentListeners.add(listener);
      return () => void this.segmentListeners.delete(listener);
    },
  };

  onMeetingStatus(listener: (meeting: Meeting) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }
}
