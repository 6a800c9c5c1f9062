/**
 * Secretary desk (记录): correct transcript segments and requirements inline, merge/split,
 * approve drafts in review mode, withdraw, and export.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import { command } from '../../api/socket.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { Clock } from '../../components/Clock.tsx';
import { LeaveButton } from '../../components/LeaveButton.tsx';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { statusLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { countLabel, countWarns, listViews } from '../../state/selectors.ts';
import { ExportBar } from './ExportBar.tsx';
import { RequirementEditor } from './RequirementEditor.tsx';
import { SegmentEditor } from './SegmentEditor.tsx';

export function SecretaryDesk() {
  const [state, actions] = useStore();
  const lists = createMemo(() => listViews(state.meeting, 'staff'));
  const [selected, setSelected] = createSignal<string[]>([]);
  const drafts = () => Object.values(state.meeting.requirements).filter((r) => r.status === 'draft').length;
  const review = () => state.meeting.meeting?.publishMode === 'review';

  function select(id: string, on: boolean): void {
    setSelected((ids) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id)));
  }

  async function merge(): Promise<void> {
    // Merge in list order, whatever order the boxes were ticked in: the first absorbs the rest.
    const order = lists().flatMap((v) => v.items.flatMap((n) => [n.requirement.id, ...n.children.map((c) => c.id)]));
    const ids = order.filter((id) => selected().includes(id));
    if (ids.length < 2) return;
    const result = await actions.connection.run((s) => command(s, 'requirement:merge', { requirementIds: ids }), '已合并');
    if (result) setSelected([]);
  }

  return (
    <div class="desk" data-testid="secretary-desk">
      <header class="app-head app-head--blue">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">记录席 · 校对与审核</div>
          <div class="app-head__meeting" data-testid="meeting-title">{state.meeting.meeting?.title ?? '正在载入会议…'}</div>
        </div>
        <span class={`status-pill status-pill--${state.meeting.meeting?.status ?? 'draft'}`}>{statusLabel(state.meeting.meeting?.status)}</span>
        <span class="app-head__mode">{review() ? `审核后下发 · 待审核 ${drafts()} 条` : '自动下发'}</span>
        <div class="app-head__spacer" />
        <ConnectionBadge />
        <Clock />
        <LeaveButton />
      </header>
      <div class="desk-toolbar">
        <ExportBar />
        <div class="desk-toolbar__merge">
          <span class="muted">已选 {selected().length} 条</span>
          <button type="button" class="btn btn--primary btn--small" disabled={selected().length < 2} onClick={() => void merge()}>
            合并所选
          </button>
        </div>
      </div>
      <main class="desk-grid">
        <SegmentEditor />
        <section class="panel desk-reqs" aria-labelledby="desk-req-title">
          <h2 class="panel__title" id="desk-req-title">要求校对</h2>
          <div class="desk-reqs__scroll">
            <For each={lists()} fallback={<div class="muted">暂无识别出的要求</div>}>
              {(view) => (
                <div class="desk-list">
                  <div class="req-list__head">
                    <span class="req-list__speaker">{view.list.speakerName ?? '主讲人'}<Show when={view.list.speakerRole}>{(r) => <span class="muted"> · {r()}</span>}</Show></span>
                    <span class={`count-check count-check--light ${countWarns(view.list) ? 'count-check--warn' : ''}`}>{countLabel(view.list)}</span>
                  </div>
                  <For each={view.items}>
                    {(node) => (
                      <>
                        <RequirementEditor requirement={node.requirement} selected={selected().includes(node.requirement.id)} onSelect={(on) => select(node.requirement.id, on)} />
                        <For each={node.children}>
                          {(child) => (
                            <div class="desk-child">
                              <RequirementEditor requirement={child} selected={selected().includes(child.id)} onSelect={(on) => select(child.id, on)} />
                            </div>
                          )}
                        </For>
                      </>
                    )}
                  </For>
                </div>
              )}
            </For>
          </div>
        </section>
      </main>
    </div>
  );
}
