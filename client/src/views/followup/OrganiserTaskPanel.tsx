/**
 * One task on the 督办 board, opened beside it: the venue, the requirement, the due date, a pending
 * extension request, the organiser's commands for its status (复核通过 / 退回, 同意 / 不同意延期,
 * 催办, 设定时限, 撤销 — those needing words ask for them) and the timeline.
 */
import { For, Show, createSignal } from 'solid-js';
import { allowedCommands, type OrganiserCommand, type TaskCommandType } from '../../../../shared/followup/task-machine.ts';
import type { FollowupThresholds, Task } from '../../../../shared/followup/types.ts';
import { displayStatus, warningLevel } from '../../../../shared/followup/warnings.ts';
import { taskAction } from '../../api/followup.ts';
import { userMessage } from '../../api/errors.ts';
import { useStore } from '../../store/index.tsx';
import { TaskTimeline } from './TaskTimeline.tsx';
import { chinaDatePlus } from './time.ts';
import { deadlineLine, shortDate, statusLabel, toneOf, warningLabel } from './task-format.ts';

/** Button label, whether it needs words (required) or a date, and the toast after it. */
const COMMANDS: Partial<Record<TaskCommandType, { label: string; text?: 'required' | 'optional'; date?: 'required' | 'optional'; done: string; tone: string }>> = {
  accept: { label: '复核通过', text: 'optional', done: '已复核办结', tone: 'btn--primary' },
  return: { label: '退回', text: 'required', done: '已退回', tone: 'btn--ghost-danger' },
  approve_extension: { label: '同意延期', text: 'optional', date: 'optional', done: '已同意延期', tone: 'btn--primary' },
  deny_extension: { label: '不同意延期', text: 'required', done: '已不同意延期', tone: 'btn--ghost-danger' },
  remind: { label: '催办', text: 'optional', done: '已催办', tone: 'btn--gold' },
  set_deadline: { label: '设定时限', text: 'optional', date: 'required', done: '完成时限已设定', tone: 'btn--light' },
  cancel: { label: '撤销任务', text: 'required', done: '任务已撤销', tone: 'btn--ghost-danger' },
};

function commandOf(type: TaskCommandType, text: string, date: string): OrganiserCommand | null {
  const t = text.trim();
  switch (type) {
    case 'accept': return { type, ...(t ? { comment: t } : {}) };
    case 'return': return { type, comment: t };
    case 'approve_extension': return { type, ...(t ? { comment: t } : {}), ...(date ? { deadline: date } : {}) };
    case 'deny_extension': return { type, comment: t };
    case 'remind': return { type, ...(t ? { message: t } : {}) };
    case 'set_deadline': return { type, deadline: date, ...(t ? { comment: t } : {}) };
    case 'cancel': return { type, comment: t };
    default: return null;
  }
}

export function OrganiserTaskPanel(props: { task: Task; thresholds: FollowupThresholds; now: number; token: string; onClose: () => void }) {
  const [state, actions] = useStore();
  const [pending, setPending] = createSignal<TaskCommandType | null>(null);
  const [text, setText] = createSignal('');
  const [date, setDate] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const display = () => displayStatus(props.task, props.now);
  const warning = () => warningLevel(props.task, props.now, props.thresholds);
  const spec = () => (pending() ? COMMANDS[pending()!] : undefined);

  async function run(type: TaskCommandType): Promise<void> {
    const c = COMMANDS[type];
    const command = commandOf(type, text(), date());
    if (!c || !command) return;
    setBusy(true);
    try {
      const reply = await taskAction(props.token, props.task.id, command);
      actions.applyTaskChange(reply.task, reply.entry);
      actions.toast(c.done, 'success');
      setPending(null);
      setText('');
      setDate('');
    } catch (error) {
      actions.toast(userMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside class="board-task panel" data-testid="board-task" data-task-id={props.task.id} aria-label="任务详情">
      <div class="board-task__head">
        <strong class="board-task__venue">{props.task.venueName}</strong>
        <span class={`task-pill task-pill--${toneOf(display(), warning())}`} data-testid="board-task-status">{statusLabel(display())}</span>
        <Show when={warning()}>{(w) => <span class={`task-pill task-pill--${w()}`}>{warningLabel(w())}</span>}</Show>
        <button type="button" class="btn btn--ghost btn--small board-task__close" onClick={() => props.onClose()}>关闭</button>
      </div>
      <div class="board-task__req">{props.task.requirement.marker} {props.task.requirement.headline}</div>
      <div class="muted">{deadlineLine(props.task, props.now)}{props.task.reminders > 0 ? ` · 已催办 ${props.task.reminders} 次` : ''}</div>
      <Show when={props.task.extensionRequest}>
        {(x) => <div class="inbox-note" data-testid="board-extension">申请延期至 {shortDate(x().proposedDate)}：{x().reason}</div>}
      </Show>
      <div class="board-task__buttons">
        <For each={allowedCommands(props.task.status, 'organiser')}>
          {(type) => (
            <button type="button" class={`btn btn--small ${COMMANDS[type]?.tone ?? 'btn--light'}`} data-testid={`board-${type}`} disabled={busy()}
              onClick={() => {
                const c = COMMANDS[type];
                if (c && !c.text && !c.date) void run(type);
                else setPending((p) => (p === type ? null : type));
              }}>
              {COMMANDS[type]?.label}
            </button>
          )}
        </For>
      </div>
      <Show when={spec()}>
        {(c) => (
          <form class="task-form" data-testid="board-form" onSubmit={(e) => { e.preventDefault(); const p = pending(); if (p) void run(p); }}>
            <Show when={c().date}>
              <label class="field-label" for="board-date">{pending() === 'approve_extension' ? '延至（默认按申请日期）' : '完成时限'}</label>
              <input id="board-date" class="input" type="date" data-testid="board-date" required={c().date === 'required'} min={chinaDatePlus(props.now, 0)} value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
            </Show>
            <label class="field-label" for="board-text">{pending() === 'remind' ? '催办内容（可选）' : c().text === 'required' ? '意见（必填）' : '意见（可选）'}</label>
            <textarea id="board-text" class="textarea" rows={2} maxLength={5000} data-testid="board-text" required={c().text === 'required'} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
            <div class="task-form__buttons">
              <button type="submit" class="btn btn--primary btn--small" data-testid="board-confirm" disabled={busy()}>确定{c().label}</button>
              <button type="button" class="btn btn--ghost btn--small" onClick={() => setPending(null)}>取消</button>
            </div>
          </form>
        )}
      </Show>
      <TaskTimeline entries={state.meeting.taskEntries[props.task.id] ?? []} token={props.token} />
    </aside>
  );
}
