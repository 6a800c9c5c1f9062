/**
 * Secretary desk (记录): correct transcript segments (extraction re-runs) and requirements inline,
 * merge/split with undo, add a missed point from the transcript when a list's numbering shows a
 * gap, approve drafts in review mode, withdraw; after the meeting reopen the locked record for
 * corrections, review the minutes draft, and export. Opened from a search hit, it scrolls to it.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { Requirement } from '../../../../shared/protocol/index.ts';
import { findListGaps } from '../../../../shared/requirements/gaps.ts';
import { markerWithNumber } from '../../../../shared/requirements/numbering.ts';
import { command } from '../../api/socket.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { Clock } from '../../components/Clock.tsx';
import { LeaveButton } from '../../components/LeaveButton.tsx';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { statusLabel } from '../../components/format.ts';
import { useStore } from '../../store/index.tsx';
import { navigate } from '../../router/router.ts';
import { countLabel, countWarns, listViews } from '../../state/selectors.ts';
import type { Focus } from '../../router/route.ts';
import { AddRequirementPanel, type AddTarget } from './AddRequirementPanel.tsx';
import { CorrectionsBar } from './CorrectionsBar.tsx';
import { ExportBar } from './ExportBar.tsx';
import { createFocus } from './focus.ts';
import { MinutesDraftPanel } from './MinutesDraftPanel.tsx';
import { RequirementEditor } from './RequirementEditor.tsx';
import { SegmentEditor } from './SegmentEditor.tsx';
import { recallUndoable, rememberUndoable, type Undoable } from './undo-memory.ts';

export function SecretaryDesk(props: { focus: Focus | null }) {
  const [state, actions] = useStore();
  const [reviewing, setReviewing] = createSignal(false);
  /** An ended meeting's record is locked until it is reopened for corrections (the server refuses edits too). */
  const locked = () => state.meeting.meeting?.status === 'ended' && !state.meeting.meeting.reopenedForCorrections;
  createFocus(() => props.focus);
  const lists = createMemo(() => listViews(state.meeting, 'staff'));
  const [selected, setSelected] = createSignal<string[]>([]);
  const [adding, setAdding] = createSignal<AddTarget | null>(null);
  const meetingId = () => state.meeting.meeting?.id ?? '';
  /** The last merge or split in this tab, until undone; survives a reload of the desk. */
  // Boxed so that clearing a recalled undo (null → null) still notifies; unset until this tab acts.
  const [undoableSignal, setUndoableSignal] = createSignal<{ value: Undoable | null } | null>(null);
  const undoable = () => {
    const set = undoableSignal();
    if (set) return set.value;
    return meetingId() ? recallUndoable(sessionStorage, meetingId()) : null;
  };
  const setUndoable = (u: Undoable | null) => {
    setUndoableSignal({ value: u });
    if (meetingId()) rememberUndoable(sessionStorage, meetingId(), u);
  };
  const gapsOf = (items: { requirement: Requirement }[], list: Parameters<typeof findListGaps>[0]) =>
    findListGaps(list, items.map((n) => n.requirement));

  async function undo(): Promise<void> {
    const u = undoable();
    if (!u) return;
    const result = await actions.connection.run((s) => command(s, 'requirement:undo', { undoId: u.undoId }), `已${u.label}`);
    if (result) setUndoable(null);
  }
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
    if (result) {
      setSelected([]);
      setUndoable({ undoId: result.undoId, label: '撤销合并' });
    }
  }

  return (
    <div class="desk" data-testid="secretary-desk">
      <header class="app-head app-head--blue">
        <BrandMark small />
        <div class="app-head__titles">
          <div class="app-head__product">记录席 · 校对与审核</div>
          <div class="app-head__meeting" data-testid="meeting-title">{state.meeting.meeting?.title ?? '正在载入会议…'}</div>
        </div>
        <span class={`status-pill status-pill--${state.meeting.meeting?.status ?? 'draft'}`}>{statusLabel(state.meeting.meeting?.status, state.meeting.meeting?.reopenedForCorrections)}</span>
        <span class="app-head__mode">{review() ? `审核后下发 · 待审核 ${drafts()} 条` : '自动下发'}</span>
        <div class="app-head__spacer" />
        <ConnectionBadge />
        <Clock />
        <Show when={state.meeting.meeting?.status === 'ended'}>
          <button type="button" class="btn btn--head" data-testid="open-board" onClick={() => navigate('/followup')}>督办台</button>
        </Show>
        <LeaveButton />
      </header>
      <CorrectionsBar />
      <div class="desk-toolbar">
        <ExportBar onReviewMinutes={() => setReviewing(true)} />
        <fieldset class="desk-lock desk-toolbar__merge" disabled={locked()}>
          <span class="muted">已选 {selected().length} 条</span>
          <button type="button" class="btn btn--primary btn--small" disabled={selected().length < 2} onClick={() => void merge()}>
            合并所选
          </button>
          <Show when={undoable()}>
            {(u) => (
              <button type="button" class="btn btn--ghost btn--small" data-testid="undo" onClick={() => void undo()}>
                {u().label}
              </button>
            )}
          </Show>
        </fieldset>
      </div>
      <Show when={reviewing()}><MinutesDraftPanel onClose={() => setReviewing(false)} /></Show>
      <fieldset class="desk-lock" disabled={locked()}>
      <main class="desk-grid">
        <SegmentEditor />
        <section class="panel desk-reqs" aria-labelledby="desk-req-title">
          <h2 class="panel__title" id="desk-req-title">要求校对</h2>
          <div class="desk-reqs__scroll">
            <For each={lists()} fallback={<div class="muted">暂无识别出的要求</div>}>
              {(view) => (
                <div class="desk-list" data-testid="desk-list">
                  <div class="req-list__head">
                    <span class="req-list__speaker">{view.list.speakerName ?? '主讲人'}<Show when={view.list.speakerRole}>{(r) => <span class="muted"> · {r()}</span>}</Show></span>
                    <span class={`count-check count-check--light ${countWarns(view.list) || gapsOf(view.items, view.list).message ? 'count-check--warn' : ''}`}>{countLabel(view.list)}</span>
                    <button type="button" class="btn btn--ghost btn--small" data-testid="add-manual" onClick={() => setAdding({ listId: view.list.id, ordinal: null })}>
                      手动添加
                    </button>
                  </div>
                  <Show when={gapsOf(view.items, view.list).message}>
                    {(message) => (
                      <div class="gap-warning" role="alert" data-testid="gap-warning">
                        <span>{message()}</span>
                        <For each={gapsOf(view.items, view.list).missing}>
                          {(n) => (
                            <button type="button" class="btn btn--gold btn--small" data-testid="gap-fill" onClick={() => setAdding({ listId: view.list.id, ordinal: n })}>
                              从转写补录{markerWithNumber('第一', n)}点
                            </button>
                          )}
                        </For>
                      </div>
                    )}
                  </Show>
                  <Show when={adding()?.listId === view.list.id ? adding() : null}>
                    {(target) => <AddRequirementPanel target={target()} onClose={() => setAdding(null)} />}
                  </Show>
                  <For each={view.items}>
                    {(node) => (
                      <>
                        <RequirementEditor requirement={node.requirement} selected={selected().includes(node.requirement.id)} onSelect={(on) => select(node.requirement.id, on)} onUndoable={setUndoable} />
                        <For each={node.children}>
                          {(child) => (
                            <div class="desk-child">
                              <RequirementEditor requirement={child} selected={selected().includes(child.id)} onSelect={(on) => select(child.id, on)} onUndoable={setUndoable} />
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
      </fieldset>
    </div>
  );
}
