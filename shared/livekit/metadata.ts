/**
 * What Luoshi stores in a LiveKit room: the room's metadata (spotlight, roll call, transcribed
 * speaker) and each participant's attributes (role, venue). Written by the server (RoomService),
 * read by every client; parsed with zod because it arrives over the wire.
 */
import { z } from 'zod';

/** Participant attribute keys set in the access token (participants cannot change them). */
export const PARTICIPANT_ATTR = {
  role: 'luoshi.role',
  venueId: 'luoshi.venue_id',
  /** '1' for the main venue (主会场), else '0'. */
  isMain: 'luoshi.is_main',
  level: 'luoshi.level',
} as const;

export const roomMetadataSchema = z.object({
  /** Format version; bump when fields change meaning. */
  v: z.literal(1),
  meetingId: z.string(),
  title: z.string(),
  /** Venue shown large for everyone (null: the main venue). */
  spotlightVenueId: z.string().nullable(),
  /** Venue under roll call (点名): highlighted and asked to speak; null when none. */
  rollCallVenueId: z.string().nullable(),
  /** Venue whose microphone the transcription agent listens to (null: the main venue). */
  speakerVenueId: z.string().nullable(),
});

/** Room metadata as JSON in `Room.metadata`. */
export type RoomMetadata = z.infer<typeof roomMetadataSchema>;

export function encodeRoomMetadata(metadata: RoomMetadata): string {
  return JSON.stringify(metadata);
}

/** Parses room metadata; null for empty, foreign or malformed metadata (never throws). */
export function decodeRoomMetadata(raw: string | undefined | null): RoomMetadata | null {
  if (!raw) return null;
  try {
    const parsed = roomMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Metadata of a freshly opened meeting room: nobody spotlighted, main venue transcribed. */
export function initialRoomMetadata(meeting: { id: string; title: string }): RoomMetadata {
  return {
    v: 1,
    meetingId: meeting.id,
    title: meeting.title,
    spotlightVenueId: null,
    rollCallVenueId: null,
    speakerVenueId: null,
  };
}
