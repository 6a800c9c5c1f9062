/**
 * Full-screen "会议已结束" for the venue projector once the host ends the meeting, with this
 * venue's confirmation tally and the follow-up tasks issued to it; 进入督办任务 opens the task inbox,
 * 查看会议要求 returns to the list (which stays available). While the
 * secretary has the record reopened for corrections, it says so (corrections arrive live).
 */
import { Show, createSignal } from 'solid-js';
import { clockTime } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import type { VenueTally } from '../../state/selectors.ts';

export function VenueEnded(props: { tally: VenueTally; tasks: number; inbox: boolean; onInbox: () => void }) {
  const [state] = useStore();
  const [dismissed, setDismissed] = createSignal(false);
  const ended = () => state.meeting.meeting?.status === 'ended';
  return (
    <Show when={ended() && !dismissed() && !props.inbox}>
      <div class="venue-ended" role="dialog" aria-modal="true" aria-labelledby="venue-ended-title" data-testid="venue-ended">
        <div class="venue-ended__seal" aria-hidden="true">落实</div>
        <h1 class="venue-ended__title" id="venue-ended-title">会议已结束</h1>
        <div class="venue-ended__meeting">{state.meeting.meeting?.title}</div>
        <Show when={state.meeting.meeting?.endedAt}>{(at) => <div class="venue-ended__time">结束时间 {clockTime(at())}</div>}</Show>
        <Show when={state.meeting.meeting?.reopenedForCorrections}>
          <div class="venue-ended__corrections" data-testid="venue-corrections">会议记录正在校对，更正将实时显示在会议要求中</div>
        </Show>
        <div class="venue-ended__tally">
          本会场已收到 <strong>{props.tally.received}</strong>/{props.tally.total} 条要求，已传达 <strong>{props.tally.relayed}</strong> 条
        </div>
        <Show when={props.tasks > 0}>
          <div class="venue-ended__tasks" data-testid="venue-ended-tasks">主办单位已下发 <strong>{props.tasks}</strong> 项督办任务，请签收并按时限办理</div>
        </Show>
        <div class="venue-ended__buttons">
          <Show when={props.tasks > 0}>
            <button type="button" class="btn btn--gold btn--large" data-testid="venue-ended-inbox" onClick={() => props.onInbox()}>进入督办任务</button>
          </Show>
          <button type="button" class={`btn btn--large ${props.tasks > 0 ? 'btn--head' : 'btn--gold'}`} data-testid="venue-ended-dismiss" onClick={() => setDismissed(true)}>
            查看会议要求
          </button>
        </div>
      </div>
    </Show>
  );
}
