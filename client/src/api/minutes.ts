/** The secretary's minutes draft over REST (GET / PUT /api/meetings/:id/minutes-draft). */
import type { MinutesDraftReply, MinutesEdits } from '../../../shared/protocol/index.ts';
import { apiRequest } from './http.ts';

const url = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/minutes-draft`;

export function loadMinutesDraft(token: string, meetingId: string): Promise<MinutesDraftReply> {
  return apiRequest<MinutesDraftReply>(url(meetingId), { token });
}

/** Store edits made on `revision`; a stale revision is refused with `conflict`. */
export function saveMinutesDraft(token: string, meetingId: string, edits: MinutesEdits, revision: number): Promise<MinutesDraftReply> {
  return apiRequest<MinutesDraftReply>(url(meetingId), { method: 'PUT', body: { edits, revision }, token });
}
