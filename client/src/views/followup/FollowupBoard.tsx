/**
 * 督办台 (/followup): one meeting's follow-up for its organiser (a secretary session, opened from
 * the desk or the archive). Figures on top; per requirement a row of venue chips coloured by
 * warning (红 overdue, 黄 lagging or returned, 蓝 due soon) or status; a chip opens the task beside
 * the board. Tasks come live over the meeting's socket (`task:changed`), colours move with the clock.
 */
import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import { figuresOf, percent } from '../../../../shared/followup/figures.ts';
import { DEFAULT_THRESHOLDS, type Task } from '../../../../shared/followup/types.ts';
import { displayStatus, warningLevel } from '../../../../shared/followup/warnings.ts';
import { dispatchTasks, downloadMeetingReport, meetingBoard, remindRound, setRequirementDeadline } from '../../api/followup.ts';
import { userMessage } from '../../api/errors.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { navigate } from '../../router/router.ts';
import { useStore } from '../../store/index.tsx';
import { OrganiserTaskPanel } from './OrganiserTaskPanel.tsx';
import { ScopeConfirm } from './ScopeConfirm.tsx';
import { createNow } from './TaskTimeline.tsx';
import { chinaDatePlus } from './time.ts';
import { shortDate, statusLabel, toneOf } from './task-format.ts';

interface RequirementGroup {
  requirementId: string;
  marker: string;
  headline: string;
  tasks: Task[];
}

