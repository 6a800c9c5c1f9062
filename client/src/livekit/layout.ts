/**
 * Who is shown where: pure, so it is tested without a browser. The stage (large) shows the
 * spotlighted venue, else the main venue; the strip shows the others, roll call first.
 */
import type { RoomMetadata } from '../../../shared/livekit/metadata.ts';

export type VideoLayout = 'host' | 'venue' | 'secretary';

/** One participant as the layout sees it (built from livekit-client's Participant). */
export interface TileInfo {
  identity: string;
  /** Luoshi venue id (from the token's attributes). */
  venueId: string;
  name: string;
  isMain: boolean;
  /** Secretaries and hidden agents are not venues and get no tile. */
  isVenue: boolean;
  isLocal: boolean;
  speaking: boolean;
}

export interface Arrangement {
  /** Identity shown large, or null while nobody is there. */
  stage: string | null;
  /** Identities in the strip, in display order. */
  strip: string[];
  /** Venues connected but not shown (strip full). */
  overflow: number;
}

/** Tiles in a branch venue's or the secretary's strip (a projector screen stays readable). */
export const VENUE_STRIP_MAX = 8;
/** Tiles in the host's strip (the host needs to see and control many venues). */
export const HOST_STRIP_MAX = 48;

const collator = new Intl.Collator('zh-Hans-CN');

export function arrangeTiles(tiles: readonly TileInfo[], metadata: RoomMetadata | null, layout: VideoLayout): Arrangement {
  const venues = tiles.filter((t) => t.isVenue);
  const byVenue = (venueId: string | null | undefined) => (venueId ? venues.find((t) => t.venueId === venueId) : undefined);
  const stageTile = byVenue(metadata?.spotlightVenueId) ?? venues.find((t) => t.isMain);
  const stage = stageTile?.identity ?? null;
  const rollCall = metadata?.rollCallVenueId ?? null;
  const rank = (t: TileInfo): number => {
    if (t.venueId === rollCall) return 0;
    if (t.isLocal) return 1;
    if (t.isMain) return 2;
    if (t.speaking) return 3;
    return 4;
  };
  const others = venues
    .filter((t) => t.identity !== stage)
    .filter((t) => !(layout === 'secretary' && t.isLocal))
    .sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name));
  const max = layout === 'host' ? HOST_STRIP_MAX : VENUE_STRIP_MAX;
  return { stage, strip: others.slice(0, max).map((t) => t.identity), overflow: Math.max(0, others.length - max) };
}

/**
 * Whether a branch venue's own microphone should be open: when the host calls it (点名) or
 * makes it the transcribed speaker (表态发言); otherwise the venue listens, so 100+ rooms
 * never feed noise into the meeting.
 */
export function venueMicWanted(metadata: RoomMetadata | null, ownVenueId: string): boolean {
  return metadata !== null && (metadata.rollCallVenueId === ownVenueId || metadata.speakerVenueId === ownVenueId);
}
