/**
 * 实时转写: final segments kept, the running interim greyed and replaced in place. The list
 * follows the newest line unless the user scrolled up to read.
 */
import { For, createEffect, createMemo } from 'solid-js';
import { mediaTime } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { transcriptLines } from '../../state/selectors.ts';

export function TranscriptPanel(props: { class?: string }) {
  const [state] = useStore();
  const lines = createMemo(() => transcriptLines(state.meeting));
  let box: HTMLDivElement | undefined;
  let pinned = true;

  createEffect(() => {
    lines();
    if (box && pinned) box.scrollTop = box.scrollHeight;
  });

  return (
    <section class={`panel transcript-panel ${props.class ?? ''}`} aria-labelledby="transcript-title">
      <h2 class="panel__title" id="transcript-title">
        实时转写 <span class="panel__count">{Object.keys(state.meeting.segments).length} 句</span>
      </h2>
      <div
        class="transcript"
        ref={box}
        tabindex="0"
        aria-label="转写文本"
        data-testid="transcript"
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <For each={lines()} fallback={<div class="muted transcript__empty">开始采集后，讲话内容将在此实时显示</div>}>
          {(line) =>
            line.kind === 'final' ? (
              <p class="transcript__line" data-testid="transcript-final">
                <span class="transcript__time">{mediaTime(line.segment.startMs)}</span>
                <span>{line.segment.text}</span>
              </p>
            ) : (
              <p class="transcript__line is-interim" data-testid="transcript-interim">
                <span class="transcript__time">{mediaTime(line.interim.startMs)}</span>
                <span>{line.interim.text || '…'}</span>
              </p>
            )
          }
        </For>
      </div>
    </section>
  );
}
