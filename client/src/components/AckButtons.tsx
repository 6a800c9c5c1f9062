/**
 * 收到 / 已传达 for one requirement at one venue. A click queues the ack in the outbox (sent
 * until the server answers); the button shows 发送中 while pending and a check once stored.
 */
import type { AckKind } from '../../../shared/protocol/index.ts';
import { useStore } from '../store/index.tsx';
import { hasAck } from '../state/selectors.ts';

const LABELS: Record<AckKind, { idle: string; done: string }> = {
  received: { idle: '收到', done: '已收到' },
  relayed: { idle: '已传达', done: '已传达' },
};

function AckButton(props: { requirementId: string; kind: AckKind; headline: string }) {
  const [state, actions] = useStore();
  const venueId = () => state.session?.venueId ?? '';
  const done = () => hasAck(state.meeting, props.requirementId, venueId(), props.kind);
  const pending = () => !done() && actions.acks.isPending(props.requirementId, props.kind);
  const phase = () => (done() ? 'done' : pending() ? 'pending' : 'idle');
  return (
    <button
      type="button"
      class={`ack-btn ack-btn--${props.kind} ack-btn--${phase()}`}
      data-testid={`ack-${props.kind}`}
      data-state={phase()}
      aria-pressed={done()}
      aria-label={`${LABELS[props.kind].idle}：${props.headline}`}
      disabled={done()}
      onClick={() => actions.acks.submit(props.requirementId, props.kind)}
    >
      <span class="ack-btn__icon" aria-hidden="true">{done() ? '✓' : pending() ? '…' : ''}</span>
      {done() ? LABELS[props.kind].done : pending() ? '发送中' : LABELS[props.kind].idle}
    </button>
  );
}

export function AckButtons(props: { requirementId: string; headline: string }) {
  return (
    <div class="ack-buttons">
      <AckButton requirementId={props.requirementId} kind="received" headline={props.headline} />
      <AckButton requirementId={props.requirementId} kind="relayed" headline={props.headline} />
    </div>
  );
}
