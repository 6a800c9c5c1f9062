/**
 * The organiser's REST calls (routes in docs/protocol.md): login/logout, password, accounts,
 * the meeting list, search, creating a meeting and opening one as host or secretary.
 */
import type {
  JoinReply,
  LoginReply,
  MeetingCreateBody,
  MeetingCreated,
  MeetingListReply,
  OrganiserAccount,
  OrganiserCreateBody,
  OrganiserUpdateBody,
  SearchReply,
} from '../../../shared/protocol/index.ts';
import { apiRequest } from './http.ts';

export function login(username: string, password: string, deviceToken: string | undefined): Promise<LoginReply> {
  return apiRequest<LoginReply>('/api/auth/login', { method: 'POST', body: { username, password, ...(deviceToken ? { deviceToken } : {}) } });
}

export async function logout(token: string): Promise<void> {
  await apiRequest<null>('/api/auth/logout', { method: 'POST', token });
}

export async function changePassword(token: string, currentPassword: string, newPassword: string): Promise<void> {
  await apiRequest<null>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword }, token });
}

export async function listOrganisers(token: string): Promise<OrganiserAccount[]> {
  return (await apiRequest<{ organisers: OrganiserAccount[] }>('/api/organisers', { token })).organisers;
}

export async function createOrganiser(token: string, body: OrganiserCreateBody): Promise<OrganiserAccount> {
  return (await apiRequest<{ organiser: OrganiserAccount }>('/api/organisers', { method: 'POST', body, token })).organiser;
}

export async function updateOrganiser(token: string, id: string, body: OrganiserUpdateBody): Promise<OrganiserAccount> {
  return (await apiRequest<{ organiser: OrganiserAccount }>(`/api/organisers/${encodeURIComponent(id)}`, { method: 'PATCH', body, token })).organiser;
}

export function listMeetings(token: string, limit: number, offset: number): Promise<MeetingListReply> {
  return apiRequest<MeetingListReply>(`/api/meetings?limit=${limit}&offset=${offset}`, { token });
}

export function searchMeetings(token: string, q: string): Promise<SearchReply> {
  return apiRequest<SearchReply>(`/api/search?q=${encodeURIComponent(q)}`, { token });
}

export function createMeeting(token: string, body: MeetingCreateBody): Promise<MeetingCreated> {
  return apiRequest<MeetingCreated>('/api/meetings', { method: 'POST', body, token });
}

/** A host or secretary session for one of the organiser's meetings (no join code needed). */
export function openMeeting(token: string, meetingId: string, role: 'host' | 'secretary'): Promise<JoinReply> {
  return apiRequest<JoinReply>(`/api/meetings/${encodeURIComponent(meetingId)}/sessions`, { method: 'POST', body: { role }, token });
}
