/**
 * Toast stack (bottom right): errors in red, confirmations in blue/green. Announced to screen
 * readers through an aria-live region; each can be closed with the keyboard.
 */
import { For } from 'solid-js';
import { useStore } from '../store/index.tsx';

export function Toasts() {
  const [state, actions] = useStore();
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={state.toasts}>
        {(toast) => (
          <div class={`toast toast--${toast.kind}`} data-testid="toast">
            <span class="toast__text">{toast.message}</span>
            <button type="button" class="toast__close" aria-label="关闭提示" onClick={() => actions.dismiss(toast.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
