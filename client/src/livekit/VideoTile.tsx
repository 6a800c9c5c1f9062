/**
 * One venue's video: attaches the camera track to a <video> that lives as long as the tile, and
 * shows the venue name, microphone state and the roll-call / speaking highlight.
 */
import { Track, type Participant } from 'livekit-client';
import { createEffect, onCleanup, Show, type JSX } from 'solid-js';

export interface VideoTileProps {
  participant: Participant | undefined;
  /** Changes on every room event; read so the tile re-checks its tracks. */
  version: number;
  large: boolean;
  rollCall: boolean;
  /** This venue's microphone is the one being transcribed. */
  transcribed: boolean;
  /** Extra controls (host only). */
  children?: JSX.Element;
}

export function VideoTile(props: VideoTileProps) {
  let video: HTMLVideoElement | undefined;
  let attached: Track | undefined;

  const camera = () => {
    void props.version;
    const pub = props.participant?.getTrackPublication(Track.Source.Camera);
    return pub && !pub.isMuted ? pub.track : undefined;
  };
  const micOn = () => {
    void props.version;
    const pub = props.participant?.getTrackPublication(Track.Source.Microphone);
    return pub !== undefined && !pub.isMuted;
  };
  const speaking = () => {
    void props.version;
    return props.participant?.isSpeaking ?? false;
  };

  createEffect(() => {
    const track = camera();
    if (track === attached || !video) return;
    attached?.detach(video);
    attached = track;
    track?.attach(video);
  });
  onCleanup(() => {
    if (video) attached?.detach(video);
  });

  return (
    <figure
      class="lk-tile"
      classList={{
        'lk-tile--large': props.large,
        'lk-tile--rollcall': props.rollCall,
        'lk-tile--speaking': speaking(),
        'lk-tile--novideo': !camera(),
      }}
      data-identity={props.participant?.identity}
    >
      <video ref={video} class="lk-tile__video" autoplay playsinline muted />
      <Show when={!camera()}>
        <div class="lk-tile__placeholder" aria-hidden="true">
          {(props.participant?.name ?? '').slice(0, 2)}
        </div>
      </Show>
      <figcaption class="lk-tile__caption">
        <span class="lk-tile__name">{props.participant?.name || props.participant?.identity}</span>
        <Show when={props.rollCall}>
          <span class="lk-badge lk-badge--rollcall">点名发言</span>
        </Show>
        <Show when={props.transcribed}>
          <span class="lk-badge lk-badge--transcribed">转写中</span>
        </Show>
        <span class="lk-tile__mic" classList={{ 'lk-tile__mic--off': !micOn() }} title={micOn() ? '麦克风已开' : '麦克风已关'}>
          {micOn() ? '麦' : '静音'}
        </span>
      </figcaption>
      {props.children}
    </figure>
  );
}
