/**
 * LiveKit access tokens. A Luoshi session (role, meeting, venue) maps to exactly one room —
 * its own meeting's — with grants by role. Pure apart from signing (no I/O).
 */
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Meeting, Role, Venue } from '../../shared/protocol/index.ts';
import { AGENT_TOKEN_TTL_SECONDS, PARTICIPANT_TOKEN_TTL_SECONDS, type LiveKitEnabled } from './config.ts';
import { PARTICIPANT_ATTR } from '../../shared/livekit/metadata.ts';

/** Identity of the hidden transcription agent in every room. */
export const AGENT_IDENTITY = 'luoshi-agent';

/** The LiveKit room of a meeting. One meeting ↔ one room; the name is derived, never taken from a client. */
export function roomNameForMeeting(meetingId: string): string {
  return `luoshi-${meetingId}`;
}

/** Inverse of roomNameForMeeting; null for rooms Luoshi did not name. */
export function meetingIdFromRoomName(roomName: string): string | null {
  return roomName.startsWith('luoshi-') && roomName.length > 'luoshi-'.length ? roomName.slice('luoshi-'.length) : null;
}

/**
 * Participant identity. Host and branch venues are their venue id. The secretary shares the main
 * venue's id in the Luoshi session, but LiveKit disconnects a participant when another joins with
 * the same identity, so the secretary gets a suffixed one.
 */
export function identityFor(role: Role, venueId: string): string {
  return role === 'secretary' ? `${venueId}:secretary` : venueId;
}

/** Inverse of identityFor: the venue an identity speaks for (null for the agent). */
export function venueIdFromIdentity(identity: string): string | null {
  if (identity === AGENT_IDENTITY) return null;
  return identity.endsWith(':secretary') ? identity.slice(0, -':secretary'.length) : identity;
}

/**
 * Grants by role. Host and secretary publish camera + microphone, subscribe and send data.
 * Branch venues subscribe and publish their own camera + microphone (roll call, 表态发言) but
 * send no data: captions and requirements reach them from the server, never from a peer.
 */
export function grantForRole(role: Role, room: string): VideoGrant {
  const base: VideoGrant = {
    room,
    roomJoin: true,
    canSubscribe: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canUpdateOwnMetadata: false,
  };
  switch (role) {
    case 'host':
    case 'secretary':
      return { ...base, canPublishData: true };
    case 'venue':
      return { ...base, canPublishData: false };
    default: {
      const unknownRole: never = role;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}

/** Who asks for a token: the verified Luoshi session plus the records it names. */
export interface TokenRequest {
  role: Role;
  meeting: Meeting;
  venue: Venue;
}

/** A signed participant token and when it stops working. */
export interface IssuedToken {
  token: string;
  /** The LiveKit room the token is valid for. */
  room: string;
  identity: string;
  /** Expiry, seconds since the epoch. */
  expiresAtSec: number;
}

/** Signs a participant token for the session's own meeting room. */
export async function createParticipantToken(
  config: LiveKitEnabled,
  req: TokenRequest,
  nowMs: number = Date.now(),
  ttlSeconds: number = PARTICIPANT_TOKEN_TTL_SECONDS,
): Promise<IssuedToken> {
  if (req.venue.meetingId !== req.meeting.id) {
    throw new Error('venue does not belong to the meeting');
  }
  const room = roomNameForMeeting(req.meeting.id);
  const identity = identityFor(req.role, req.venue.id);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity,
    name: req.role === 'secretary' ? `${req.venue.name}（记录）` : req.venue.name,
    ttl: ttlSeconds,
    attributes: {
      [PARTICIPANT_ATTR.role]: req.role,
      [PARTICIPANT_ATTR.venueId]: req.venue.id,
      [PARTICIPANT_ATTR.isMain]: req.venue.isMain ? '1' : '0',
      [PARTICIPANT_ATTR.level]: req.venue.level,
    },
  });
  at.addGrant(grantForRole(req.role, room));
  // No roomConfig: LiveKit servers before 1.10.1 reject a token whose roomConfig has fields they do
  // not know (metadata, tags). The room is created by RoomService before any token is issued
  // (LiveKitRooms.ensureMeetingRoom), so it never needs to be auto-created from a token.
  return { token: await at.toJwt(), room, identity, expiresAtSec: Math.floor(nowMs / 1000) + ttlSeconds };
}

/** Token for the hidden transcription agent: invisible to others, subscribes, publishes text streams only. */
export async function createAgentToken(
  config: LiveKitEnabled,
  meetingId: string,
  ttlSeconds: number = AGENT_TOKEN_TTL_SECONDS,
): Promise<string> {
  const room = roomNameForMeeting(meetingId);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity: AGENT_IDENTITY,
    name: '落实转写',
    ttl: ttlSeconds,
  });
  at.addGrant({
    room,
    roomJoin: true,
    hidden: true,
    agent: true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: true,
  });
  return at.toJwt();
}
