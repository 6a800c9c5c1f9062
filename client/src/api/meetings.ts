/**
 * Meeting setup over REST (routes in docs/protocol.md): create a meeting, update its settings,
 * import venues from CSV or JSON, list join codes. All but creation need the host's token.
 */
import type {
  CodeActionReply,
  JoinCodeEntry,
  Meeting,
  MeetingCreateBody,
  MeetingCreated,
  MeetingUpdateBody,
  Venue,
} from '../../../shared/protocol/index.ts';
import { apiRequest } from './http.ts';

export function createMeeting(body: MeetingCreateBody): Promise<MeetingCreated> {
  return apiRequest<MeetingCreated>('/api/meetings', { method: 'POST', body });
}

export async function updateMeeting(token: string, meetingId: string, body: MeetingUpdateBody): Promise<Meeting> {
  const reply = await apiRequest<{ meeting: Meeting } | Meeting>(`/api/meetings/${encodeURIComponent(meetingId)}`, {
    method: 'PATCH',
    body,
    token,
  });
  return 'meeting' in reply ? reply.meeting : reply;
}

/**
 * Upload a venue list: a CSV file (name,level,parent,isMain) as its raw bytes — Excel on Chinese
 * Windows saves GBK, which the browser would garble if it decoded the file; the server detects
 * the encoding — or JSON `{ venues: [...] }` / `[...]`.
 */
export async function importVenues(token: string, meetingId: string, fileName: string, bytes: Uint8Array): Promise<Venue[]> {
  const asUtf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const isCsv = /\.csv$/i.test(fileName) || !/^\s*[[{]/.test(asUtf8.replace(/^\uFEFF/, ''));
  let reply: { venues: Venue[] } | Venue[];
  const route = `/api/meetings/${encodeURIComponent(meetingId)}/venues`;
  if (isCsv) {
    // No charset: the bytes are sent as they are and the server tells the encoding.
    reply = await apiRequest(route, { method: 'POST', body: bytes, contentType: 'text/csv', token });
  } else {
    const parsed: unknown = JSON.parse(asUtf8.replace(/^\uFEFF/, ''));
    reply = await apiRequest(route, { method: 'POST', body: Array.isArray(parsed) ? { venues: parsed } : parsed, token });
  }
  return Array.isArray(reply) ? reply : reply.venues;
}

export async function listJoinCodes(token: string, meetingId: string): Promise<JoinCodeEntry[]> {
  const reply = await apiRequest<{ entries: JoinCodeEntry[] } | JoinCodeEntry[]>(
    `/api/meetings/${encodeURIComponent(meetingId)}/join-codes`,
    { token },
  );
  return Array.isArray(reply) ? reply : reply.entries;
}

/**
 * Rotate (a new code replaces the old one) or revoke a venue's join code: every screen signed in
 * with the old code leaves the meeting at once.
 */
export function changeJoinCode(token: string, meetingId: string, venueId: string, action: 'rotate' | 'revoke'): Promise<CodeActionReply> {
  return apiRequest<CodeActionReply>(`/api/meetings/${encodeURIComponent(meetingId)}/venues/${encodeURIComponent(venueId)}/code`, {
    method: 'POST',
    body: { action, role: 'venue' },
    token,
  });
}
