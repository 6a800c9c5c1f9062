/**
 * Solid primitive around one livekit-client Room: fetches a token, connects, publishes
 * by layout, plays remote audio, and exposes a `version` signal that changes on every room event
 * (tiles read the Room through it, so a <video> element is never re-created on updates).
 */
import { ConnectionState, Room, RoomEvent, Track, type Participant, type RemoteTrack } from 'livekit-client';
import { createSignal, onCleanup, onMount } from 'solid-js';
import { createStore } from 'solid-js/store';
import { decodeRoomMetadata, PARTICIPANT_ATTR, type RoomMetadata } from '../../../shared/livekit/metadata.ts';
import { UserFacingError } from '../api/errors.ts';
import { deviceErrorMessage, insecureContextError, type MediaKind } from './device-error.ts';
import { publishDevices } from './publish-devices.ts';
import { venueMicWanted, type TileInfo, type VideoLayout } from './layout.ts';
import { fetchVideoToken } from './video-api.ts';

export type VideoPhase = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

export interface VideoRoomState {
  phase: VideoPhase;
  /** Chinese message for phase 'error' / 'disconnected'. */
  error: string | null;
  /** Camera/microphone problem (the meeting continues without them). */
  deviceError: string | null;
  metadata: RoomMetadata | null;
  /** False until the user clicks: browsers block autoplaying sound. */
  canPlayAudio: boolean;
}

const CONNECT_ERROR = '视频会议连接失败，请检查网络或稍后重试';

/** TileInfo of a livekit-client participant (attributes come from the server-signed token). */
export function tileInfo(p: Participant, isLocal: boolean): TileInfo {
  const role = p.attributes[PARTICIPANT_ATTR.role];
  return {
    identity: p.identity,
    venueId: p.attributes[PARTICIPANT_ATTR.venueId] ?? p.identity,
    name: p.name || p.identity,
    isMain: p.attributes[PARTICIPANT_ATTR.isMain] === '1',
    isVenue: role === 'host' || role === 'venue',
    isLocal,
    speaking: p.isSpeaking,
  };
}

