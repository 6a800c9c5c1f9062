/**
 * Child process of the abuse suite and bench:abuse: runs one attack (attacks.ts) when told and
 * reports its counts, so the attacking work never shares an event loop with the measurement.
 */
import { runAttack, type AttackResult, type AttackSpec } from './attacks.ts';

type ParentMessage = { type: 'run'; spec: AttackSpec };
export type AttackerMessage = { type: 'done'; result: AttackResult } | { type: 'error'; message: string };

const send = (m: AttackerMessage) => process.send?.(m);

process.on('message', (m: ParentMessage) => {
  if (m.type !== 'run') return;
  runAttack(m.spec).then(
    (result) => send({ type: 'done', result }),
    (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
