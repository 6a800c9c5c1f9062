/**
 * The host's buttons on a venue tile: mute/unmute, spotlight (大画面), roll call (点名: highlight +
 * unmute), and "transcribe this venue" (表态发言). Each calls the server, which drives LiveKit.
 */
import { createSignal, Show } from 'solid-js';
import { userMessage } from '../api/errors.ts';
import { hostVideoCommands } from './video-api.ts';

export interface HostTileControlsProps {
  sessionToken: string;
  venueId: string;
  venueName: string;
  isMain: boolean;
  micOn: boolean;
  spotlighted: boolean;
  rollCalled: boolean;
  transcribed: boolean;
  /** Shows a failure (Chinese) to the host. */
  onError: (message: string) => void;
}

export function HostTileControls(props: HostTileControlsProps) {
  const [busy, setBusy] = createSignal(false);
  const run = async (action: () => Promise<unknown>) => {
    if (busy()) return;
    setBusy(true);
    try {
      await action();
    } catch (error) {
      props.onError(userMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const token = () => props.sessionToken;

  return (
    <div class="lk-controls" role="group" aria-label={`${props.venueName} 的控制`}>
      <button
        type="button"
        class="lk-btn"
        disabled={busy()}
        onClick={() => void run(() => hostVideoCommands.mute(token(), props.venueId, props.micOn))}
      >
        {props.micOn ? '静音' : '取消静音'}
      </button>
      <button
        type="button"
        class="lk-btn"
        classList={{ 'lk-btn--active': props.spotlighted }}
        disabled={busy()}
        onClick={() => void run(() => hostVideoCommands.spotlight(token(), props.spotlighted ? null : props.venueId))}
      >
        {props.spotlighted ? '取消大画面' : '大画面'}
      </button>
      <Show when={!props.isMain}>
        <button
          type="button"
          class="lk-btn lk-btn--rollcall"
          classList={{ 'lk-btn--active': props.rollCalled }}
          disabled={busy()}
          onClick={() => void run(() => hostVideoCommands.rollCall(token(), props.rollCalled ? null : props.venueId))}
        >
          {props.rollCalled ? '结束点名' : '点名'}
        </button>
        <button
          type="button"
          class="lk-btn"
          classList={{ 'lk-btn--active': props.transcribed }}
          disabled={busy()}
          onClick={() => void run(() => hostVideoCommands.speaker(token(), props.transcribed ? null : props.venueId))}
        >
          {props.transcribed ? '恢复转写主会场' : '转写此会场'}
        </button>
      </Show>
    </div>
  );
}
