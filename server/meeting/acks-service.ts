/**
 * Acknowledgements: at-least-once from venues, exactly-once in effect. The key venue ×
 * requirement × kind holds the newest requirement version the venue confirmed: a retry of the
 * same version is a no-op, a confirmation of a newer version (after "已更新，请重新确认")
 * replaces it. Only a change emits `ack:recorded`: the row's conflict clause decides whether this
 * call changed it (also against another node recording the same ack at once), and the event is
 * appended in the same transaction, so one change gives exactly one event.
 */
import type { AckKind, Acknowledgement } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { isLive } from '../db/repositories/requirements.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { Committed, Sequencer } from './sequencer.ts';
import { canSeeRequirement } from './visibility.ts';

export function createAcksService({ store, sequencer }: { store: Store; sequencer: Sequencer }) {
  return {
    /** `version`: what the venue saw when it clicked (default: the current version). */
    submit(s: SessionClaims, requirementId: string, kind: AckKind, version?: number): Promise<Committed<{ ack: Acknowledgement; duplicate: boolean }>> {
      return sequencer.commit(async (append) => {
        // In the transaction this read locks the meeting (PostgreSQL): a withdrawal or new version
        // committing meanwhile is waited for, then seen.
        const r = await store.requirements.get(requirementId);
        if (!r || r.meetingId !== s.meetingId || !canSeeRequirement(s, r)) throw new DomainError('not_found');
        if (!isLive(r)) throw new DomainError('conflict', ['requirement withdrawn']);
        if (version !== undefined && version > r.version) throw new DomainError('conflict', ['version ahead of the requirement']);
        const at = sequencer.now();
        const { ack, created } = await store.acks.record({ meetingId: s.meetingId, venueId: s.venueId, requirementId, kind, at, version: version ?? r.version });
        if (created) await append(s.meetingId, 'ack:recorded', 'staff', { ack }, s.venueId);
        return { ack, duplicate: !created };
      });
    },
  };
}

export type AcksService = ReturnType<typeof createAcksService>;
