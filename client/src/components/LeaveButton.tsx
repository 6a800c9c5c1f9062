/**
 * 退出 / 返回列表: ends this tab's meeting session (the meeting goes on). An organiser who opened
 * the meeting from the archive returns to its meeting list; anyone else to the join page.
 */
import { navigate } from '../router/router.ts';
import { useStore } from '../store/index.tsx';

export function LeaveButton() {
  const [state, actions] = useStore();
  return (
    <button
      type="button"
      class="btn btn--head"
      data-testid="leave"
      onClick={() => {
        actions.setSession(null);
        navigate(state.organiser ? '/meetings' : '/', { replace: true });
      }}
    >
      {state.organiser ? '返回会议列表' : '退出'}
    </button>
  );
}
