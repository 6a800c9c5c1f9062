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

const DEVICE_ERROR = '无法使用摄像头或麦克风，请检查设备和浏览器权限';
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
      await room.localParticipant.setMicrophoneEnabled(wanted);
    } catch {
      setState('deviceError', DEVICE_ERROR);
    }
  };

  const publishByLayout = async (r: Room) => {
    const layout = options.layout();
    if (layout === 'secretary') return; // the desk watches; it does not appear in the meeting
    try {
      await r.localParticipant.setCameraEnabled(true);
      if (layout === 'host') await r.localParticipant.setMicrophoneEnabled(true);
    } catch {
      // Many county meeting rooms have no camera on the projector PC: the venue simply shows
      // without video. The main venue must know, so the host gets the banner.
      if (layout === 'host') setState('deviceError', DEVICE_ERROR);
    }
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
    r.on(RoomEvent.MediaDevicesError, () => {
      if (options.layout() === 'host') setState('deviceError', DEVICE_ERROR);
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
