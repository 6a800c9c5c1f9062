/**
 * Transcript segments, editable inline: 编辑 opens a text box (Ctrl+Enter saves, Esc cancels).
 * A correction re-runs extraction for its speaker turn; the toast says what changed.
 * Edited segments show the machine's original on hover.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { Segment } from '../../../../shared/protocol/index.ts';
import { command } from '../../api/socket.ts';
import { mediaTime } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { transcriptLines } from '../../state/selectors.ts';
import { reextractionMessage } from './requirement-form.ts';

function SegmentRow(props: { segment: Segment }) {
  const [, actions] = useStore();
  const [editing, setEditing] = createSignal(false);
  const [draft, setDraft] = createSignal('');
  const [saving, setSaving] = createSignal(false);

  function open(): void {
    setDraft(props.segment.text);
    setEditing(true);
  }

  async function save(): Promise<void> {
    if (draft() === props.segment.text) {
      setEditing(false);
      return;
    }
    setSaving(true);
    const result = await actions.connection.run((s) => command(s, 'segment:edit', { segmentId: props.segment.id, text: draft() }));
    setSaving(false);
    if (result) {
      setEditing(false);
      actions.toast(reextractionMessage(result.reextraction), 'success');
    }
  }

  return (
    <li class={`seg-row ${props.segment.editedAt ? 'is-edited' : ''}`} data-testid="secretary-segment" data-segment-id={props.segment.id}>
      <span class="seg-row__time">{mediaTime(props.segment.startMs)}</span>
      <Show
        when={editing()}
        fallback={
          <>
            <p class="seg-row__text" title={props.segment.editedAt ? `原识别：${props.segment.originalText}` : undefined}>
              {props.segment.text}
              <Show when={props.segment.editedAt}><span class="badge badge--edited">已更正</span></Show>
            </p>
            <button type="button" class="btn btn--ghost btn--small" onClick={open} aria-label="编辑这句转写">编辑</button>
          </>
        }
      >
        <div class="seg-row__edit">
          <textarea
            class="textarea"
            rows={2}
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
              if (e.key === 'Escape') setEditing(false);
            }}
            aria-label="转写文本"
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <div class="row-actions">
            <button type="button" class="btn btn--primary btn--small" disabled={saving()} onClick={() => void save()}>保存</button>
            <button type="button" class="btn btn--ghost btn--small" onClick={() => setEditing(false)}>取消</button>
          </div>
        </div>
      </Show>
    </li>
  );
}

export function SegmentEditor() {
  const [state] = useStore();
  const lines = createMemo(() => transcriptLines(state.meeting));
  return (
    <section class="panel desk-segments" aria-labelledby="desk-seg-title">
      <h2 class="panel__title" id="desk-seg-title">转写校对 <span class="panel__count">{Object.keys(state.meeting.segments).length} 句</span></h2>
      <ol class="seg-list">
        <For each={lines()} fallback={<li class="muted">暂无转写内容</li>}>
          {(line) =>
            line.kind === 'final' ? (
              <SegmentRow segment={line.segment} />
            ) : (
              <li class="seg-row is-interim">
                <span class="seg-row__time">{mediaTime(line.interim.startMs)}</span>
                <p class="seg-row__text">{line.interim.text || '…'}</p>
              </li>
            )
          }
        </For>
      </ol>
    </section>
  );
}
