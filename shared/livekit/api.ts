/**
 * REST contract of /api/livekit/*: shared by the server routes and the client's VideoPanel.
 * Requests are zod schemas (the server parses every body with them); replies are types.
 */
import { z } from 'zod';

const venueId = z.string().min(1).max(64);

/** GET /api/livekit/config */
export type LiveKitConfigReply = { enabled: false } | { enabled: true; url: string };

/** POST /api/livekit/token (Authorization: Bearer <session token>, empty body). */
export interface LiveKitTokenReply {
  /** LiveKit server URL to connect to. */
  url: string;
  /** Signed LiveKit access token; valid for `room` only. */
  token: string;
  room: string;
  identity: string;
  /** Expiry, seconds since the epoch; ask for a new token before reconnecting after it. */
  expiresAtSec: number;
}

/** POST /api/livekit/mute — host only: mute (or unmute) a venue's microphone. */
export const muteVenueRequest = z.object({ venueId, muted: z.boolean() });
/** POST /api/livekit/spotlight — host only: show a venue large for everyone; null = main venue. */
export const spotlightRequest = z.object({ venueId: venueId.nullable() });
/** POST /api/livekit/roll-call — host only: 点名 highlights and unmutes a venue; null ends it. */
export const rollCallRequest = z.object({ venueId: venueId.nullable() });
/** POST /api/livekit/speaker — host only: whose microphone is transcribed; null = main venue. */
export const transcriptionSpeakerRequest = z.object({ venueId: venueId.nullable() });

export type MuteVenueRequest = z.infer<typeof muteVenueRequest>;
export type SpotlightRequest = z.infer<typeof spotlightRequest>;
export type RollCallRequest = z.infer<typeof rollCallRequest>;
export type TranscriptionSpeakerRequest = z.infer<typeof transcriptionSpeakerRequest>;
