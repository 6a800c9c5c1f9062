/**
 * Opening the desk at a search hit: once the segment or requirement is in the meeting state
 * (after the first sync), scroll it to the middle of its panel and mark it for a while.
 */
import { createEffect, onCleanup } from 'solid-js';
import type { Focus } from '../../router/route.ts';
import { useStore } from '../../store/index.tsx';

/** How long the hit stays marked, ms. */
const MARK_MS = 6_000;

export function createFocus(focus: () => Focus | null): void {
  const [state] = useStore();
  let done: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  createEffect(() => {
    const f = focus();
    if (!f) return;
    const key = `${f.kind}:${f.id}`;
    const present = f.kind === 'segment' ? Boolean(state.meeting.segments[f.id]) : Boolean(state.meeting.requirements[f.id]);
    if (!present || done === key) return;
    done = key;
    // After this update has rendered the row.
    requestAnimationFrame(() => {
      const selector = f.kind === 'segment' ? `[data-segment-id="${CSS.escape(f.id)}"]` : `[data-requirement-id="${CSS.escape(f.id)}"]`;
      const el = document.querySelector<HTMLElement>(selector);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.classList.add('is-focused');
      timer = setTimeout(() => el.classList.remove('is-focused'), MARK_MS);
    });
  });
}
