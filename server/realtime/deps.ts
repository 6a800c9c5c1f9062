import type { FastifyBaseLogger } from 'fastify';
import type { MeetingAudio } from '../meeting/meeting-audio.ts';
import type { Store } from '../db/store.ts';
import type { AcksService } from '../meeting/acks-service.ts';
import type { MeetingsService } from '../meeting/meetings-service.ts';
import type { PresenceTracker } from '../meeting/presence.ts';
import type { SecretaryService } from '../meeting/secretary-service.ts';
import type { MeetingLifecycle } from '../meeting/meeting-lifecycle.ts';

/** Everything the socket handlers need, passed in by the composition root. */
export interface RealtimeDeps {
  store: Store;
  presence: PresenceTracker;
  meetings: MeetingsService;
  secretary: SecretaryService;
  acks: AcksService;
  audio: MeetingAudio;
  /** Start/end with their side effects (audio closed, extractor ended, listeners told). */
  lifecycle: MeetingLifecycle;
  log: FastifyBaseLogger;
}
