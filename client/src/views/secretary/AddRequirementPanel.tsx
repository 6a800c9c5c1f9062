/**
 * 补录要求: add a requirement by hand, usually a point the recogniser missed ("第三点可能漏识别").
 * The secretary picks the transcript sentence it was said in (headline and text are drafted from
 * it, the marker taken off) or types it, and adds it as that number in its place in the list.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { Segment } from '../../../../shared/protocol/index.ts';
import { draftFromText } from '../../../../shared/requirements/draft.ts';
import { markerWithNumber } from '../../../../shared/requirements/numbering.ts';
import { command } from '../../api/socket.ts';
import { mediaTime } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';

export interface AddTarget {
  listId: string;
  /** Number to take (a gap), or null: after the last item. */
  ordinal: number | null;
}

export function AddRequirementPanel(props: { target: AddTarget; onClose: () => void }) {
  const [state, actions] = useStore();
  const segments = createMemo(() => Object.values(state.meeting.segments).sort((a, b) => a.startMs - b.startMs));
  const [segmentId, setSegmentId] = createSignal<string | null>(null);
  const [headline, setHeadline] = createSignal('');
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const title = () => (props.target.ordinal === null ? '手动添加要求' : `补录${markerWithNumber('第一', props.target.ordinal)}点`);

  function pick(seg: Segment): void {
    const draft = draftFromText(seg.text);
    setSegmentId(seg.id);
    setHeadline(draft.headline);
    setText(draft.text);
  }

  async function add(): Promise<void> {
    const h = headline().trim();
    if (!h) {
      actions.toast('请填写要求标题（可点选转写句子自动填入）', 'error');
      return;
    }
    setBusy(true);
    const sid = segmentId();
    const result = await actions.connection.run(
      (s) => command(s, 'requirement:add', {
        listId: props.target.listId,
        ...(props.target.ordinal !== null ? { ordinal: props.target.ordinal } : {}),
        fields: { headline: h, text: text().trim() || `${h}。` },
        ...(sid ? { segmentId: sid } : {}),
      }),
      '要求已补录并下发',
    );
    setBusy(false);
    if (result) props.onClose();
  }

  return (
    <section class="add-req" aria-label={title()} data-testid="add-requirement">
      <header class="add-req__head">
        <strong>{title()}</strong>
        <span class="muted">点选讲话原文中的句子，或直接填写</span>
        <button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>取消</button>
      </header>
      <ol class="add-req__segments">
        <For each={segments()} fallback={<li class="muted">暂无转写内容</li>}>
          {(seg) => (
            <li>
              <button
                type="button"
                class={`add-req__segment ${segmentId() === seg.id ? 'is-picked' : ''}`}
                data-testid="add-segment"
                onClick={() => pick(seg)}
              >
                <span class="add-req__time">{mediaTime(seg.startMs)}</span>
                {seg.text}
              </button>
            </li>
          )}
        </For>
      </ol>
      <label class="field-label" for="add-req-headline">要求标题</label>
      <input id="add-req-headline" class="input" data-testid="add-headline" value={headline()} onInput={(e) => setHeadline(e.currentTarget.value)} maxLength={500} />
      <label class="field-label" for="add-req-text">要求正文</label>
      <textarea id="add-req-text" class="textarea" rows={2} data-testid="add-text" value={text()} onInput={(e) => setText(e.currentTarget.value)} />
      <div class="row-actions">
        <button type="button" class="btn btn--primary btn--small" data-testid="add-submit" disabled={busy()} onClick={() => void add()}>
          <Show when={props.target.ordinal !== null} fallback="添加到列表末尾">作为{markerWithNumber('第一', props.target.ordinal ?? 1)}点添加</Show>
        </button>
      </div>
    </section>
  );
}
