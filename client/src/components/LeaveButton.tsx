/**
 * 退出: ends this tab's session (the meeting goes on) and returns to the join page.
 */
import { navigate } from '../router/router.ts';
import { useStore } from '../store/index.tsx';

export function LeaveButton() {
  const [, actions] = useStore();
  return (
    <button
      type="button"
      class="btn btn--head"
      onClick={() => {
        actions.setSession(null);
        navigate('/', { replace: true });
      }}
    >
      退出
    </button>
  );
}
