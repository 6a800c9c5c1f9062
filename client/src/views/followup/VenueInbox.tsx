/**
 * The venue's task inbox (分会场 after the meeting): the venue's code keeps working, and its
 * screen lists every task issued to it — urgent first, coloured by warning — with the selected
 * task's requirement, due date, 催办 banner, actions and timeline. (New 催办 and warnings pop up
 * through task-notices.ts, in whichever view the venue screen shows.)
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { Task } from '../../../../shared/followup/types.ts';
import { displayStatus, warningLevel } from '../../../../shared/followup/warnings.ts';
import { DEFAULT_THRESHOLDS } from '../../../../shared/followup/types.ts';
import { useStore } from '../../store/index.tsx';
import { TaskTimeline, createNow } from './TaskTimeline.tsx';
import { VenueTaskActions } from './VenueTaskActions.tsx';
import { deadlineLine, inboxOrder, statusLabel, toneOf, unansweredReminders, warningLabel } from './task-format.ts';

export function VenueInbox(props: { onShowRequirements: () => void }) {
  const [state] = useStore();
  const now = createNow();
  const tasks = createMemo(() => inboxOrder(Object.values(state.meeting.tasks), now()));
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = createMemo<Task | undefined>(() => state.meeting.tasks[selectedId() ?? ''] ?? tasks()[0]);
  const entries = (t: Task) => state.meeting.taskEntries[t.id] ?? [];
  // The organiser's thresholds (from the snapshot), so the venue's colours match the 督办台's.
  const thresholds = () => state.meeting.followupThresholds ?? DEFAULT_THRESHOLDS;
  const tone = (t: Task) => toneOf(displayStatus(t, now()), warningLevel(t, now(), thresholds()));
  /** The newest 催办 not yet answered, on any task: shown on top whichever task is open. */
  const reminder = createMemo(() => {
    const all = tasks().flatMap((t) => unansweredReminders(t, entries(t)).map((e) => ({ task: t, entry: e })));
    return all.sort((a, b) => b.entry.id - a.entry.id)[0] ?? null;
  });
  const open = () => tasks().filter((t) => ['pending', 'in_progress', 'extension_requested', 'extended'].includes(t.status)).length;
  const done = () => tasks().filter((t) => t.status === 'done').length;

  return (
    <main class="inbox" data-testid="venue-inbox">
      <section class="inbox-list" aria-label="督办任务">
        <div class="inbox-list__head">
          <span class="inbox-list__title">督办任务</span>
          <span class="inbox-list__tally" data-testid="inbox-tally">待办 {open()} · 已办结 {done()} / {tasks().length}</span>
          <button type="button" class="btn btn--ghost btn--small inbox-list__switch" data-testid="inbox-show-requirements" onClick={() => props.onShowRequirements()}>会议要求</button>
        </div>
        <ol class="inbox-list__items">
          <For each={tasks()}>
            {(t) => (
              <li>
                <button type="button" class={`inbox-card inbox-card--${tone(t)} ${selected()?.id === t.id ? 'inbox-card--selected' : ''}`}
                  data-testid="inbox-card" data-task-id={t.id} data-status={t.status} onClick={() => setSelectedId(t.id)}>
                  <span class="inbox-card__marker">{t.requirement.marker}</span>
                  <span class="inbox-card__headline">{t.requirement.headline}</span>
                  <span class={`task-pill task-pill--${tone(t)}`} data-testid="inbox-card-status">{statusLabel(displayStatus(t, now()))}</span>
                  <span class="inbox-card__due">{deadlineLine(t, now())}</span>
                  <Show when={unansweredReminders(t, entries(t)).length > 0}><span class="inbox-card__remind" data-testid="inbox-card-reminded">催办</span></Show>
                </button>
              </li>
            )}
          </For>
        </ol>
      </section>

      <Show when={selected()} fallback={<section class="inbox-detail inbox-detail--empty">暂无督办任务</section>}>
        {(t) => (
          <section class="inbox-detail" data-testid="inbox-detail" data-task-id={t().id}>
            <Show when={reminder()}>
              {(r) => (
                <button type="button" class="inbox-remind" role="alert" data-testid="inbox-reminder" onClick={() => setSelectedId(r().task.id)}>
                  <strong>主办单位催办</strong>（{r().task.requirement.marker} {r().task.requirement.headline}）{r().entry.text ? `：${r().entry.text}` : '：请抓紧办理并及时反馈'}
                  <span class="inbox-remind__count">（已催办 {r().task.reminders} 次）</span>
                </button>
              )}
            </Show>
            <div class="inbox-detail__head">
              <span class="inbox-detail__marker">{t().requirement.marker}</span>
              <h2 class="inbox-detail__headline">{t().requirement.headline}</h2>
            </div>
            <div class="inbox-detail__meta">
              <span class={`task-pill task-pill--${tone(t())}`} data-testid="inbox-detail-status">{statusLabel(displayStatus(t(), now()))}</span>
              <Show when={warningLevel(t(), now(), thresholds())}>{(w) => <span class={`task-pill task-pill--${w()}`}>{warningLabel(w())}预警</span>}</Show>
              <span class="inbox-detail__due">{deadlineLine(t(), now())}</span>
              <Show when={t().requirement.responsible.length > 0}><span class="chip chip--unit">{t().requirement.responsible.join('、')}</span></Show>
            </div>
            <Show when={t().returned}><div class="inbox-returned" data-testid="inbox-returned">办结材料被退回，请补充后重新报送</div></Show>
            <Show when={t().extensionRequest}>{(x) => <div class="inbox-note">已申请延期至 {x().proposedDate}，等待主办单位审批</div>}</Show>
            <p class="inbox-detail__text">{t().requirement.text}</p>
            <VenueTaskActions task={t()} token={state.session?.token ?? ''} />
            <h3 class="inbox-detail__subtitle">办理记录</h3>
            <TaskTimeline entries={entries(t())} token={state.session?.token ?? ''} />
          </section>
        )}
      </Show>
    </main>
  );
}
