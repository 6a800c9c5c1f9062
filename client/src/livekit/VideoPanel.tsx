/**
 * The meeting's video (LiveKit), for the host console, a branch venue's big screen and the
 * secretary desk. Asks the server whether video is configured: if not, says so plainly (text and
 * requirements keep flowing over socket.io); if so, loads the room view (and livekit-client)
 * on demand and connects.
 */
import { createResource, lazy, Match, Suspense, Switch, Show } from 'solid-js';
import type { Role } from '../../../shared/protocol/index.ts';
import { userMessage } from '../api/errors.ts';
import { fetchVideoConfig } from './video-api.ts';
import './video-panel.css';

const VideoRoomView = lazy(() => import('./VideoRoomView.tsx'));

export interface VideoPanelProps {
  /** Signed Luoshi session token (asks the server for a LiveKit token). */
  sessionToken: string;
  role: Role;
  /** Layout: the main venue's console, a branch venue's big screen, or the secretary desk. */
  layout: 'host' | 'venue' | 'secretary';
}

export const VIDEO_OFF_TEXT = '未配置视频会议，仅同步文字与要求';

export function VideoPanel(props: VideoPanelProps) {
  const [config, { refetch }] = createResource(fetchVideoConfig);
  const connecting = () => <p class="lk-status" role="status">正在连接视频会议…</p>;
  return (
    <section
      class="lk-panel"
      classList={{ 'lk-panel--off': config.state === 'ready' && config()?.enabled === false }}
      data-role={props.role}
      data-layout={props.layout}
      aria-label="视频会议"
    >
      <Switch>
        <Match when={Boolean(config.error)}>
          <div class="lk-status lk-status--error" role="alert">
            <span>{userMessage(config.error)}</span>
            <button type="button" class="lk-btn" onClick={() => void refetch()}>
              重试
            </button>
          </div>
        </Match>
        <Match when={config.loading}>{connecting()}</Match>
        <Match when={config()?.enabled === false}>
          <div class="lk-off" role="status">
            <strong>{VIDEO_OFF_TEXT}</strong>
          </div>
        </Match>
        <Match when={config()?.enabled}>
          <Show when={props.sessionToken} keyed fallback={<p class="lk-status">尚未加入会议，无法连接视频</p>}>
            {(token) => (
              <Suspense fallback={connecting()}>
                <VideoRoomView sessionToken={token} role={props.role} layout={props.layout} />
              </Suspense>
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