export function FollowupBoard() {
  const [state, actions] = useStore();
  const token = () => state.session?.token ?? '';
  const meetingId = () => state.session?.meetingId ?? '';
  const now = createNow(30_000);
  const [board, { refetch }] = createResource(() => (token() ? meetingId() : null), (id) => meetingBoard(token(), id));
  const thresholds = () => board()?.thresholds ?? DEFAULT_THRESHOLDS;
  const tasks = createMemo(() => Object.values(state.meeting.tasks).sort((a, b) => a.order - b.order));
  const figures = createMemo(() => figuresOf(tasks(), new Date(now()).toISOString()));
  const groups = createMemo<RequirementGroup[]>(() => {
    const out = new Map<string, RequirementGroup>();
    for (const t of tasks()) {
      const g = out.get(t.requirementId) ?? { requirementId: t.requirementId, marker: t.requirement.marker, headline: t.requirement.headline, tasks: [] };
      g.tasks.push(t);
      out.set(t.requirementId, g);
    }
    return [...out.values()];
  });
  /** Branch venues in the board's order (the main venue issues, it gets no tasks). */
  const branchVenues = createMemo(() => Object.values(state.meeting.venues).filter((v) => !v.isMain).map((v) => ({ id: v.id, name: v.name })));
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = () => state.meeting.tasks[selectedId() ?? ''];
  const [deadlineFor, setDeadlineFor] = createSignal<string | null>(null);
  const [deadline, setDeadline] = createSignal('');
  const tone = (t: Task) => toneOf(displayStatus(t, now()), warningLevel(t, now(), thresholds()));
  const fail = (error: unknown) => actions.toast(userMessage(error), 'error');

  async function remind(requirementId?: string): Promise<void> {
    try {
      const r = await remindRound(token(), meetingId(), requirementId ? { requirementId } : {});
      const skipped = [r.reacted.length ? `${r.reacted.length} 个已有回应` : '', r.tooSoon.length ? `${r.tooSoon.length} 个刚催办过` : ''].filter(Boolean).join('，');
      actions.toast(`已催办 ${r.reminded.length} 个单位${skipped ? `（${skipped}，本轮未催办）` : ''}`, r.reminded.length > 0 ? 'success' : 'info');
    } catch (error) {
      fail(error);
    }
  }

  async function saveDeadline(requirementId: string): Promise<void> {
    try {
      const r = await setRequirementDeadline(token(), meetingId(), { requirementId, deadline: deadline() });
      actions.toast(`已为 ${r.updated} 个单位设定完成时限`, 'success');
      setDeadlineFor(null);
    } catch (error) {
      fail(error);
    }
  }

  const commonDeadline = (g: RequirementGroup) => {
    const dates = new Set(g.tasks.filter((t) => t.status !== 'cancelled').map((t) => t.deadline));
    if (dates.size !== 1) return '时限不一';
    const [d] = [...dates];
    return d ? `完成时限 ${shortDate(d)}` : '完成时限待定';
  };

  return (
    <div class="board" data-testid="followup-board">
      <header class="app-head app-head--blue">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">督办台 · 督查督办</div>
          <div class="app-head__meeting" data-testid="board-title">{state.meeting.meeting?.title ?? '正在载入…'}</div>
        </div>
        <div class="app-head__spacer" />
        <ConnectionBadge />
        <button type="button" class="btn btn--head" data-testid="board-report-xlsx" onClick={() => void downloadMeetingReport(token(), meetingId(), 'report.xlsx').catch(fail)}>督查通报 Excel</button>
        <button type="button" class="btn btn--head" data-testid="board-report-docx" onClick={() => void downloadMeetingReport(token(), meetingId(), 'notice.docx').catch(fail)}>督查通报 Word</button>
        <button type="button" class="btn btn--head" onClick={() => navigate(state.organiser ? '/supervision' : '/secretary')}>{state.organiser ? '督办总览' : '返回记录席'}</button>
      </header>

      <section class="board-figures" aria-label="落实情况">
        <div class="board-figure"><span>任务</span><strong data-testid="board-total">{figures().total}</strong></div>
        <div class="board-figure board-figure--green"><span>已办结</span><strong data-testid="board-done">{figures().done}</strong></div>
        <div class="board-figure"><span>办结率</span><strong data-testid="board-rate">{percent(figures().completionRate)}</strong></div>
        <div class="board-figure board-figure--red"><span>已超期</span><strong data-testid="board-overdue">{figures().overdue}</strong></div>
        <div class="board-figure board-figure--purple"><span>待复核</span><strong data-testid="board-review">{figures().review}</strong></div>
        <div class="board-figure board-figure--gold"><span>申请延期</span><strong>{figures().extensionRequested}</strong></div>
        <div class="board-figure"><span>待签收</span><strong>{figures().pending}</strong></div>
        <div class="board-legend" aria-label="颜色说明">
          <span class="task-pill task-pill--red">超期</span><span class="task-pill task-pill--yellow">滞后/退回</span><span class="task-pill task-pill--blue">临期（{thresholds().nearDays}天内）</span>
          <span class="task-pill task-pill--review">待复核</span><span class="task-pill task-pill--done">已办结</span>
        </div>
        <button type="button" class="btn btn--gold" data-testid="board-remind-all" onClick={() => void remind()}>催办未回应单位</button>
      </section>

      <div class="board-body">
        <main class="board-groups">
          <ScopeConfirm scopes={board()?.scopes ?? []} venues={branchVenues()} token={token()} meetingId={meetingId()} onChanged={() => void refetch()} />
          <Show when={groups().length > 0} fallback={
            <div class="panel board-empty">
              {state.meeting.meeting?.status !== 'ended' ? '会议结束后，每条要求将作为督办任务下发到各分会场'
                : (board()?.scopes.length ?? 0) > 0 ? '任务待确认责任单位后下发' : '本次会议没有需要督办的要求'}
              <Show when={state.meeting.meeting?.status === 'ended'}>
                <button type="button" class="btn btn--light btn--small" onClick={() => void dispatchTasks(token(), meetingId()).then(() => refetch()).catch(fail)}>按纪要下发任务</button>
              </Show>
            </div>
          }>
            <For each={groups()}>
              {(g) => (
                <section class="panel board-group" data-testid="board-group" data-requirement-id={g.requirementId}>
                  <div class="board-group__head">
                    <span class="board-group__marker">{g.marker}</span>
                    <span class="board-group__headline">{g.headline}</span>
                    <span class="muted">{commonDeadline(g)}</span>
                    <span class="board-group__count">办结 {g.tasks.filter((t) => t.status === 'done').length}/{g.tasks.filter((t) => t.status !== 'cancelled').length}</span>
                    <button type="button" class="btn btn--ghost btn--small" data-testid="board-group-deadline" onClick={() => { setDeadline(''); setDeadlineFor((id) => (id === g.requirementId ? null : g.requirementId)); }}>设定时限</button>
                    <button type="button" class="btn btn--ghost btn--small" data-testid="board-group-remind" onClick={() => void remind(g.requirementId)}>催办本项</button>
                  </div>
                  <Show when={deadlineFor() === g.requirementId}>
                    <form class="board-group__deadline" onSubmit={(e) => { e.preventDefault(); void saveDeadline(g.requirementId); }}>
                      <input class="input" type="date" required min={chinaDatePlus(now(), 0)} value={deadline()} onInput={(e) => setDeadline(e.currentTarget.value)} aria-label="完成时限" />
                      <button type="submit" class="btn btn--primary btn--small">应用到本项全部单位</button>
                    </form>
                  </Show>
                  <div class="board-chips">
                    <For each={g.tasks}>
                      {(t) => (
                        <button type="button" class={`venue-chip venue-chip--${tone(t)} ${selectedId() === t.id ? 'venue-chip--selected' : ''}`} data-testid="board-chip"
                          data-task-id={t.id} data-status={t.status} data-tone={tone(t)} title={`${t.venueName}：${statusLabel(displayStatus(t, now()))}`} onClick={() => setSelectedId(t.id)}>
                          <span class="venue-chip__name">{t.venueName}</span>
                          <span class="venue-chip__status">{statusLabel(displayStatus(t, now()))}</span>
                        </button>
                      )}
                    </For>
                  </div>
                </section>
              )}
            </For>
          </Show>
        </main>
        <Show when={selected()}>
          {(t) => <OrganiserTaskPanel task={t()} thresholds={thresholds()} now={now()} token={token()} onClose={() => setSelectedId(null)} />}
        </Show>
      </div>
    </div>
  );
}
