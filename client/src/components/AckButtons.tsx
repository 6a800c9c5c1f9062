/**
 * 收到 / 已传达 for one requirement at one venue. A click queues the ack of the version on screen
 * in the outbox (sent until the server answers); the button shows 发送中 while pending and a
 * check once stored. When the item changed after it was confirmed, the button is live again
 * ("重新确认") until the venue confirms the new version.
 */
import type { AckKind } from '../../../shared/protocol/index.ts';
import { useStore } from '../store/index.tsx';
import { ackState } from '../state/selectors.ts';

const LABELS: Record<AckKind, { idle: string; done: string; again: string }> = {
  received: { idle: '收到', done: '已收到', again: '重新确认' },
  relayed: { idle: '已传达', done: '已传达', again: '再次传达' },
};

function AckButton(props: { requirementId: string; version: number; kind: AckKind; headline: string }) {
  const [state, actions] = useStore();
  const venueId = () => state.session?.venueId ?? '';
  const ack = () => ackState(state.meeting, props.requirementId, venueId(), props.kind);
  const done = () => ack() === 'current';
  const pending = () => !done() && actions.acks.isPending(props.requirementId, props.kind);
  const phase = () => (done() ? 'done' : pending() ? 'pending' : ack() === 'stale' ? 'stale' : 'idle');
  const label = () => {
    if (done()) return LABELS[props.kind].done;
    if (pending()) return '发送中';
    return ack() === 'stale' ? LABELS[props.kind].again : LABELS[props.kind].idle;
  };
  return (
    <button
      type="button"
      class={`ack-btn ack-btn--${props.kind} ack-btn--${phase() === 'stale' ? 'idle ack-btn--stale' : phase()}`}
      data-testid={`ack-${props.kind}`}
      data-state={phase()}
      aria-pressed={done()}
      aria-label={`${label()}：${props.headline}`}
      disabled={done()}
      onClick={() => actions.acks.submit(props.requirementId, props.kind, props.version)}
    >
      <span class="ack-btn__icon" aria-hidden="true">{done() ? '✓' : pending() ? '…' : ''}</span>
      {label()}
    </button>
  );
}

export function AckButtons(props: { requirementId: string; version: number; headline: string }) {
  return (
    <div class="ack-buttons">
      <AckButton requirementId={props.requirementId} version={props.version} kind="received" headline={props.headline} />
      <AckButton requirementId={props.requirementId} version={props.version} kind="relayed" headline={props.headline} />
    </div>
  );
}
