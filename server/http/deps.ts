import type { SearchReply } from '../../shared/protocol/organiser.ts';
import type { MeetingSnapshot, SessionClaims } from '../../shared/protocol/socket.ts';
import type { ExportSnapshot } from '../exports/snapshot.ts';
import type { AccessService } from '../meeting/access-service.ts';
import type { MeetingsService } from '../meeting/meetings-service.ts';
import type { PresenceTracker } from '../meeting/presence.ts';
import type { JoinGuard } from '../auth/join-guard.ts';
import type { MeetingLifecycle } from '../meeting/meeting-lifecycle.ts';
import type { OrganiserService } from '../organisers/organiser-service.ts';
import type { MinutesService } from '../exports/minutes-service.ts';

/** What the REST routes need, passed in by the composition root. */
export interface HttpDeps {
  secret: string;
  /** The meeting as this session may see it (the socket `sync` snapshot). */
  snapshot: (session: SessionClaims) => Promise<MeetingSnapshot>;
  /** Everything an export renders, read in one transaction. */
  exportSnapshot: (meetingId: string) => Promise<ExportSnapshot>;
  /** Full-text search over an organiser's meetings. */
  search: (organiserId: string, query: string, limit: number) => Promise<SearchReply>;
  meetings: MeetingsService;
  presence: PresenceTracker;
  lifecycle: MeetingLifecycle;
  /** Wrong join codes per client IP and code prefix. */
  joinGuard: JoinGuard;
  /** Join-code validity, renewal, rotation and revocation. */
  access: AccessService;
  /** LUOSHI_PUBLIC_URL (no trailing slash), for links handed out in files; null: paths only. */
  publicUrl: string | null;
  organisers: OrganiserService;
  /** The secretary's minutes draft. */
  minutes: MinutesService;
  /** Close every socket of a deleted meeting (their tokens no longer lead anywhere). */
  disconnectMeeting: (meetingId: string) => void;
  /** End the sockets of a venue whose code changed (told why first); resolves to how many ended. */
  endStaleSessions: (meetingId: string, venueId: string) => Promise<number>;
}
