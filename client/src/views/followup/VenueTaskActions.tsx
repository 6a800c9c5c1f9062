/**
 * What a venue can do on its task, by status (the state machine's venue commands): 签收; 进展反馈
 * with files; 申请延期 with a reason and a date; 办结 with evidence files. Files upload as soon as
 * they are picked (one request each, shown with ✓ or the error) and go with the report.
 */
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { allowedCommands } from '../../../../shared/followup/task-machine.ts';
import type { Task, TaskAttachment } from '../../../../shared/followup/types.ts';
import { taskAction, uploadAttachment } from '../../api/followup.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';
import { chinaDatePlus } from './time.ts';
import { ACCEPTED_FILES, fileSize } from './task-format.ts';

type Form = 'report' | 'request_extension' | 'submit' | null;
/** A picked file: uploading, stored (with its record), or refused. */
type FileSlot = { kind: 'uploading'; name: string } | { kind: 'done'; name: string; attachment: TaskAttachment } | { kind: 'error'; name: string; error: string };

function slotState(f: FileSlot) {
  switch (f.kind) {
    case 'uploading': return <span class="muted">上传中…</span>;
    case 'error': return <span class="error-text">{f.error}</span>;
    case 'done': return <span class="task-files__ok">✓ {fileSize(f.attachment.sizeBytes)}</span>;
  }
}

export function VenueTaskActions(props: { task: Task; token: string }) {
  const [, actions] = useStore();
  const [form, setForm] = createSignal<Form>(null);
  const [text, setText] = createSignal('');
  const [date, setDate] = createSignal('');
  const [files, setFiles] = createSignal<FileSlot[]>([]);
  const [busy, setBusy] = createSignal(false);
  const allowed = () => allowedCommands(props.task.status, 'venue');
  const uploaded = () => files().flatMap((f) => (f.kind === 'done' ? [f.attachment] : []));
  const uploading = () => files().some((f) => f.kind === 'uploading');

  function open(next: Form): void {
    setForm((cur) => (cur === next ? null : next));
    setText('');
    setDate('');
    setFiles([]);
  }

  async function pick(list: FileList | null): Promise<void> {
    for (const file of [...(list ?? [])]) {
      const slot: FileSlot = { kind: 'uploading', name: file.name };
      setFiles((f) => [...f, slot]);
      let next: FileSlot;
      try {
        next = { kind: 'done', name: file.name, attachment: (await uploadAttachment(props.token, props.task.id, file)).attachment };
      } catch (error) {
        next = { kind: 'error', name: file.name, error: userMessage(error) };
      }
      setFiles((f) => f.map((x) => (x === slot ? next : x)));
    }
  }

  async function run(body: Parameters<typeof taskAction>[2], done: string): Promise<void> {
    setBusy(true);
    try {
      const reply = await taskAction(props.token, props.task.id, body);
      actions.applyTaskChange(reply.task, reply.entry);
      actions.toast(done, 'success');
      setForm(null);
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  const submitForm = (e: SubmitEvent) => {
    e.preventDefault();
    const f = form();
    const ids = uploaded().map((a) => a.id);
    if (f === 'report') void run({ type: 'report', text: text(), attachmentIds: ids }, '进展已报送');
    else if (f === 'submit') void run({ type: 'submit', text: text(), attachmentIds: ids }, '办结材料已报送，等待主办单位复核');
    else if (f === 'request_extension') void run({ type: 'request_extension', reason: text(), proposedDate: date() }, '延期申请已提交');
  };

  return (
    <div class="task-actions" data-testid="venue-task-actions">
      <div class="task-actions__buttons">
        <Show when={allowed().includes('sign')}>
          <button type="button" class="btn btn--gold btn--large" data-testid="task-sign" disabled={busy()} onClick={() => void run({ type: 'sign' }, '已签收')}>签收</button>
        </Show>
        <Show when={allowed().includes('report')}>
          <button type="button" class="btn btn--light btn--large" data-testid="task-open-report" onClick={() => open('report')}>进展反馈</button>
        </Show>
        <Show when={allowed().includes('request_extension')}>
          <button type="button" class="btn btn--ghost btn--large" data-testid="task-open-extension" onClick={() => open('request_extension')}>申请延期</button>
        </Show>
        <Show when={allowed().includes('submit')}>
          <button type="button" class="btn btn--primary btn--large" data-testid="task-open-submit" onClick={() => open('submit')}>办结</button>
        </Show>
        <Show when={allowed().length === 0}>
          <span class="task-actions__note">
            {props.task.status === 'review' ? '办结材料已报送，等待主办单位复核' : props.task.status === 'done' ? '已办结' : props.task.status === 'cancelled' ? '任务已撤销' : ''}
          </span>
        </Show>
      </div>
      <Show when={form()}>
        <form class="task-form" data-testid="task-form" onSubmit={submitForm}>
          <label class="field-label">
            <Switch>
              <Match when={form() === 'report'}>进展情况</Match>
              <Match when={form() === 'submit'}>办结情况（须附佐证材料）</Match>
              <Match when={form() === 'request_extension'}>延期理由</Match>
            </Switch>
          </label>
          <textarea class="textarea" rows={3} required maxLength={5000} data-testid="task-text" value={text()} onInput={(e) => setText(e.currentTarget.value)} />
          <Show when={form() === 'request_extension'}>
            <label class="field-label" for="task-date">申请延至</label>
            <input id="task-date" class="input" type="date" required data-testid="task-date" min={chinaDatePlus(Date.now(), 1)} value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
          </Show>
          <Show when={form() !== 'request_extension'}>
            <label class="field-label">附件（PDF、JPG/PNG 图片、Word 文档，单个不超过 20 MB）</label>
            <input type="file" multiple accept={ACCEPTED_FILES} data-testid="task-files" onChange={(e) => { void pick(e.currentTarget.files); e.currentTarget.value = ''; }} />
            <ul class="task-files task-files--pending">
              <For each={files()}>
                {(f) => (
                  <li data-testid="task-file" data-state={f.kind}>{f.name} {slotState(f)}</li>
                )}
              </For>
            </ul>
          </Show>
          <div class="task-form__buttons">
            <button type="submit" class="btn btn--primary" data-testid="task-send" disabled={busy() || uploading() || (form() === 'submit' && uploaded().length === 0)}>提交</button>
            <button type="button" class="btn btn--ghost" onClick={() => setForm(null)}>取消</button>
          </div>
        </form>
      </Show>
    </div>
  );
}
