/**
 * One requirement on the venue screen: marker, headline, units and deadline chips, the full text
 * (open for the newest item, readable from the back of the room; 展开全文 / 收起全文 on every
 * item), "已更新，请重新确认" when it changed after this venue confirmed it, and 收到 / 已传达.
 */
import { For, Show } from 'solid-js';
import type { Requirement } from '../../../../shared/protocol/index.ts';
import { AckButtons } from '../../components/AckButtons.tsx';
import { useStore } from '../../store/index.tsx';
import type { RequirementNode } from '../../state/selectors.ts';
import { ackState } from '../../state/selectors.ts';

export function VenueRequirement(props: { node: RequirementNode; newest: boolean; expanded: boolean; onToggle: () => void }) {
  const [state] = useStore();
  const r = (): Requirement => props.node.requirement;
  const stale = () => ackState(state.meeting, r().id, state.session?.venueId ?? '', 'received') === 'stale';
  // The text starts with the headline; show it only when it says more.
  const hasMore = () => r().fields.text.trim().length > r().fields.headline.length + 1;
  return (
    <li
      class={`venue-req ${props.newest ? 'is-newest' : ''} ${stale() ? 'is-stale' : ''} ${r().provisional ? 'is-provisional' : ''}`}
      data-testid="venue-requirement"
      data-requirement-id={r().id}
      data-ordinal={r().ordinal}
      data-newest={props.newest}
    >
      <span class="venue-req__marker">{r().marker}</span>
      <div class="venue-req__body">
        <div class="venue-req__headline" data-testid="requirement-headline">{r().fields.headline}</div>
        <Show when={stale()}>
          <span class="venue-req__updated" data-testid="requirement-updated">已更新，请重新确认</span>
        </Show>
        <Show when={r().provisional}>
          <span class="venue-req__forming">识别中</span>
        </Show>
        <div class="venue-req__meta">
          <For each={r().fields.responsible}>{(unit) => <span class="chip chip--unit">{unit}</span>}</For>
          <Show when={r().fields.deadline}>{(d) => <span class="chip chip--deadline">时限：{d()}</span>}</Show>
          <For each={props.node.children}>{(child) => <span class="chip">{child.marker} {child.fields.headline}</span>}</For>
        </div>
        <Show when={hasMore()}>
          <Show when={props.expanded}>
            <p class="venue-req__text" data-testid="requirement-text">{r().fields.text}</p>
          </Show>
          <button type="button" class="venue-req__toggle" data-testid="requirement-toggle" aria-expanded={props.expanded} onClick={() => props.onToggle()}>
            {props.expanded ? '收起全文' : '展开全文'}
          </button>
        </Show>
      </div>
      <AckButtons requirementId={r().id} version={r().version} headline={r().fields.headline} />
    </li>
  );
}

/** Items this venue confirmed that were withdrawn since: struck through, so the room knows. */
export function WithdrawnRequirements(props: { items: Requirement[] }) {
  return (
    <Show when={props.items.length > 0}>
      <div class="venue-withdrawn" data-testid="venue-withdrawn">
        <div class="venue-withdrawn__title">已撤回（本会场此前已确认）</div>
        <ul class="venue-withdrawn__list">
          <For each={props.items}>
            {(r) => (
              <li data-testid="venue-withdrawn-item" data-requirement-id={r.id}>
                <span class="venue-withdrawn__marker">{r.marker}</span>
                <s>{r.fields.headline}</s>
                <span class="venue-withdrawn__tag">已撤回</span>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
