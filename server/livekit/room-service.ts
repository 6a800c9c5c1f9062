/**
 * Room adapter: the only place that calls LiveKit's RoomService (Twirp over HTTP). One room per
 * meeting, opened when the meeting goes live and deleted when it ends; host commands (mute,
 * spotlight, roll call, transcribed speaker) become track mutes and room-metadata updates.
 */
import { RoomServiceClient, TrackSource, TwirpError } from 'livekit-server-sdk';
import type { Meeting } from '../../shared/protocol/index.ts';
import {
  decodeRoomMetadata,
  encodeRoomMetadata,
  initialRoomMetadata,
  type RoomMetadata,
} from '../../shared/livekit/metadata.ts';
import { ROOM_DEPARTURE_TIMEOUT_SECONDS, ROOM_EMPTY_TIMEOUT_SECONDS, type LiveKitEnabled } from './config.ts';
import { roomNameForMeeting } from './tokens.ts';

/** Timeout of one RoomService request, seconds: host commands must fail fast, not hang the UI. */
export const ROOM_SERVICE_TIMEOUT_SECONDS = 5;

/** The venue has no participant in the room (not connected to video). */
export class VenueNotInRoomError extends Error {
  readonly retryable = false;
  constructor(readonly venueId: string) {
    super(`venue ${venueId} is not in the LiveKit room`);
    this.name = 'VenueNotInRoomError';
  }
}

/** LiveKit could not be reached or refused the call; the caller may retry. */
export class LiveKitUnavailableError extends Error {
  readonly retryable = true;
  constructor(operation: string, cause: unknown) {
    super(`LiveKit ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'LiveKitUnavailableError';
  }
}

/** Result of a mute/unmute: how many microphone tracks changed state. */
export interface MuteResult {
  tracks: number;
}

function isTwirpNotFound(err: unknown): boolean {
  return err instanceof TwirpError && (err.status === 404 || err.code === 'not_found');
}

export class LiveKitRooms {
  private readonly client: RoomServiceClient;
  /** Per-meeting chain so concurrent host commands never lose each other's metadata edits. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Meetings whose room this process created (and has not deleted) since it started. */
  private readonly created = new Set<string>();

  constructor(config: LiveKitEnabled, client?: RoomServiceClient) {
    this.client =
      client ??
      new RoomServiceClient(config.url, config.apiKey, config.apiSecret, {
        requestTimeout: ROOM_SERVICE_TIMEOUT_SECONDS,
      });
  }

  /** Creates (or re-configures) the meeting's room with its metadata and timeouts. */
  async openMeetingRoom(meeting: Pick<Meeting, 'id' | 'title'>): Promise<RoomMetadata> {
    const metadata = initialRoomMetadata(meeting);
    await this.call('CreateRoom', () =>
      this.client.createRoom({
        name: roomNameForMeeting(meeting.id),
        emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS,
        departureTimeout: ROOM_DEPARTURE_TIMEOUT_SECONDS,
        metadata: encodeRoomMetadata(metadata),
      }),
    );
    this.created.add(meeting.id);
    return metadata;
  }

  /**
   * Before a participant token is issued: the room must exist with its metadata and timeouts
   * (tokens carry no roomConfig, so a room auto-created by a participant would have neither).
   * CreateRoom once per meeting and process; later calls do nothing.
   */
  async ensureMeetingRoom(meeting: Pick<Meeting, 'id' | 'title'>): Promise<void> {
    if (this.created.has(meeting.id)) return;
    await this.openMeetingRoom(meeting);
  }

  /** Deletes the meeting's room, disconnecting everyone. A room already gone is not an error. */
  async closeMeetingRoom(meetingId: string): Promise<void> {
    this.created.delete(meetingId);
    try {
      await this.client.deleteRoom(roomNameForMeeting(meetingId));
    } catch (err) {
      if (isTwirpNotFound(err)) return;
      throw new LiveKitUnavailableError('DeleteRoom', err);
    }
  }

  /** Mutes (or unmutes) every microphone track the venue's participant publishes. */
  async muteVenue(meetingId: string, identity: string, muted: boolean): Promise<MuteResult> {
    const room = roomNameForMeeting(meetingId);
    let participant;
    try {
      participant = await this.client.getParticipant(room, identity);
    } catch (err) {
      if (isTwirpNotFound(err)) throw new VenueNotInRoomError(identity);
      throw new LiveKitUnavailableError('GetParticipant', err);
    }
    const microphones = participant.tracks.filter((t) => t.source === TrackSource.MICROPHONE && t.muted !== muted);
    for (const track of microphones) {
      await this.call('MutePublishedTrack', () => this.client.mutePublishedTrack(room, identity, track.sid, muted));
    }
    return { tracks: microphones.length };
  }

  /** Shows a venue large for everyone (null: back to the main venue). */
  spotlight(meetingId: string, venueId: string | null): Promise<RoomMetadata> {
    return this.updateMetadata(meetingId, (m) => ({ ...m, spotlightVenueId: venueId }));
  }

  /**
   * Roll call (点名): the venue is highlighted and spotlighted, and its microphone unmuted.
   * Remote unmute needs `room.enable_remote_unmute` on the LiveKit server; the venue's own client
   * also turns its microphone on when it sees itself under roll call, so either path suffices.
   */
  async rollCall(meetingId: string, venueId: string | null): Promise<{ metadata: RoomMetadata; unmuted: number }> {
    const metadata = await this.updateMetadata(meetingId, (m) => ({
      ...m,
      rollCallVenueId: venueId,
      spotlightVenueId: venueId,
    }));
    if (venueId === null) return { metadata, unmuted: 0 };
    try {
      const { tracks } = await this.muteVenue(meetingId, venueId, false);
      return { metadata, unmuted: tracks };
    } catch (err) {
      // Called before the venue joined video: the highlight stands, its client unmutes on join.
      if (err instanceof VenueNotInRoomError) return { metadata, unmuted: 0 };
      throw err;
    }
  }

  /** Records whose microphone is transcribed, so every client can show it. */
  setTranscribedSpeaker(meetingId: string, venueId: string | null): Promise<RoomMetadata> {
    return this.updateMetadata(meetingId, (m) => ({ ...m, speakerVenueId: venueId }));
  }

  /** Read-modify-write of the room metadata, serialised per meeting. */
  updateMetadata(meetingId: string, change: (current: RoomMetadata) => RoomMetadata): Promise<RoomMetadata> {
    const previous = this.queues.get(meetingId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const room = roomNameForMeeting(meetingId);
      const rooms = await this.call('ListRooms', () => this.client.listRooms([room]));
      const current = decodeRoomMetadata(rooms[0]?.metadata) ?? initialRoomMetadata({ id: meetingId, title: '' });
      const updated = change(current);
      await this.call('UpdateRoomMetadata', () => this.client.updateRoomMetadata(room, encodeRoomMetadata(updated)));
      return updated;
    });
    this.queues.set(meetingId, next);
    void next.finally(() => {
      if (this.queues.get(meetingId) === next) this.queues.delete(meetingId);
    }).catch(() => undefined);
    return next;
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new LiveKitUnavailableError(operation, err);
    }
  }
}
