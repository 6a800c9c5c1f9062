/**
 * Organiser accounts and the meeting archive (issue 11): login, accounts, the organiser's
 * meeting list, full-text search and opening a meeting as host or secretary. REST only; the
 * organiser's session token goes in `Authorization: Bearer lso_…`.
 */
import { z } from 'zod';
import type { JoinReply } from './rest.ts';
import type { MeetingStatus } from './domain.ts';

/** Letters (any script), digits and . _ - ; 2–32 characters. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{2,32}$/u;
/** Shortest password an organiser may set, characters. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted, characters (scrypt hashes any length; this bounds the request). */
export const MAX_PASSWORD_LENGTH = 256;

/** An account's login name (trimmed; see USERNAME_PATTERN). */
export const username = z.string().trim().regex(USERNAME_PATTERN, { message: 'username: 2–32 letters, digits, . _ -' });
/** A password being set: MIN_PASSWORD_LENGTH…MAX_PASSWORD_LENGTH characters. */
export const newPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const displayName = z.string().trim().min(1).max(100);

/** Body of `POST /api/auth/login`. */
export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  /**
   * Token from an earlier successful login of this account in this browser: its holder's
   * wrong guesses are counted apart, so other people's failures never lock it out.
   */
  deviceToken: z.string().max(512).optional(),
});

/** Body of `POST /api/auth/password` (the signed-in organiser changes their own password). */
export const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword,
});

/** Body of `POST /api/organisers` (administrators only). */
export const organiserCreateBody = z.object({
  username,
  /** The issuing department, e.g. 市公安局办公室. */
  displayName,
  password: newPassword,
  isAdmin: z.boolean().default(false),
});

/** Body of `PATCH /api/organisers/:organiserId`: at least one field. */
export const organiserUpdateBody = z
  .object({
    displayName,
    /** Reset the password (an administrator for another account); signs the account out everywhere. */
    password: newPassword,
    /** Disable or re-enable the account; disabling signs it out everywhere. */
    disabled: z.boolean(),
    isAdmin: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'at least one field' });

/** Path parameters of `/api/organisers/:organiserId`. */
export const organiserIdParams = z.object({ organiserId: z.string().min(1).max(64) });

/** Query of `GET /api/meetings` (the organiser's meetings, newest first, paged). */
export const meetingListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Shortest search term, characters: 防火. One character matches too much to be useful. */
export const MIN_SEARCH_TERM_LENGTH = 2;

/** Query of `GET /api/search` (the organiser's transcripts and requirements). */
export const searchQuery = z.object({
  /** Terms separated by spaces; every term must occur (AND). */
  q: z.string().trim().min(MIN_SEARCH_TERM_LENGTH).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Body of `POST /api/meetings/:meetingId/sessions`: open one's own meeting as host or secretary. */
export const openMeetingBody = z.object({ role: z.enum(['host', 'secretary']) });

/** What a client sends to log in (see loginBody). */
export type LoginBody = z.input<typeof loginBody>;
/** What a client sends to create an account (see organiserCreateBody). */
export type OrganiserCreateBody = z.input<typeof organiserCreateBody>;
/** What a client sends to change an account (see organiserUpdateBody). */
export type OrganiserUpdateBody = z.input<typeof organiserUpdateBody>;
/** What a client sends to change its password (see passwordChangeBody). */
export type PasswordChangeBody = z.input<typeof passwordChangeBody>;

/** An organiser account (the issuing department's login). Never carries the password hash. */
export interface OrganiserAccount {
  id: string;
  username: string;
  /** The department, e.g. 市公安局办公室. */
  displayName: string;
  /** May add and manage organiser accounts. */
  isAdmin: boolean;
  createdAt: string;
  /** When the account was disabled (it can no longer log in), else null. */
  disabledAt: string | null;
}

/** Reply of `POST /api/auth/login`. */
export interface LoginReply {
  /** Bearer token for organiser routes (`lso_…`); revoked by logout. */
  token: string;
  /** When the session ends, ISO-8601. */
  expiresAt: string;
  organiser: OrganiserAccount;
  /** Keep per account in this browser and send with the next login (see `loginBody.deviceToken`). */
  deviceToken: string;
}

/** One meeting in the organiser's list (`GET /api/meetings`), newest first. */
export interface MeetingSummary {
  id: string;
  title: string;
  organiser: string;
  status: MeetingStatus;
  reopenedForCorrections: boolean;
  scheduledAt: string;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  /** Branch venues (the main venue not counted). */
  venueCount: number;
  /** Live published requirements (not withdrawn, not retracted). */
  requirementCount: number;
  /** 收到 acknowledgements of the requirements' current versions by branch venues. */
  acknowledged: number;
  /** venueCount × requirementCount. */
  expected: number;
  /** acknowledged / expected, 0…1; null when nothing was to acknowledge. */
  ackRate: number | null;
}

/** Reply of `GET /api/meetings`: one page of the organiser's meetings. */
export interface MeetingListReply {
  meetings: MeetingSummary[];
  /** All of the organiser's meetings (for paging). */
  total: number;
}

/** A piece of a search snippet; `match` pieces are the query's terms (shown highlighted). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One search hit: a transcript segment or a requirement of one of the organiser's meetings. */
export interface SearchHit {
  kind: 'segment' | 'requirement';
  /** Segment id or requirement id: open the secretary desk with `?focus=<kind>:<targetId>`. */
  targetId: string;
  meetingId: string;
  meetingTitle: string;
  /** The meeting's start (else scheduled) time, ISO-8601. */
  meetingAt: string;
  /** Segments: audio time of the segment, ms from the start of the recording. */
  startMs: number | null;
  /** Requirements: the displayed marker (第三) and headline. */
  marker: string | null;
  headline: string | null;
  /** Text around the first match; `clippedStart`/`clippedEnd` say whether text was cut off. */
  snippet: { parts: SnippetPart[]; clippedStart: boolean; clippedEnd: boolean };
}

/** Reply of `GET /api/search`. */
export interface SearchReply {
  /** The terms searched for, after normalisation. */
  terms: string[];
  /** `fts` (trigram index, every term ≥ 3 characters) or `scan` (a 2-character term: substring scan). */
  method: 'fts' | 'scan';
  hits: SearchHit[];
  /** More hits exist than `limit`. */
  truncated: boolean;
}

/** Reply of `POST /api/meetings/:id/sessions`: a host or secretary session, as from a join code. */
export type OpenMeetingReply = JoinReply;
