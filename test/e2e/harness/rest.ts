/**
 * REST calls the e2e suite makes as the organiser (logging in, creating the meeting before anyone joins).
 */
import type { LoginReply, MeetingCreated, MeetingCreateBody } from '../../../shared/protocol/index.ts';
import { E2E_ORGANISER } from './server.ts';

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${text}`);
  return JSON.parse(text) as T; // the server's route schemas define these bodies
}

/** The meeting the suite runs: the seven-points speech of 王国强. */
export const MEETING: MeetingCreateBody = {
  title: '全市公安机关“两为”问题专项整治工作推进会',
  organiser: '市公安局',
  scheduledAt: '2026-11-22T09:00:00+08:00',
  publishMode: 'auto',
  speakers: [{ name: '王国强', role: '副市长、公安局长' }],
  glossary: [{ term: '两为整治', variants: ['两位整治'] }],
  mainVenueName: '市公安局主会场',
};

/** Log in as the e2e server's organiser; returns its session token. */
export async function organiserLogin(baseUrl: string): Promise<string> {
  const reply = await call<LoginReply>(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: E2E_ORGANISER.username, password: E2E_ORGANISER.password }),
  });
  return reply.token;
}

/** Create a meeting as the e2e organiser (logged in first: anonymous creation is refused). */
export async function createMeeting(baseUrl: string, body: MeetingCreateBody = MEETING): Promise<MeetingCreated> {
  const token = await organiserLogin(baseUrl);
  return call<MeetingCreated>(`${baseUrl}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}
