/**
 * What the LiveKit module needs from the rest of the server, as one small deps object.
 * plugin.ts builds it from the Fastify instance's decorations; tests build it from plain
 * in-memory records. Nothing in server/livekit/ reaches into the server any other way.
 */
import type { Meeting, SessionClaims, Venue, VenuePresence } from '../../shared/protocol/index.ts';
import type { AudioChunk, TranscriptSegment } from '../transcription/types.ts';

/** One open audio input into a meeting's transcription pipeline. */
export interface MeetingAudioSink {
  /** Push PCM. Returns false when the recogniser queue is full (the chunk is still accepted). */
  push(chunk: AudioChunk): boolean;
  /** End of this source: flushes the running utterance; resolves when its finals were delivered. */
  end(): Promise<void>;
  /**
   * True once the source ended — also when another source (the host's socket stream) took the
   * meeting over: the server keeps one audio source per meeting and the last opener wins.
   */
  readonly ended?: boolean;
}

/** The server's per-meeting transcription entry point. */
export interface MeetingAudio {
  /**
   * Reads what opening the meeting's audio input needs (the meeting must be live); the `open` it
   * returns is synchronous, so checking the active source and opening are one step.
   * `sourceLabel` names the source in logs (e.g. "livekit:<venueId>").
   */
  prepare(meetingId: string): Promise<{ open(sourceLabel: string): MeetingAudioSink }>;
  /** Every interim and final segment of every meeting; returns an unsubscribe function. */
  onSegment(listener: (meetingId: string, segment: TranscriptSegment) => void): () => void;
  /** The meeting's open source, if any (the agent does not take over a socket source on its own). */
  active?(meetingId: string): { readonly sourceLabel: string; readonly ended: boolean } | null;
}

export interface LiveKitHost {
  /** Verifies a signed Luoshi session token; null when invalid or expired. */
  verifySession(token: string): SessionClaims | null;
  getMeeting(meetingId: string): Promise<Meeting | null>;
  /** The venue, or null when it does not exist or belongs to another meeting. */
  getVenue(meetingId: string, venueId: string): Promise<Venue | null>;
  /** Stores a venue's video attendance and shows it on the host board. */
  recordAttendance(meetingId: string, presence: VenuePresence): Promise<void>;
  /** Ends a live meeting (LiveKit closed its room). */
  endMeeting(meetingId: string): Promise<void>;
  meetingAudio: MeetingAudio;
  /** Meeting status changes (draft → live → ended); returns an unsubscribe function. */
  onMeetingStatus(listener: (meeting: Meeting) => void): () => void;
}
