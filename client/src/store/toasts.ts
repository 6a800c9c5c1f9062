/**
 * Toast slice: short Chinese notices (errors, confirmations) that fade on their own.
 */
import { createStore, produce } from 'solid-js/store';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

/** How long a toast stays, ms (errors stay longer so they can be read). */
const TOAST_MS: Record<ToastKind, number> = { error: 6_000, info: 3_500, success: 3_000 };
/** At most this many toasts at once; older ones make room. */
const MAX_TOASTS = 4;

export function createToasts() {
  const [toasts, setToasts] = createStore<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    setToasts((list) => list.filter((t) => t.id !== id));
  }

  function toast(message: string, kind: ToastKind = 'info'): void {
    // The same message twice in a row (e.g. a retry loop) is shown once.
    if (toasts.some((t) => t.message === message)) return;
    const id = nextId++;
    setToasts(
      produce((list) => {
        list.push({ id, kind, message });
        while (list.length > MAX_TOASTS) list.shift();
      }),
    );
    setTimeout(() => dismiss(id), TOAST_MS[kind]);
  }

  return { toasts, actions: { toast, dismiss } };
}
