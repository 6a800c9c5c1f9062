/**
 * What the meeting services need from the real-time layer. The socket.io implementation lives in
 * server/realtime/broadcaster.ts; services only see this interface.
 */
import type { VenuePresence } from '../../shared/protocol/domain.ts';
import type { InterimTranscript, ModelStatusMessage } from '../../shared/protocol/socket.ts';
import type { StoredEvent } from '../db/repositories/events.ts';

export interface Broadcaster {
  /** Emit a stored sequenced event to everyone allowed to see it. */
  event(stored: StoredEvent): void;
  /** Volatile interim transcript to the whole meeting. */
  interim(interim: InterimTranscript): void;
  /** Presence change, to the meeting's staff. */
  presence(meetingId: string, presence: VenuePresence): void;
  /** Model loading progress, to every staff session. */
  modelStatus(status: ModelStatusMessage): void;
}

/** A broadcaster that drops everything (before socket.io is attached, and in unit tests). */
export const silentBroadcaster: Broadcaster = {
  event: () => {},
  interim: () => {},
  presence: () => {},
  modelStatus: () => {},
};
