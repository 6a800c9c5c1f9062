/**
 * The one way state changes become events: `commit` runs the work in a single database transaction,
 * appending sequenced events as it goes; the returned `publish` broadcasts them in seq order.
 * Callers ack their command between the two (validate → persist → ack → broadcast).
 */
import type { Audience, MeetingEventPayloads, MeetingEventType } from '../../shared/protocol/events.ts';
import type { StoredEvent } from '../db/repositories/events.ts';
import type { Store } from '../db/store.ts';
import type { Broadcaster } from './broadcaster.ts';

export type Append = <K extends MeetingEventType>(
  meetingId: string,
  type: K,
  audience: Audience,
  payload: MeetingEventPayloads[K],
  venueId?: string | null,
) => Promise<StoredEvent>;

export interface Committed<T> {
  result: T;
  events: StoredEvent[];
  /** Broadcast the committed events (call once, after acking the command). */
  publish: () => void;
}

export interface Sequencer {
  commit<T>(work: (append: Append) => Promise<T>): Promise<Committed<T>>;
  /** Server time as stored in events, ISO-8601 with ms. */
  now(): string;
}

export function createSequencer(store: Store, broadcaster: Broadcaster, clock: () => Date = () => new Date()): Sequencer {
  return {
    now: () => clock().toISOString(),
    async commit(work) {
      const events: StoredEvent[] = [];
      const result = await store.tx(() =>
        work(async (meetingId, type, audience, payload, venueId = null) => {
          const stored = await store.events.append(meetingId, type, audience, payload, clock().toISOString(), venueId);
          events.push(stored);
          return stored;
        }),
      );
      let published = false;
      return {
        result,
        events,
        publish: () => {
          if (published) return;
          published = true;
          for (const e of events) broadcaster.event(e);
        },
      };
    },
  };
}
