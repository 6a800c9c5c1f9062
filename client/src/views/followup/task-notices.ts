/**
 * 催办, red warnings and returns that reach a venue pop up once as toasts, whichever view its screen
 * shows (the meeting's requirements or the task inbox): live, or replayed after the venue was
 * offline. What was already there when the screen first loaded is not announced again.
 */
import { createEffect } from 'solid-js';
import { useStore } from '../../store/index.tsx';

export function createTaskNotices(): void {
  const [state, actions] = useStore();
  let seen: Set<number> | null = null;
  createEffect(() => {
    // The snapshot brings the meeting and its tasks together: before it, there is nothing to compare with.
    if (!state.meeting.meeting) return;
    const all = Object.values(state.meeting.taskEntries).flat();
    if (seen) {
      for (const e of all) {
        if (seen.has(e.id)) continue;
        const t = state.meeting.tasks[e.taskId];
        if (e.action === 'reminded') actions.toast(`主办单位催办：${t?.requirement.headline ?? ''}${e.text ? `——${e.text}` : ''}`, 'error');
        else if (e.action === 'warned' && e.level === 'red') actions.toast(`任务已超期：${t?.requirement.headline ?? ''}`, 'error');
        else if (e.action === 'returned') actions.toast(`办结材料被退回：${e.text ?? ''}`, 'info');
      }
    }
    seen = new Set(all.map((e) => e.id));
  });
}
