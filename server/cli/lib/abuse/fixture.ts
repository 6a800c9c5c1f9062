/**
 * A meeting to attack: created by the abuse server's organiser over REST, with `venues` branch
 * venues imported (their names make snapshots realistic in size) and `joined` of them joined.
 */
import type { JoinReply, MeetingCreated } from '../../../../shared/protocol/rest.ts';
import type { LoginReply } from '../../../../shared/protocol/organiser.ts';
import { ABUSE_ADMIN } from './server-process.ts';

export interface AbuseMeeting {
  meetingId: string;
  hostCode: string;
  host: JoinReply;
  /** Joined venue sessions, in import order. */
  venues: JoinReply[];
  /** Venue codes in import order (all imported venues). */
  venueCodes: string[];
}

async function call<T>(url: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${route} → ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * `reimports`: import the same venue list again that many times — each import is one
 * `venues:updated` event carrying every venue, so a replay from seq 0 becomes large.
 */
export async function createAbuseMeeting(url: string, venues: number, joined: number, reimports = 0): Promise<AbuseMeeting> {
  const login = await call<LoginReply>(url, 'POST', '/api/auth/login', ABUSE_ADMIN);
  const created = await call<MeetingCreated>(url, 'POST', '/api/meetings', {
    title: '全省安全生产工作电视电话会议', organiser: '省应急管理厅', scheduledAt: '2026-11-22T09:00:00+08:00',
    speakers: [{ name: '王国强', role: '副厅长' }],
  }, login.token);
  const host = await call<JoinReply>(url, 'POST', '/api/join', { code: created.hostCode });
  const rows = [{ name: '某市应急管理局', level: '市' }, ...Array.from({ length: venues }, (_, i) => ({ name: `第${i + 1}县应急管理局指挥中心会议室`, level: '县', parent: '某市应急管理局' }))];
  for (let i = 0; i <= reimports; i++) await call(url, 'POST', `/api/meetings/${created.meeting.id}/venues`, { venues: rows }, host.token);
  const { entries } = await call<{ entries: { role: string; venueName: string; code: string | null }[] }>(url, 'GET', `/api/meetings/${created.meeting.id}/join-codes`, undefined, host.token);
  const venueCodes = entries.filter((e) => e.role === 'venue' && e.venueName.startsWith('第') && e.code).map((e) => e.code ?? '');
  const sessions: JoinReply[] = [];
  for (const code of venueCodes.slice(0, joined)) sessions.push(await call<JoinReply>(url, 'POST', '/api/join', { code }));
  return { meetingId: created.meeting.id, hostCode: created.hostCode, host, venues: sessions, venueCodes };
}
