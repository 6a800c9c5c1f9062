/**
 * REST request schemas (zod, validated by the server's route schemas) and response shapes.
 * Auth: `Authorization: Bearer <token>` with a session token from `POST /api/join`, except
 * `POST /api/join` itself and the organiser routes (`POST /api/meetings` among them), which take
 * the organiser's session token (shared/protocol/organiser.ts).
 */
import { z } from 'zod';
import type { Meeting, Role, Venue, VenueLevel } from './domain.ts';
import type { SessionClaims } from './socket.ts';
import { MAX_SHORT_TEXT_LENGTH } from './schemas.ts';

const shortText = z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH);

/** A speaker as set up in a meeting's create or update body. */
export const speakerInput = z.object({
  /** Keep an existing speaker's id when updating; omitted → a new id. */
  id: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(50),
  role: z.string().trim().max(50).nullable().optional(),
});

/** A glossary term as set up in a meeting's create or update body. */
export const glossaryTermInput = z.object({
  term: z.string().trim().min(1).max(50),
  variants: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});

/** Body of `POST /api/meetings` (organiser login). */
export const meetingCreateBody = z.object({
  title: shortText,
  organiser: z.string().trim().min(1).max(100),
  /** ISO-8601 date-time, e.g. 2026-11-22T09:00:00+08:00. */
  scheduledAt: z.iso.datetime({ offset: true }),
  publishMode: z.enum(['auto', 'review']).default('auto'),
  speakers: z.array(speakerInput).max(50).default([]),
  glossary: z.array(glossaryTermInput).max(500).default([]),
  /** Name of the main venue (主会场); defaults to the organiser. */
  mainVenueName: z.string().trim().min(1).max(100).optional(),
});

/** Body of `PATCH /api/meetings/:meetingId`: at least one field. */
export const meetingUpdateBody = z
  .object({
    title: shortText,
    organiser: z.string().trim().min(1).max(100),
    scheduledAt: z.iso.datetime({ offset: true }),
    publishMode: z.enum(['auto', 'review']),
    speakers: z.array(speakerInput).max(50),
    glossary: z.array(glossaryTermInput).max(500),
    currentSpeakerId: z.string().min(1).max(64).nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'at least one field' });

/** Level names accepted on import: English or 省 / 市 / 州 / 地区 / 盟 / 县 / 区 / 旗. */
export const venueLevelInput = z
  .string()
  .trim()
  .transform((v, ctx): VenueLevel => {
    // Own keys only: "constructor" or "__proto__" are not levels (they are on every object's prototype).
    const level = Object.hasOwn(VENUE_LEVEL_ALIASES, v) ? VENUE_LEVEL_ALIASES[v] : undefined;
    if (!level) {
      ctx.addIssue({ code: 'custom', message: `unknown level "${v}"` });
      return z.NEVER;
    }
    return level;
  });

/** Venue level names accepted on import (English or Chinese), mapped to the stored level. */
export const VENUE_LEVEL_ALIASES: Record<string, VenueLevel> = {
  province: 'province', 省: 'province', 省级: 'province',
  prefecture: 'prefecture', 市: 'prefecture', 州: 'prefecture', 市州: 'prefecture', 地区: 'prefecture', 盟: 'prefecture', 市级: 'prefecture',
  county: 'county', 县: 'county', 区: 'county', 县区: 'county', 市辖区: 'county', 旗: 'county', 县级: 'county',
};

/** One venue of an import (a JSON array item or a CSV row). */
export const venueImportRow = z.object({
  name: z.string().trim().min(1).max(100),
  level: venueLevelInput,
  /** Name of the parent venue (in the same import or already stored); empty → none. */
  parent: z.string().trim().max(100).nullable().optional(),
  /** Marks the main venue: its row renames/relevels the meeting's existing main venue. */
  isMain: z.union([z.boolean(), z.enum(['true', 'false', '1', '0', '是', '否', ''])]).optional(),
});

/** JSON body of `POST /api/meetings/:id/venues` (CSV bodies have the columns name,level,parent,isMain). */
export const venueImportBody = z.object({
  venues: z.array(venueImportRow).min(1).max(5000),
});

/** Body of `POST /api/join`: a join code (host, secretary or a venue's). */
export const joinBody = z.object({ code: z.string().trim().min(8).max(64) });

/** Path parameters of `/api/meetings/:meetingId/…`. */
export const meetingIdParams = z.object({ meetingId: z.string().min(1).max(64) });
/** Path parameters of `POST /api/meetings/:meetingId/venues/:venueId/code` (rotate or revoke a venue's join code). */
export const venueCodeParams = z.object({ meetingId: z.string().min(1).max(64), venueId: z.string().min(1).max(64) });

/** What a client sends to create a meeting (defaults not yet applied). */
export type MeetingCreateBody = z.input<typeof meetingCreateBody>;
/** What a client sends to change a meeting. */
export type MeetingUpdateBody = z.input<typeof meetingUpdateBody>;
/** One venue row as a client sends it (level as typed, before mapping). */
export type VenueImportRow = z.input<typeof venueImportRow>;
/** What a client sends to join. */
export type JoinBody = z.infer<typeof joinBody>;

/** Reply of `POST /api/meetings` (201, organiser login required). The codes are shown once to the organiser. */
export interface MeetingCreated {
  meeting: Meeting;
  mainVenue: Venue;
  hostCode: string;
  secretaryCode: string;
}

/** Reply of `POST /api/join`. */
export interface JoinReply {
  token: string;
  session: SessionClaims;
  meeting: Meeting;
  venue: Venue;
}

/** One row of `GET /api/meetings/:id/join-codes` (host only). */
export interface JoinCodeEntry {
  role: Role;
  venueId: string;
  venueName: string;
  level: VenueLevel;
  parentId: string | null;
  /** The join code; null when it was revoked (停用) — rotating issues a new one. */
  code: string | null;
  /** Relative link that opens the client's join page with the code, e.g. `/join/AbC…` (null when revoked). */
  path: string | null;
}

/** Body of `POST /api/meetings/:id/venues/:venueId/code` (host). */
export const codeActionBody = z.object({
  /** rotate: a new code replaces the old one; revoke: the code stops working (no new one). */
  action: z.enum(['rotate', 'revoke']),
  /** Which code of the venue; host and secretary codes belong to the main venue. Default venue. */
  role: z.enum(['host', 'secretary', 'venue']).default('venue'),
});

/** Reply of the code route: the venue's entry after the change. */
export interface CodeActionReply {
  entry: JoinCodeEntry;
  /** Sessions that were ended (their sockets disconnected). */
  endedSockets: number;
}

/** An audit record of one staff edit. */
export interface AuditEntry {
  id: number;
  meetingId: string;
  at: string;
  role: Role;
  venueId: string;
  action: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

/** HTTP error body for every 4xx/5xx. */
export interface ErrorBody {
  error: import('./errors.ts').WireError;
}
