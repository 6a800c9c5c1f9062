/**
 * 要求形成: each list with its count check ("已识别 5/7 点") and, when its numbering skips a
 * point, an amber warning ("第三点可能漏识别"); items with marker, headline, responsible units
 * and deadline as they form. Drafts, provisional items and items to re-check are marked.
 */
import { For, Show, createMemo } from 'solid-js';
import type { Requirement } from '../../../../shared/protocol/index.ts';
import { findListGaps } from '../../../../shared/requirements/gaps.ts';
import { useStore } from '../../store/index.tsx';
import { countLabel, countWarns, listViews, newestRequirementId } from '../../state/selectors.ts';

function statusBadge(r: Requirement): { text: string; cls: string } {
  if (r.orphaned) return { text: '待核实', cls: 'badge--draft' };
  if (r.status === 'draft') return { text: '待审核', cls: 'badge--draft' };
  if (r.provisional) return { text: '识别中', cls: 'badge--forming' };
  if (!r.closed) return { text: '形成中', cls: 'badge--forming' };
  return { text: '已下发', cls: 'badge--published' };
}

/** The list's gap warning, if its numbering skips a point (shared rule). */
function gapOf(view: { list: Parameters<typeof findListGaps>[0]; items: { requirement: Requirement }[] }): string | null {
  return findListGaps(view.list, view.items.map((n) => n.requirement)).message;
}

export function RequirementsPanel(props: { class?: string }) {
  const [state] = useStore();
  const lists = createMemo(() => listViews(state.meeting, 'staff'));
  const newest = createMemo(() => newestRequirementId(state.meeting, 'staff'));
  return (
    <section class={`panel reqs-panel ${props.class ?? ''}`} aria-labelledby="reqs-title">
      <h2 class="panel__title" id="reqs-title">会议要求</h2>
      <div class="reqs-panel__scroll">
        <For each={lists()} fallback={<div class="muted reqs-panel__empty">讲话中出现“提出几点要求”“第一……”时，要求将逐条在此形成</div>}>
          {(view) => (
            <div class={`req-list ${gapOf(view) ? 'req-list--gap' : ''}`} data-testid="host-list">
              <div class="req-list__head">
                <span class="req-list__speaker">
                  {view.list.speakerName ?? '主讲人'}
                  <Show when={view.list.speakerRole}>{(role) => <span class="muted"> · {role()}</span>}</Show>
                </span>
                <span
                  class={`count-check count-check--light ${countWarns(view.list) || gapOf(view) ? 'count-check--warn' : view.list.announcedCount !== null && view.list.foundCount === view.list.announcedCount ? 'count-check--ok' : ''}`}
                  data-testid="host-count-check"
                >
                  {countLabel(view.list)}
                </span>
              </div>
              <Show when={gapOf(view)}>
                {(message) => (
                  <div class="gap-warning" role="alert" data-testid="gap-warning">
                    {message()}，请记录席核对转写并补录
                  </div>
                )}
              </Show>
              <ol class="req-list__items">
                <For each={view.items}>
                  {(node) => (
                    <li class={`req-item ${newest() === node.requirement.id ? 'is-newest' : ''}`} data-testid="host-requirement" data-requirement-id={node.requirement.id}>
                      <span class="req-item__marker">{node.requirement.marker}</span>
                      <div class="req-item__body">
                        <div class="req-item__headline">{node.requirement.fields.headline}</div>
                        <div class="req-item__meta">
                          <For each={node.requirement.fields.responsible}>{(u) => <span class="chip chip--unit-light">{u}</span>}</For>
                          <Show when={node.requirement.fields.deadline}>{(d) => <span class="chip chip--deadline-light">时限：{d()}</span>}</Show>
                        </div>
                        <For each={node.children}>
                          {(child) => (
                            <div class="req-item__child">
                              <span class="req-item__child-marker">{child.marker}</span>
                              {child.fields.headline}
                            </div>
                          )}
                        </For>
                      </div>
                      <span class={`badge ${statusBadge(node.requirement).cls}`}>{statusBadge(node.requirement).text}</span>
                    </li>
                  )}
                </For>
              </ol>
            </div>
          )}
        </For>
      </div>
    </section>
  );
}
