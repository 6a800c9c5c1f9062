/**
 * The connected room view: stage + strip of venue tiles, host controls, sound and device
 * banners. Loaded on demand by VideoPanel (livekit-client is large) only when video is on.
 */
import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { Track } from 'livekit-client';
import type { Role } from '../../../shared/protocol/index.ts';
import { HostTileControls } from './HostTileControls.tsx';
import { arrangeTiles, type VideoLayout } from './layout.ts';
import { createVideoRoom } from './create-video-room.ts';
import { VideoTile } from './VideoTile.tsx';

export default function VideoRoomView(props: { sessionToken: string; role: Role; layout: VideoLayout }) {
  let audioHost: HTMLDivElement | undefined;
  const video = createVideoRoom({
    sessionToken: () => props.sessionToken,
    layout: () => props.layout,
    audioHost: () => audioHost,
  });
  const [actionError, setActionError] = createSignal<string | null>(null);
  const arrangement = createMemo(() => arrangeTiles(video.tiles(), video.state.metadata, props.layout));
  const info = (identity: string) => video.tiles().find((t) => t.identity === identity);
  const micOn = (identity: string) => {
    void video.version();
    const pub = video.participant(identity)?.getTrackPublication(Track.Source.Microphone);
    return pub !== undefined && !pub.isMuted;
  };
  const speakerVenueId = () => video.state.metadata?.speakerVenueId ?? null;
  const isTranscribed = (identity: string) => {
    const t = info(identity);
    if (!t) return false;
    return speakerVenueId() === null ? t.isMain : t.venueId === speakerVenueId();
  };

  const tile = (identity: string, large: boolean) => {
    const t = () => info(identity);
    return (
      <VideoTile
        participant={video.participant(identity)}
        version={video.version()}
        large={large}
        rollCall={t()?.venueId === video.state.metadata?.rollCallVenueId}
        transcribed={isTranscribed(identity)}
      >
        <Show when={props.layout === 'host' && !t()?.isLocal ? t() : undefined}>
          {(venue) => (
            <HostTileControls
              sessionToken={props.sessionToken}
              venueId={venue().venueId}
              venueName={venue().name}
              isMain={venue().isMain}
              micOn={micOn(identity)}
              spotlighted={video.state.metadata?.spotlightVenueId === venue().venueId}
              rollCalled={video.state.metadata?.rollCallVenueId === venue().venueId}
              transcribed={speakerVenueId() === venue().venueId}
              onError={setActionError}
            />
          )}
        </Show>
      </VideoTile>
    );
  };

  return (
    <>
      <Switch>
        <Match when={video.state.phase === 'connecting'}>
          <p class="lk-status" role="status">正在连接视频会议…</p>
        </Match>
        <Match when={video.state.phase === 'error' || video.state.phase === 'disconnected'}>
          <div class="lk-status lk-status--error" role="alert">
            <span>{video.state.error}</span>
            <button type="button" class="lk-btn" onClick={() => void video.reconnect()}>
              重新连接
            </button>
          </div>
        </Match>
        <Match when={video.state.phase === 'connected' || video.state.phase === 'reconnecting'}>
          <Show when={video.state.phase === 'reconnecting'}>
            <p class="lk-banner" role="status">视频连接中断，正在重新连接…</p>
          </Show>
          <Show when={!video.state.canPlayAudio}>
            <button type="button" class="lk-btn lk-btn--sound" onClick={() => void video.startAudio()}>
              点击开启会议声音
            </button>
          </Show>
          <Show when={video.state.deviceError}>
            <p class="lk-banner lk-banner--warn" role="alert">{video.state.deviceError}</p>
          </Show>
          <Show when={actionError()}>
            <p class="lk-banner lk-banner--warn" role="alert">
              {actionError()}
              <button type="button" class="lk-link" onClick={() => setActionError(null)}>
                知道了
              </button>
            </p>
          </Show>
          <div class="lk-stage">
            <Show when={arrangement().stage} keyed fallback={<p class="lk-status">主会场尚未接入视频</p>}>
              {(identity) => tile(identity, true)}
            </Show>
          </div>
          <Show when={arrangement().strip.length > 0}>
            <div class="lk-strip" classList={{ 'lk-strip--grid': props.layout === 'host' }}>
              <For each={arrangement().strip}>{(identity) => tile(identity, false)}</For>
              <Show when={arrangement().overflow > 0}>
                <div class="lk-overflow">另有 {arrangement().overflow} 个会场在线</div>
              </Show>
            </div>
          </Show>
        </Match>
      </Switch>
      <div ref={audioHost} class="lk-audio" aria-hidden="true" />
    </>
  );
}
