/**
 * Child process of the abuse suite and bench:abuse: runs one attack (attacks.ts) when told and
 * reports its counts, so the attacking work never shares an event loop with the measurement.
 */
import { runAttack, type AttackResult, type AttackSpec } from './attacks.ts';

/** `stop`: the measuring side saw the outcome it waits for; the attack ends early. */
type ParentMessage = { type: 'run'; spec: AttackSpec } | { type: 'stop' };
export type AttackerMessage = { type: 'done'; result: AttackResult } | { type: 'error'; message: string };

const send = (m: AttackerMessage) => process.send?.(m);
const stop = new AbortController();

process.on('message', (m: ParentMessage) => {
  if (m.type === 'stop') {
    stop.abort();
    return;
  }
  runAttack(m.spec, stop.signal).then(
    (result) => send({ type: 'done', result }),
    (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
