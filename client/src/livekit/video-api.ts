/**
 * /api/livekit/* from the browser. Failures arrive as UserFacingError with the server's Chinese
 * message (through the client's shared apiRequest).
 */
import type { LiveKitConfigReply, LiveKitTokenReply } from '../../../shared/livekit/api.ts';
import type { RoomMetadata } from '../../../shared/livekit/metadata.ts';
import { apiRequest } from '../api/http.ts';

export function fetchVideoConfig(): Promise<LiveKitConfigReply> {
  return apiRequest<LiveKitConfigReply>('/api/livekit/config');
}

export function fetchVideoToken(sessionToken: string): Promise<LiveKitTokenReply> {
  return apiRequest<LiveKitTokenReply>('/api/livekit/token', { method: 'POST', body: {}, token: sessionToken });
}

/** Host commands; each resolves once LiveKit applied it. */
export const hostVideoCommands = {
  mute: (token: string, venueId: string, muted: boolean) =>
    apiRequest<{ tracks: number }>('/api/livekit/mute', { body: { venueId, muted }, token }),
  spotlight: (token: string, venueId: string | null) =>
    apiRequest<{ metadata: RoomMetadata }>('/api/livekit/spotlight', { body: { venueId }, token }),
  rollCall: (token: string, venueId: string | null) =>
    apiRequest<{ metadata: RoomMetadata; unmuted: number }>('/api/livekit/roll-call', { body: { venueId }, token }),
  speaker: (token: string, venueId: string | null) =>
    apiRequest<{ switched: boolean; metadata: RoomMetadata }>('/api/livekit/speaker', { body: { venueId }, token }),
};