export function createVideoRoom(options: { sessionToken: () => string; layout: () => VideoLayout; audioHost: () => HTMLElement | undefined }) {
  const [state, setState] = createStore<VideoRoomState>({
    phase: 'connecting',
    error: null,
    deviceError: null,
    metadata: null,
    canPlayAudio: true,
  });
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion((v) => v + 1);
  let room: Room | null = null;
  let disposed = false;

  const attachAudio = (track: RemoteTrack) => {
    if (track.kind !== Track.Kind.Audio) return;
    const element = track.attach();
    element.setAttribute('data-lk-audio', '');
    options.audioHost()?.appendChild(element);
  };
  const detachAudio = (track: RemoteTrack) => {
    if (track.kind === Track.Kind.Audio) for (const el of track.detach()) el.remove();
  };

  /** A branch venue opens its microphone only when called on (点名) or made the speaker. */
  const syncVenueMicrophone = async () => {
    if (!room || options.layout() !== 'venue' || room.state !== ConnectionState.Connected) return;
    const own = room.localParticipant.attributes[PARTICIPANT_ATTR.venueId] ?? room.localParticipant.identity;
    const wanted = venueMicWanted(state.metadata, own);
    if (room.localParticipant.isMicrophoneEnabled === wanted) return;
    try {
      await publish(room, 'microphone', wanted);
      if (state.deviceError?.includes('麦克风')) setState('deviceError', null);
    } catch (error) {
      setState('deviceError', deviceErrorMessage('microphone', error));
    }
  };

  /** Enable or disable one kind of track; the browser's or LiveKit's own error is thrown as is. */
  const publish = async (r: Room, kind: MediaKind, enabled: boolean) => {
    if (enabled && !navigator.mediaDevices?.getUserMedia) throw insecureContextError();
    if (kind === 'microphone') await r.localParticipant.setMicrophoneEnabled(enabled);
    else await r.localParticipant.setCameraEnabled(enabled);
  };

  /** Microphone first and on its own, then the camera (publish-devices.ts); each failure named. */
  const publishByLayout = async (r: Room) => {
    const layout = options.layout();
    const outcome = await publishDevices(r.localParticipant, layout, Boolean(navigator.mediaDevices?.getUserMedia));
    if (layout === 'host') setState('deviceError', outcome.message);
    await syncVenueMicrophone();
  };

  const connect = async () => {
    const sessionToken = options.sessionToken();
    if (!sessionToken) {
      setState({ phase: 'error', error: '尚未加入会议，无法连接视频' });
      return;
    }
    setState({ phase: 'connecting', error: null });
    try {
      const grant = await fetchVideoToken(sessionToken);
      if (disposed) return;
      const r = new Room({ adaptiveStream: true, dynacast: true });
      room = r;
      wire(r);
      await r.connect(grant.url, grant.token);
      if (disposed) {
        await r.disconnect();
        return;
      }
      setState({ phase: 'connected', metadata: decodeRoomMetadata(r.metadata), canPlayAudio: r.canPlaybackAudio });
      for (const p of r.remoteParticipants.values()) {
        for (const pub of p.trackPublications.values()) if (pub.track) attachAudio(pub.track);
      }
      bump();
      await publishByLayout(r);
    } catch (error) {
      // Server answers carry their Chinese message; LiveKit's own errors (ConnectError) do not.
      if (!disposed) setState({ phase: 'error', error: error instanceof UserFacingError ? error.message : CONNECT_ERROR });
    }
  };

  function wire(r: Room) {
    for (const event of [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.TrackPublished,
      RoomEvent.TrackUnpublished,
      RoomEvent.TrackMuted,
      RoomEvent.TrackUnmuted,
      RoomEvent.LocalTrackPublished,
      RoomEvent.LocalTrackUnpublished,
      RoomEvent.ActiveSpeakersChanged,
      RoomEvent.ParticipantAttributesChanged,
    ] as const) {
      r.on(event, bump);
    }
    r.on(RoomEvent.TrackSubscribed, (track) => {
      attachAudio(track);
      bump();
    });
    r.on(RoomEvent.TrackUnsubscribed, (track) => {
      detachAudio(track);
      bump();
    });
    r.on(RoomEvent.RoomMetadataChanged, (raw) => {
      setState('metadata', decodeRoomMetadata(raw));
      void syncVenueMicrophone();
    });
    r.on(RoomEvent.AudioPlaybackStatusChanged, () => setState('canPlayAudio', r.canPlaybackAudio));
    r.on(RoomEvent.MediaDevicesError, (error: Error) => {
      // A device lost mid-meeting (unplugged, taken by another program): say which and why.
      if (options.layout() !== 'host') return;
      const kind: MediaKind = r.localParticipant.lastMicrophoneError === error ? 'microphone' : 'camera';
      setState('deviceError', deviceErrorMessage(kind, error));
    });
    r.on(RoomEvent.ConnectionStateChanged, (s) => {
      if (s === ConnectionState.Reconnecting || s === ConnectionState.SignalReconnecting) setState('phase', 'reconnecting');
      if (s === ConnectionState.Connected) setState('phase', 'connected');
    });
    r.on(RoomEvent.Disconnected, () => {
      if (!disposed) setState({ phase: 'disconnected', error: '视频连接已断开' });
      bump();
    });
  }

  onMount(() => void connect());
  onCleanup(() => {
    disposed = true;
    void room?.disconnect();
    room = null;
  });

  /** Tiles of everyone in the room, read through `version` so Solid tracks room changes. */
  const tiles = (): TileInfo[] => {
    version();
    if (!room || room.state === ConnectionState.Disconnected) return [];
    return [tileInfo(room.localParticipant, true), ...[...room.remoteParticipants.values()].map((p) => tileInfo(p, false))];
  };

  /** The participant behind an identity (tracked through `version`). */
  const participant = (identity: string): Participant | undefined => {
    version();
    if (!room) return undefined;
    return room.localParticipant.identity === identity ? room.localParticipant : room.remoteParticipants.get(identity);
  };

  return {
    state,
    tiles,
    participant,
    version,
    /** Reconnect with a fresh token after a final disconnect. */
    reconnect: async () => {
      await room?.disconnect();
      room = null;
      await connect();
    },
    startAudio: async () => {
      await room?.startAudio();
      setState('canPlayAudio', room?.canPlaybackAudio ?? true);
    },
  };
}

export type VideoRoom = ReturnType<typeof createVideoRoom>;
