/**
 * One requirement on the secretary desk: headline, text, responsible units and deadline edited
 * inline; split at the caret; publish (review mode) and withdraw; a checkbox for merging.
 */
import { Show, createEffect, createSignal, on, untrack } from 'solid-js';
import type { Requirement, RequirementFields } from '../../../../shared/protocol/index.ts';
import { command, type MeetingSocket } from '../../api/socket.ts';
import { useStore } from '../../store/index.tsx';
import { fieldsPatch, formatUnits } from './requirement-form.ts';

const STATUS_TEXT = { draft: '待审核', published: '已发布', withdrawn: '已撤回' } as const;

export function RequirementEditor(props: {
  requirement: Requirement;
  selected: boolean;
  onSelect: (on: boolean) => void;
  /** A split succeeded: it can be undone. */
  onUndoable: (undo: { undoId: string; label: string }) => void;
}) {
  const [, actions] = useStore();
  const initial = props.requirement.fields;
  const [headline, setHeadline] = createSignal(initial.headline);
  const [text, setText] = createSignal(initial.text);
  const [units, setUnits] = createSignal(formatUnits(initial.responsible));
  const [deadline, setDeadline] = createSignal(initial.deadline ?? '');
  /** The server's fields the form was last filled from: edits are measured against these. */
  let base: RequirementFields = initial;
  const [busy, setBusy] = createSignal(false);
  let textArea: HTMLTextAreaElement | undefined;

  const reset = (f: RequirementFields) => {
    base = f;
    setHeadline(f.headline);
    setText(f.text);
    setUnits(formatUnits(f.responsible));
    setDeadline(f.deadline ?? '');
  };
  const dirty = () => fieldsPatch(base, { headline: headline(), text: text(), units: units(), deadline: deadline() }) !== null;
  // Server updates (the extractor growing the text, another secretary's edit) refill the form,
  // unless this secretary is in the middle of an edit.
  createEffect(
    on(
      () => props.requirement.updatedAt,
      () => {
        if (!untrack(dirty)) reset(props.requirement.fields);
      },
      { defer: true },
    ),
  );

  const patch = () => fieldsPatch(props.requirement.fields, { headline: headline(), text: text(), units: units(), deadline: deadline() });
  const id = () => props.requirement.id;

  async function run(label: string, task: (s: MeetingSocket) => Promise<unknown>): Promise<void> {
    setBusy(true);
    await actions.connection.run(task, label);
    setBusy(false);
  }

  const save = () => {
    const fields = patch();
    if (!fields) return;
    void run('修改已保存', async (s) => {
      const reply = await command(s, 'requirement:edit', { requirementId: id(), fields });
      reset(reply.requirement.fields);
    });
  };

  const split = () => {
    const at = textArea?.selectionStart ?? 0;
    if (at <= 0 || at >= text().length) {
      actions.toast('请先在正文中把光标放到拆分位置', 'error');
      return;
    }
    void run('已拆分为两条，后续编号顺延', async (s) => {
      const reply = await command(s, 'requirement:split', { requirementId: id(), at });
      props.onUndoable({ undoId: reply.undoId, label: '撤销拆分' });
    });
  };

  return (
    <article class={`req-card req-card--${props.requirement.status}`} data-testid="secretary-requirement" data-requirement-id={id()}>
      <header class="req-card__head">
        <label class="req-card__select">
          <input type="checkbox" checked={props.selected} onChange={(e) => props.onSelect(e.currentTarget.checked)} aria-label={`选择 ${props.requirement.marker} 用于合并`} />
          <span class="req-card__marker">{props.requirement.marker}</span>
        </label>
        <input class="input req-card__headline" value={headline()} onInput={(e) => setHeadline(e.currentTarget.value)} aria-label="要求标题" maxLength={500} />
        <span class={`badge badge--${props.requirement.status}`}>{STATUS_TEXT[props.requirement.status]}</span>
        <Show when={props.requirement.provisional}><span class="badge badge--forming">识别中</span></Show>
        <Show when={props.requirement.origin === 'manual'}><span class="badge badge--edited">手动补录</span></Show>
      </header>
      <Show when={props.requirement.orphaned}>
        <div class="req-card__orphaned" data-testid="orphaned">更正后的转写已不再包含此条；因已人工修改而保留，请核实后保留或撤回</div>
      </Show>
      <textarea class="textarea req-card__text" rows={1} value={text()} ref={textArea} onInput={(e) => setText(e.currentTarget.value)} aria-label="要求正文" />
      <Show when={props.requirement.editedFields.length > 0}>
        <div class="req-card__machine muted">原识别标题：{props.requirement.machine.headline}</div>
      </Show>
      <div class="req-card__fields">
        <label>责任单位<input class="input" value={units()} onInput={(e) => setUnits(e.currentTarget.value)} placeholder="用顿号分隔" /></label>
        <label>时限<input class="input" value={deadline()} onInput={(e) => setDeadline(e.currentTarget.value)} placeholder="如 10月30日前" /></label>
      </div>
      <div class="row-actions">
        <button type="button" class="btn btn--primary btn--small" disabled={busy() || !patch()} onClick={save}>保存修改</button>
        <button type="button" class="btn btn--ghost btn--small" disabled={busy() || props.requirement.status === 'withdrawn'} onClick={split}>在光标处拆分</button>
        <Show when={props.requirement.status === 'draft'}>
          <button type="button" class="btn btn--gold btn--small" disabled={busy()} data-testid="publish" onClick={() => void run('已发布到各分会场', (s) => command(s, 'requirement:publish', { requirementId: id() }))}>审核发布</button>
        </Show>
        <Show when={props.requirement.status !== 'withdrawn'}>
          <button type="button" class="btn btn--ghost-danger btn--small" disabled={busy()} onClick={() => void run('已撤回', (s) => command(s, 'requirement:withdraw', { requirementId: id() }))}>撤回</button>
        </Show>
      </div>
    </article>
  );
}
