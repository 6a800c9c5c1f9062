/**
 * After the meeting: the record (transcript and requirements) is locked; the secretary reopens
 * it for corrections (venues see each correction live) and closes it again when done.
 */
import { Show } from 'solid-js';
import { command } from '../../api/socket.ts';
import { useStore } from '../../store/index.tsx';

export function CorrectionsBar() {
  const [state, actions] = useStore();
  const meeting = () => state.meeting.meeting;
  return (
    <Show when={meeting()?.status === 'ended'}>
      <div class={`corrections-bar ${meeting()?.reopenedForCorrections ? 'corrections-bar--open' : ''}`} role="status" data-testid="corrections-bar">
        <Show
          when={meeting()?.reopenedForCorrections}
          fallback={
            <>
              <span>会议已结束，会议记录已锁定。如需更正转写或要求，请先重新打开校对。</span>
              <button type="button" class="btn btn--gold btn--small" data-testid="reopen" onClick={() => void actions.connection.run((s) => command(s, 'meeting:reopen', {}), '已重新打开，可以校对')}>
                重新打开校对
              </button>
            </>
          }
        >
          <span>纪要校对中：更正会实时同步到各分会场。</span>
          <button type="button" class="btn btn--primary btn--small" data-testid="close-corrections" onClick={() => void actions.connection.run((s) => command(s, 'meeting:close-corrections', {}), '校对完成，记录已锁定')}>
            完成校对
          </button>
        </Show>
      </div>
    </Show>
  );
}
