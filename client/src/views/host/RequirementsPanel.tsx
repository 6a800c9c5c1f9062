/**
 * 要求形成: each list with its count check ("已识别 5/7 点"), items with marker, headline,
 * responsible units and deadline as they form. Drafts awaiting review are marked.
 */
import { For, Show, createMemo } from 'solid-js';
import type { Requirement } from '../../../../shared/protocol/index.ts';
import { useStore } from '../../store/index.tsx';
import { countLabel, countWarns, listViews } from '../../state/selectors.ts';

function statusBadge(r: Requirement): { text: string; cls: string } {
  if (r.status === 'draft') return { text: '待审核', cls: 'badge--draft' };
  if (!r.closed) return { text: '形成中', cls: 'badge--forming' };
  return { text: '已下发', cls: 'badge--published' };
}

export function RequirementsPanel(props: { class?: string }) {
  const [state] = useStore();
  const lists = createMemo(() => listViews(state.meeting, 'staff'));
  return (
    <section class={`panel reqs-panel ${props.class ?? ''}`} aria-labelledby="reqs-title">
      <h2 class="panel__title" id="reqs-title">会议要求</h2>
      <div class="reqs-panel__scroll">
        <For each={lists()} fallback={<div class="muted reqs-panel__empty">讲话中出现“提出几点要求”“第一……”时，要求将逐条在此形成</div>}>
          {(view) => (
            <div class="req-list" data-testid="host-list">
              <div class="req-list__head">
                <span class="req-list__speaker">
                  {view.list.speakerName ?? '主讲人'}
                  <Show when={view.list.speakerRole}>{(role) => <span class="muted"> · {role()}</span>}</Show>
                </span>
                <span
                  class={`count-check count-check--light ${countWarns(view.list) ? 'count-check--warn' : view.list.announcedCount !== null && view.list.foundCount === view.list.announcedCount ? 'count-check--ok' : ''}`}
                  data-testid="host-count-check"
                >
                  {countLabel(view.list)}
                </span>
              </div>
              <ol class="req-list__items">
                <For each={view.items}>
                  {(node) => (
                    <li class={`req-item ${state.meeting.newestRequirementId === node.requirement.id ? 'is-newest' : ''}`} data-testid="host-requirement">
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
