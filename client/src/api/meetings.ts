/**
 * Meeting setup over REST (routes in docs/protocol.md): create a meeting, update its settings,
 * import venues from CSV or JSON, list join codes. All but creation need the host's token.
 */
import type {
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

/** Upload a venue list: `.csv` text (name,level,parent,isMain) or JSON `{ venues: [...] }` / `[...]`. */
export async function importVenues(token: string, meetingId: string, fileName: string, content: string): Promise<Venue[]> {
  const isCsv = /\.csv$/i.test(fileName) || !/^\s*[[{]/.test(content);
  let body: string;
  if (isCsv) {
    body = content;
  } else {
    const parsed: unknown = JSON.parse(content);
    body = JSON.stringify(Array.isArray(parsed) ? { venues: parsed } : parsed);
  }
  const reply = await apiRequest<{ venues: Venue[] } | Venue[]>(`/api/meetings/${encodeURIComponent(meetingId)}/venues`, {
    method: 'POST',
    body,
    contentType: isCsv ? 'text/csv; charset=utf-8' : 'application/json',
    token,
  });
  return Array.isArray(reply) ? reply : reply.venues;
}

export async function listJoinCodes(token: string, meetingId: string): Promise<JoinCodeEntry[]> {
  const reply = await apiRequest<{ entries: JoinCodeEntry[] } | JoinCodeEntry[]>(
    `/api/meetings/${encodeURIComponent(meetingId)}/join-codes`,
    { token },
  );
  return Array.isArray(reply) ? reply : reply.entries;
}
