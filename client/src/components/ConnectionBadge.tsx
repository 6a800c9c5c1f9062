/**
 * Connection state: a small badge in the header, and a banner across the page while the
 * socket is reconnecting (it never shifts the layout: the banner overlays the top edge).
 */
import { Show } from 'solid-js';
import type { ConnectionStatus } from '../store/connection.ts';
import { useStore } from '../store/index.tsx';

const LABELS: Record<ConnectionStatus, string> = {
  idle: '未连接',
  connecting: '正在连接',
  syncing: '正在同步',
  live: '已连接',
  reconnecting: '连接中断',
  unauthorized: '身份失效',
};

export function ConnectionBadge() {
  const [state] = useStore();
  return (
    <span class={`conn-badge conn-badge--${state.connection.status}`} data-testid="connection-status" data-status={state.connection.status}>
      <span class="conn-badge__dot" aria-hidden="true" />
      {LABELS[state.connection.status]}
    </span>
  );
}

export function ReconnectBanner() {
  const [state] = useStore();
  const show = () => state.connection.status === 'reconnecting' || state.connection.status === 'unauthorized';
  return (
    <Show when={show()}>
      <div class="reconnect-banner" role="alert" data-testid="reconnect-banner">
        <Show when={state.connection.status === 'reconnecting'} fallback={<>身份已失效，请使用加入码重新加入会议</>}>
          网络连接中断，正在自动重新连接… 恢复后将自动补齐遗漏的要求
        </Show>
      </div>
    </Show>
  );
}
