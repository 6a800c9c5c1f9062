/**
 * Acknowledgements: at-least-once from venues, exactly-once in effect. The unique key
 * venue × requirement × kind makes retries no-ops; only a new ack emits `ack:recorded`.
 */
import type { AckKind, Acknowledgement } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { Committed, Sequencer } from './sequencer.ts';
import { canSeeRequirement } from './visibility.ts';

export function createAcksService({ store, sequencer }: { store: Store; sequencer: Sequencer }) {
  return {
    submit(s: SessionClaims, requirementId: string, kind: AckKind): Committed<{ ack: Acknowledgement; duplicate: boolean }> {
      return sequencer.commit((append) => {
        const r = store.requirements.get(requirementId);
        if (!r || !canSeeRequirement(s, r)) throw new DomainError('not_found');
        if (r.status === 'withdrawn') throw new DomainError('conflict', ['requirement withdrawn']);
        const { ack, created } = store.acks.record({ meetingId: s.meetingId, venueId: s.venueId, requirementId, kind, at: sequencer.now() });
        if (created) append(s.meetingId, 'ack:recorded', 'staff', { ack }, s.venueId);
        return { ack, duplicate: !created };
      });
    },
  };
}

export type AcksService = ReturnType<typeof createAcksService>;
