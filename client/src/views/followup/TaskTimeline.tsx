/**
 * A task's audited timeline, oldest first: who did what and when, the text, the date it set or
 * asked for, and its files (downloaded with the session's token).
 */
import { For, Show, createSignal, onCleanup } from 'solid-js';
import type { TaskEntry } from '../../../../shared/followup/types.ts';
import { downloadAttachment } from '../../api/followup.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';
import { dateTimeLabel } from './time.ts';
import { entryTitle, fileSize, shortDate } from './task-format.ts';

export function TaskTimeline(props: { entries: TaskEntry[]; token: string }) {
  const [, actions] = useStore();
  return (
    <ol class="task-timeline" data-testid="task-timeline">
      <For each={props.entries}>
        {(e) => (
          <li class={`task-timeline__item task-timeline__item--${e.action}`} data-action={e.action}>
            <div class="task-timeline__head">
              <span class="task-timeline__title">{entryTitle(e)}</span>
              <time class="task-timeline__time">{dateTimeLabel(e.at)}</time>
            </div>
            <Show when={e.text}>{(text) => <div class="task-timeline__text">{text()}</div>}</Show>
            <Show when={e.date && (e.action === 'extension_requested' || e.action === 'extension_approved' || e.action === 'deadline_set')}>
              <div class="task-timeline__date">{e.action === 'extension_requested' ? '申请延至' : '完成时限'} {shortDate(e.date ?? '')}</div>
            </Show>
            <Show when={e.attachments.length > 0}>
              <ul class="task-files">
                <For each={e.attachments}>
                  {(a) => (
                    <li>
                      <button type="button" class="link-button" data-testid="attachment-link"
                        onClick={() => void downloadAttachment(props.token, a).catch((err: unknown) => actions.toast(userMessage(err), 'error'))}>
                        {a.name}
                      </button>
                      <span class="muted"> {fileSize(a.sizeBytes)}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

/** The current time, ticking every `everyMs` (due lines and colours move with it). */
export function createNow(everyMs = 60_000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
