/**
 * Services the core decorates onto the Fastify instance for other modules (LiveKit, issue 6),
 * with module augmentation so `app.meetingAudio` etc. are typed everywhere.
 */
import type { FastifyRequest } from 'fastify';
import type { SessionClaims } from '../shared/protocol/socket.ts';
import type { MeetingAudio } from './meeting/meeting-audio.ts';
import type { AsrLeaseKeeper } from './meeting/asr-lease.ts';
import type { MeetingControl } from './meeting/meeting-lifecycle.ts';
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';
import type { LuoshiServer } from './realtime/types.ts';
import type { BootstrapResult } from './organisers/organiser-service.ts';
import type { FollowupService } from './followup/followup-service.ts';

/** Session token checks for other modules' routes. */
export interface Sessions {
  /** Claims of a valid, unexpired token, else null. */
  verify(token: string): SessionClaims | null;
  /** Claims from `Authorization: Bearer …`; throws a DomainError('unauthorized') otherwise. */
  fromRequest(request: FastifyRequest): SessionClaims;
}

export type { MeetingControl };

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    meetingAudio: MeetingAudio;
    /** This node's ASR leases: which live meetings' audio it transcribes (LiveKit and tests use it). */
    asrLeases: AsrLeaseKeeper;
    meetingControl: MeetingControl;
    sessions: Sessions;
    /** The typed socket.io server (attached to this instance's HTTP server). */
    io: LuoshiServer;
    /** Repositories over the database, SQLite or PostgreSQL (tests and tools inspect stored state through it). */
    store: Store;
    /**
     * Resolves once the transcript pipeline has processed every segment handed to it so far
     * (it runs in the background: tests and tools wait for it before reading what it stored).
     */
    transcriptSettled(): Promise<void>;
    /** Follow-up tasks after meetings (issue 12); tests call `sweep()` after moving the clock. */
    followup: FollowupService;
    /**
     * The organiser account this start created (first start, or LUOSHI_ADMIN_USER not yet
     * existing), with its generated password when there was none configured; else null.
     * main.ts prints it once.
     */
    firstOrganiser: BootstrapResult | null;
  }
}
