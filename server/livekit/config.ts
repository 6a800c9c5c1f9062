/**
 * LiveKit configuration: three environment variables, all set (video on) or none (video off),
 * plus the timeouts Luoshi uses for tokens and rooms.
 */

/** Lifetime of a participant token, seconds. Short: a leaked token is useless after 10 minutes. */
export const PARTICIPANT_TOKEN_TTL_SECONDS = 10 * 60;
/** Lifetime of the hidden transcription agent's token, seconds (it reconnects with a fresh one). */
export const AGENT_TOKEN_TTL_SECONDS = 60 * 60;
/** How long LiveKit keeps a created meeting room open before anyone joins, seconds. */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 30 * 60;
/** How long LiveKit keeps the room after the last participant left (re-join grace), seconds. */
export const ROOM_DEPARTURE_TIMEOUT_SECONDS = 5 * 60;

/** Video off: Luoshi still syncs text and requirements over socket.io. */
export interface LiveKitDisabled {
  enabled: false;
}

/** Video on: every meeting is a LiveKit room on `url`. */
export interface LiveKitEnabled {
  enabled: true;
  /** Client-facing URL (ws:// or wss://); the server's Twirp calls derive http(s) from it. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

export type LiveKitConfig = LiveKitDisabled | LiveKitEnabled;

/** The server config's `livekit` field (all three variables, or null when none is set). */
export interface LiveKitSettings {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * The server's config schema already enforces all-or-none on LIVEKIT_URL / LIVEKIT_API_KEY /
 * LIVEKIT_API_SECRET and hands over `livekit: settings | null`; this turns it into the
 * discriminated type the LiveKit module switches on.
 */
export function liveKitConfigFrom(settings: LiveKitSettings | null | undefined): LiveKitConfig {
  if (!settings) return { enabled: false };
  return { enabled: true, url: settings.url, apiKey: settings.apiKey, apiSecret: settings.apiSecret };
}
