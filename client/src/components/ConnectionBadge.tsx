/**
 * Connection state: a small badge in the header, and a banner across the page while the
 * socket is reconnecting (it never shifts the layout: the banner overlays the top edge).
 */
import { Show } from 'solid-js';
import type { ConnectionState, ConnectionStatus } from '../store/connection.ts';
import { useStore } from '../store/index.tsx';

const LABELS: Record<ConnectionStatus, string> = {
  idle: '未连接',
  connecting: '正在连接',
  syncing: '正在同步',
  live: '已连接',
  reconnecting: '连接中断',
  unauthorized: '身份失效',
};

/** Why this screen left the meeting, in the words its operator needs (what to do next). */
const ENDED_MESSAGES: Record<NonNullable<ConnectionState['endedReason']>, string> = {
  expired: '登录已过期，请使用加入码重新加入会议',
  revoked: '本会场的加入码已被主会场更换或停用，请向主会场索取新的加入码',
  meeting_deleted: '会议已被删除',
  invalid: '身份已失效，请使用加入码重新加入会议',
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
      <div class="reconnect-banner" role="alert" data-testid="reconnect-banner" data-ended-reason={state.connection.endedReason ?? undefined}>
        <Show when={state.connection.status === 'reconnecting'} fallback={<>{ENDED_MESSAGES[state.connection.endedReason ?? 'invalid']}</>}>
          网络连接中断，正在自动重新连接… 恢复后将自动补齐遗漏的要求
        </Show>
      </div>
    </Show>
  );
}
