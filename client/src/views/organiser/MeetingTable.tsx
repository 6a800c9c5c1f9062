/**
 * 会议列表: the organiser's meetings, newest first — status, date, venues, requirements,
 * acknowledgement rate (current versions) — each opened in the host console or the secretary desk.
 */
import { For, Show } from 'solid-js';
import type { MeetingSummary } from '../../../../shared/protocol/index.ts';
import { ackRateLabel, archiveStatusLabel, meetingWhen } from './archive-format.ts';

export function MeetingTable(props: {
  meetings: MeetingSummary[];
  total: number;
  loading: boolean;
  onOpen: (meetingId: string, role: 'host' | 'secretary' | 'followup') => void;
  onMore: () => void;
}) {
  return (
    <section class="panel archive-list" aria-labelledby="archive-list-title">
      <h2 class="panel__title" id="archive-list-title">会议列表 <span class="panel__count">共 {props.total} 个会议</span></h2>
      <table class="archive-table" data-testid="meeting-table">
        <thead>
          <tr>
            <th>会议名称</th>
            <th>时间</th>
            <th>状态</th>
            <th class="num">分会场</th>
            <th class="num">要求</th>
            <th class="num">确认率</th>
            <th>打开</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.meetings} fallback={<tr><td colSpan={7} class="muted">{props.loading ? '正在载入…' : '还没有会议，点击“新建会议”开始'}</td></tr>}>
            {(m) => (
              <tr data-testid="meeting-row" data-meeting-id={m.id}>
                <td class="archive-table__title">{m.title}<div class="muted archive-table__organiser">{m.organiser}</div></td>
                <td class="archive-table__when">{meetingWhen(m)}</td>
                <td><span class={`archive-status archive-status--${m.reopenedForCorrections ? 'reopened' : m.status}`} data-testid="meeting-status">{archiveStatusLabel(m.status, m.reopenedForCorrections)}</span></td>
                <td class="num">{m.venueCount}</td>
                <td class="num">{m.requirementCount}</td>
                <td class="num" data-testid="meeting-ack-rate">{ackRateLabel(m)}</td>
                <td class="archive-table__actions">
                  <button type="button" class="btn btn--ghost btn--small" data-testid="open-host" onClick={() => props.onOpen(m.id, 'host')}>主会场</button>
                  <button type="button" class="btn btn--light btn--small" data-testid="open-secretary" onClick={() => props.onOpen(m.id, 'secretary')}>记录席</button>
                  <Show when={m.status === 'ended'}>
                    <button type="button" class="btn btn--light btn--small" data-testid="open-followup" onClick={() => props.onOpen(m.id, 'followup')}>督办</button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.meetings.length < props.total}>
        <button type="button" class="btn btn--ghost btn--small archive-list__more" disabled={props.loading} onClick={() => props.onMore()}>
          加载更多（还有 {props.total - props.meetings.length} 个）
        </button>
      </Show>
    </section>
  );
}
