/**
 * The sequencing rule every receiver of `meeting:event` follows (the web client's connection
 * store and the server tests' protocol mirror): given the last applied `seq`, apply an event,
 * drop a duplicate, or hold it and ask the server to `sync` the gap. Pure.
 *
 * Rule (docs/protocol.md): ignore if `seq <= lastSeq`; apply if `prevSeq <= lastSeq` (venues do
 * not see staff-only events other than their own acks, so their chain skips numbers); otherwise
 * events were missed.
 * Why: across a reconnect, a server restart or a sync in flight, events can arrive twice or
 * with holes; applying only a continuous chain keeps every venue's list identical to the server's.
 */
import type { MeetingEvent } from './events.ts';

/** What the caller should do with an event. */
export type SequenceDecision = 'apply' | 'duplicate' | 'gap';

/** The fields of an event the sequencer reads. */
export type Sequenced = Pick<MeetingEvent, 'seq' | 'prevSeq'>;

/**
 * What to do with `event` after `lastSeq` was applied (`null`: nothing applied yet, so any
 * event is a gap until a sync or snapshot sets the base).
 */
export function decide(lastSeq: number | null, event: Sequenced): SequenceDecision {
  if (lastSeq === null) return 'gap';
  if (event.seq <= lastSeq) return 'duplicate';
  return event.prevSeq <= lastSeq ? 'apply' : 'gap';
}

/**
 * From a buffer of held events, the ones that now apply in order after `lastSeq`
 * (duplicates dropped), and those still waiting for a hole to fill.
 */
export function drainBuffer<E extends Sequenced>(lastSeq: number, buffer: readonly E[]): { ready: E[]; waiting: E[] } {
  const sorted = [...buffer].sort((a, b) => a.seq - b.seq);
  const ready: E[] = [];
  const waiting: E[] = [];
  let last = lastSeq;
  for (const event of sorted) {
    if (event.seq <= last) continue;
    if (waiting.length === 0 && event.prevSeq <= last) {
      ready.push(event);
      last = event.seq;
    } else {
      waiting.push(event);
    }
  }
  return { ready, waiting };
}
