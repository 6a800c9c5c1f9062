/**
 * 督办总览 (/supervision): the organiser's follow-up across all its meetings — per meeting the
 * tasks, closed, rate, overdue, the count in each status (待签收 … 待复核) and the colour counts
 * (each opens its 督办台), with a 合计 row over the meetings; the tasks that need the
 * organiser now (overdue, extension requests, reviews), figures per unit, the warning thresholds,
 * and the 督查通报 of all meetings.
 */
import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import { STATUS_FIGURES, percent } from '../../../../shared/followup/figures.ts';
import { TASK_STATUS_LABELS, type FollowupThresholds } from '../../../../shared/followup/types.ts';
import { downloadOverviewReport, followupOverview, saveThresholds } from '../../api/followup.ts';
import { openMeeting } from '../../api/organiser.ts';
import { UserFacingError, userMessage } from '../../api/errors.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { navigate } from '../../router/router.ts';
import { sessionFromJoinResponse } from '../../session.ts';
import { useStore } from '../../store/index.tsx';
import { deadlineLine, statusLabel, toneOf } from './task-format.ts';
import { dateTimeLabel } from './time.ts';

export function SupervisionPage() {
  const [state, actions] = useStore();
  createEffect(() => {
    if (!state.organiser) navigate('/login', { replace: true });
  });
  const [overview, { refetch }] = createResource(() => state.organiser?.token ?? null, () => actions.organiser.call((token) => followupOverview(token)));
  const [form, setForm] = createSignal<FollowupThresholds | null>(null);
  const fail = (error: unknown) => actions.toast(userMessage(error), 'error');

  async function openBoard(meetingId: string): Promise<void> {
    try {
      const reply = await actions.organiser.call((token) => openMeeting(token, meetingId, 'secretary'));
      const session = sessionFromJoinResponse(reply);
      if (!session) throw new UserFacingError('internal');
      actions.setSession(session);
      navigate('/followup');
    } catch (error) {
      fail(error);
    }
  }

  async function save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = form();
    if (!f) return;
    try {
      await actions.organiser.call((token) => saveThresholds(token, f));
      actions.toast('预警规则已保存', 'success');
      setForm(null);
      void refetch();
    } catch (error) {
      fail(error);
    }
  }

  const num = (key: keyof FollowupThresholds, label: string, min: number, max: number) => (
    <label class="thresholds__field">
      <span>{label}</span>
      <input class="input" type="number" min={min} max={max} required value={form()?.[key] ?? ''} data-testid={`threshold-${key}`}
        onInput={(e) => setForm((f) => (f ? { ...f, [key]: Number(e.currentTarget.value) } : f))} />
    </label>
  );

  return (
    <div class="archive supervision" data-testid="supervision-page">
      <header class="app-head app-head--blue">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">督办总览 · 主办单位</div>
          <div class="app-head__meeting">{state.organiser?.organiser.displayName}</div>
        </div>
        <div class="app-head__spacer" />
        <button type="button" class="btn btn--head" data-testid="overview-report-xlsx" onClick={() => void actions.organiser.call((t) => downloadOverviewReport(t, 'report.xlsx')).catch(fail)}>督查通报 Excel</button>
        <button type="button" class="btn btn--head" data-testid="overview-report-docx" onClick={() => void actions.organiser.call((t) => downloadOverviewReport(t, 'notice.docx')).catch(fail)}>督查通报 Word</button>
        <button type="button" class="btn btn--head" data-testid="overview-thresholds" onClick={() => setForm((f) => (f ? null : overview()?.thresholds ?? null))}>预警规则</button>
        <button type="button" class="btn btn--head" onClick={() => navigate('/meetings')}>会议档案</button>
      </header>
      <main class="archive-main">
        <Show when={form()}>
          <form class="panel thresholds" data-testid="thresholds-form" onSubmit={(e) => void save(e)}>
            <h2 class="panel__title">预警规则</h2>
            {num('nearDays', '蓝色预警：距完成时限（天）', 0, 30)}
            {num('signDays', '黄色预警：下发后未签收（天）', 1, 30)}
            {num('silentDays', '黄色预警：未反馈进展（天）', 1, 90)}
            {num('remindIntervalMinutes', '催办最小间隔（分钟）', 1, 1440)}
            <div class="task-form__buttons"><button type="submit" class="btn btn--primary">保存</button><button type="button" class="btn btn--ghost" onClick={() => setForm(null)}>取消</button></div>
          </form>
        </Show>
        <Show when={overview()} fallback={<div class="panel muted">{overview.loading ? '正在载入…' : '暂无督办任务'}</div>}>
          {(o) => (
            <>
              <section class="panel">
                <h2 class="panel__title">各会议落实情况 <span class="panel__count">共 {o().total.total} 项任务，已办结 {o().total.done} 项，办结率 {percent(o().total.completionRate)}，超期 {o().total.overdue} 项</span></h2>
                <table class="archive-table" data-testid="overview-table">
                  <thead>
                    <tr>
                      <th>会议</th><th>下发时间</th><th class="num">任务</th><th class="num">已办结</th><th class="num">办结率</th><th class="num">{TASK_STATUS_LABELS.overdue}</th>
                      <For each={STATUS_FIGURES}>{(f) => <th class="num">{f.label}</th>}</For>
                      <th>预警</th><th>督办台</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={o().meetings} fallback={<tr><td colSpan={8 + STATUS_FIGURES.length} class="muted">会议结束后，要求将作为督办任务下发</td></tr>}>
                      {(m) => (
                        <tr data-testid="overview-row" data-meeting-id={m.meetingId}>
                          <td class="archive-table__title">{m.title}</td>
                          <td>{m.dispatchedAt ? dateTimeLabel(m.dispatchedAt) : '—'}</td>
                          <td class="num">{m.total}</td>
                          <td class="num">{m.done}</td>
                          <td class="num">{percent(m.completionRate)}</td>
                          <td class="num" classList={{ 'num--red': m.overdue > 0 }}>{m.overdue}</td>
                          <For each={STATUS_FIGURES}>{(f) => <td class="num" data-testid={`overview-${f.key}`}>{m[f.key]}</td>}</For>
                          <td><span class="task-pill task-pill--red">{m.red}</span> <span class="task-pill task-pill--yellow">{m.yellow}</span> <span class="task-pill task-pill--blue">{m.blue}</span></td>
                          <td><button type="button" class="btn btn--light btn--small" data-testid="overview-open" onClick={() => void openBoard(m.meetingId)}>打开督办台</button></td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                  <Show when={o().meetings.length > 1}>
                    <tfoot>
                      <tr data-testid="overview-total">
                        <td class="archive-table__title">合计</td><td />
                        <td class="num">{o().total.total}</td>
                        <td class="num">{o().total.done}</td>
                        <td class="num">{percent(o().total.completionRate)}</td>
                        <td class="num" classList={{ 'num--red': o().total.overdue > 0 }}>{o().total.overdue}</td>
                        <For each={STATUS_FIGURES}>{(f) => <td class="num">{o().total[f.key]}</td>}</For>
                        <td /><td />
                      </tr>
                    </tfoot>
                  </Show>
                </table>
              </section>
              <section class="panel">
                <h2 class="panel__title">需要处理 <span class="panel__count">超期、申请延期、待复核</span></h2>
                <ul class="attention" data-testid="attention-list">
                  <For each={o().attention.slice(0, 50)} fallback={<li class="muted">暂无</li>}>
                    {(t) => (
                      <li class={`attention__item attention__item--${toneOf(t.display, t.warning)}`}>
                        <span class={`task-pill task-pill--${toneOf(t.display, t.warning)}`}>{statusLabel(t.display)}</span>
                        <strong>{t.venueName}</strong> <span>{t.requirement.marker} {t.requirement.headline}</span>
                        <span class="muted">{t.meetingTitle} · {deadlineLine(t, Date.parse(o().asOf))}</span>
                        <button type="button" class="link-button" onClick={() => void openBoard(t.meetingId)}>处理</button>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
              <section class="panel">
                <h2 class="panel__title">各单位落实情况</h2>
                <table class="archive-table" data-testid="unit-table">
                  <thead><tr><th>单位</th><th class="num">任务</th><th class="num">已办结</th><th class="num">办结率</th><th class="num">超期未办结</th><th class="num">逾期办结</th><th class="num">平均逾期天数</th></tr></thead>
                  <tbody>
                    <For each={o().byUnit}>
                      {(u) => (
                        <tr><td>{u.label}</td><td class="num">{u.total}</td><td class="num">{u.done}</td><td class="num">{percent(u.completionRate)}</td>
                          <td class="num" classList={{ 'num--red': u.overdue > 0 }}>{u.overdue}</td><td class="num">{u.doneLate}</td><td class="num">{u.averageDaysLate}</td></tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </section>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
