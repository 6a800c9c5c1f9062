/**
 * The rehearsal's load balancer (balancer.ts) in its own process, like nginx on its own machine:
 * proxying a thousand venues' traffic must not share an event loop with the measuring side.
 * Protocol: parent sends `listen` with the node ports, gets `listening`; `counts` → `counts`.
 */
import { startBalancer, type Balancer, type UpstreamCount } from './balancer.ts';

export type BalancerParentMessage = { type: 'listen'; ports: number[] } | { type: 'counts' } | { type: 'exit' };
export type BalancerChildMessage = { type: 'listening'; port: number } | { type: 'counts'; counts: UpstreamCount[] } | { type: 'error'; message: string };

const send = (m: BalancerChildMessage) => process.send?.(m);
let balancer: Balancer | null = null;

process.on('message', (m: BalancerParentMessage) => {
  if (m.type === 'listen') {
    startBalancer(m.ports).then((b) => {
      balancer = b;
      send({ type: 'listening', port: b.port });
    }, (err: unknown) => send({ type: 'error', message: String(err) }));
  } else if (m.type === 'counts') {
    send({ type: 'counts', counts: balancer?.counts() ?? [] });
  } else {
    void (balancer?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  }
});
