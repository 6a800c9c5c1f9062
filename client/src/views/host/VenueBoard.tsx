/**
 * 分会场落实看板: per venue online state and confirmations, and per requirement how many venues
 * confirmed and which have not (the list the host calls out). A confirmation of an item that has
 * changed since does not count until the venue confirms the new version.
 */
import { For, Show, createMemo } from 'solid-js';
import { levelLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { ackRows, venueRows } from '../../state/selectors.ts';

/** Names listed for "not yet confirmed" before collapsing into "等 N 个". */
const MISSING_SHOWN = 6;

export function VenueBoard(props: { class?: string }) {
  const [state] = useStore();
  const venues = createMemo(() => venueRows(state.meeting));
  const rows = createMemo(() => ackRows(state.meeting));
  const online = () => venues().filter((v) => v.online).length;
  return (
    <section class={`panel board-panel ${props.class ?? ''}`} aria-labelledby="board-title" data-testid="venue-board">
      <h2 class="panel__title" id="board-title">
        分会场落实看板
        <span class="panel__count">在线 <strong data-testid="online-count">{online()}</strong>/{venues().length}</span>
      </h2>
      <div class="board-panel__scroll">
        <table class="board-table">
          <thead>
            <tr>
              <th scope="col">分会场</th>
              <th scope="col">状态</th>
              <th scope="col">收到</th>
              <th scope="col">传达</th>
            </tr>
          </thead>
          <tbody>
            <For each={venues()} fallback={<tr><td colSpan={4} class="muted">尚未导入分会场</td></tr>}>
              {(row) => (
                <tr data-testid="board-venue" data-venue-id={row.venue.id}>
                  <th scope="row">
                    {row.venue.name}
                    <span class="board-table__level">{levelLabel(row.venue.level)}</span>
                  </th>
                  <td>
                    <span class={`online-tag ${row.online ? 'is-online' : ''}`} data-testid="board-online" data-online={row.online}>
                      {row.online ? '在线' : '离线'}
                    </span>
                  </td>
                  <td class={`num ${row.total > 0 && row.received === row.total ? 'num--done' : ''}`} data-testid="board-received">
                    {row.received}/{row.total}
                  </td>
                  <td class="num">{row.relayed}/{row.total}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>

        <h3 class="board-panel__sub">逐条确认</h3>
        <ul class="ack-rows">
          <For each={rows()} fallback={<li class="muted">要求下发后在此显示各分会场确认进度</li>}>
            {(row) => (
              <li class="ack-row" data-testid="ack-row" data-requirement-id={row.requirement.id}>
                <div class="ack-row__head">
                  <span class="ack-row__marker">{row.requirement.marker}</span>
                  <span class="ack-row__headline">{row.requirement.fields.headline}</span>
                  <span class="ack-row__count" data-testid="ack-row-count">
                    {row.received}/{row.total}
                  </span>
                </div>
                <div class="ack-row__bar" aria-hidden="true">
                  <span style={{ width: `${row.total ? (row.received / row.total) * 100 : 0}%` }} />
                </div>
                <Show when={row.missing.length > 0} fallback={<div class="ack-row__done">全部分会场已收到</div>}>
                  <div class="ack-row__missing" data-testid="ack-row-missing">
                    未收到：{row.missing.slice(0, MISSING_SHOWN).map((v) => v.name).join('、')}
                    {row.missing.length > MISSING_SHOWN ? ` 等 ${row.missing.length} 个` : ''}
                  </div>
                  <Show when={row.stale.length > 0}>
                    <div class="ack-row__stale" data-testid="ack-row-stale">
                      其中 {row.stale.length} 个会场确认的是修改前的内容，待重新确认
                    </div>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  );
}
