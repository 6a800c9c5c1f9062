/**
 * The SDK edge of the transcription agent (shape of agents-js room_io/_input.ts): subscribes to
 * ONE participant's microphone in an rtc-node Room and hands it on as a stream of 48 kHz mono
 * AudioFrames. Switching participant aborts the old stream and unsubscribes its track. Nothing
 * after this class touches the SDK.
 */
import {
  AudioStream,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
  RoomEvent,
  TrackSource,
} from '@livekit/rtc-node';
import { AGENT_CHANNELS, AGENT_SAMPLE_RATE_HZ } from './agent-frames.ts';
import type { SpeakerStream } from './agent-session.ts';

export class ParticipantAudioInput {
  private identity: string | null = null;
  private publication: RemoteTrackPublication | null = null;
  private stop: AbortController | null = null;
  /** The next stream comes from a host command and may take the meeting's audio over. */
  private takeOver = false;

  constructor(
    private readonly room: Room,
    /** Called with each new speaker stream; the consumer reads it until it ends or aborts. */
    private readonly onStream: (stream: SpeakerStream) => void,
  ) {
    room.on(RoomEvent.TrackPublished, this.onTrackPublished);
    room.on(RoomEvent.TrackSubscribed, this.onTrackSubscribed);
    room.on(RoomEvent.TrackUnpublished, this.onTrackGone);
    room.on(RoomEvent.TrackUnsubscribed, this.onTrackUnsubscribed);
    room.on(RoomEvent.ParticipantDisconnected, this.onParticipantDisconnected);
  }

  /** The participant currently listened to (null: nobody). */
  get participantIdentity(): string | null {
    return this.identity;
  }

  /**
   * Listen to this participant's microphone from now on (null: stop listening). `restart` marks
   * a host command: a fresh stream even for the same participant, allowed to take the meeting's
   * audio over from another source (e.g. after the host's socket microphone had it).
   */
  setParticipant(identity: string | null, restart = false): void {
    if (identity === this.identity && !restart) return;
    this.dropStream(identity !== this.identity);
    this.takeOver = restart;
    this.identity = identity;
    if (!identity) return;
    const participant = this.room.remoteParticipants.get(identity);
    if (!participant) return; // TrackPublished fires when it joins and publishes.
    for (const publication of participant.trackPublications.values()) {
      if (publication.source === TrackSource.SOURCE_MICROPHONE) {
        this.subscribe(publication, participant);
        break;
      }
    }
  }

  private subscribe(publication: RemoteTrackPublication, participant: RemoteParticipant): void {
    // The agent joins with autoSubscribe off: it downloads only the speaker's microphone,
    // not 100+ venues' audio and video.
    if (!publication.subscribed) publication.setSubscribed(true);
    if (publication.track) this.onTrackSubscribed(publication.track, publication, participant);
  }

  private onTrackPublished = (publication: RemoteTrackPublication, participant: RemoteParticipant) => {
    if (participant.identity === this.identity && publication.source === TrackSource.SOURCE_MICROPHONE) {
      this.subscribe(publication, participant);
    }
  };

  private onTrackSubscribed = (
    track: RemoteTrack,
    publication: RemoteTrackPublication,
    participant: RemoteParticipant,
  ) => {
    if (
      participant.identity !== this.identity ||
      publication.source !== TrackSource.SOURCE_MICROPHONE ||
      (this.publication && this.publication.sid === publication.sid)
    ) {
      return;
    }
    this.dropStream(false);
    this.publication = publication;
    this.stop = new AbortController();
    const frames = new AudioStream(track, { sampleRate: AGENT_SAMPLE_RATE_HZ, numChannels: AGENT_CHANNELS });
    this.onStream({
      identity: participant.identity,
      trackSid: publication.sid ?? '',
      frames,
      signal: this.stop.signal,
      takeOver: this.takeOver,
    });
    this.takeOver = false;
  };

  private onTrackGone = (publication: RemoteTrackPublication, participant: RemoteParticipant) => {
    if (participant.identity === this.identity && this.publication?.sid === publication.sid) this.dropStream(false);
  };

  private onTrackUnsubscribed = (_track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant) =>
    this.onTrackGone(publication, participant);

  private onParticipantDisconnected = (participant: RemoteParticipant) => {
    if (participant.identity === this.identity) this.dropStream(false);
  };

  /** Ends the current stream; `unsubscribe` also stops downloading the track. */
  private dropStream(unsubscribe: boolean): void {
    this.stop?.abort();
    this.stop = null;
    if (unsubscribe && this.publication?.subscribed) this.publication.setSubscribed(false);
    this.publication = null;
  }

  close(): void {
    this.room.off(RoomEvent.TrackPublished, this.onTrackPublished);
    this.room.off(RoomEvent.TrackSubscribed, this.onTrackSubscribed);
    this.room.off(RoomEvent.TrackUnpublished, this.onTrackGone);
    this.room.off(RoomEvent.TrackUnsubscribed, this.onTrackUnsubscribed);
    this.room.off(RoomEvent.ParticipantDisconnected, this.onParticipantDisconnected);
    this.dropStream(true);
    this.identity = null;
  }
}
