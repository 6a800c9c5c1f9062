import type { Store } from '../db/store.ts';
import type { MeetingsService } from '../meeting/meetings-service.ts';
import type { PresenceTracker } from '../meeting/presence.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { RealtimeDeps } from '../realtime/deps.ts';
import type { OrganiserService } from '../organisers/organiser-service.ts';

/** What the REST routes need, passed in by the composition root. */
export interface HttpDeps {
  secret: string;
  store: Store;
  meetings: MeetingsService;
  presence: PresenceTracker;
  lifecycle: RealtimeDeps['lifecycle'];
  joinLimiter: RateLimiter;
  organisers: OrganiserService;
  /** Close every socket of a deleted meeting (their tokens no longer lead anywhere). */
  disconnectMeeting: (meetingId: string) => void;
}
