/**
 * Issue 13 #6 — tokens expire and sockets are ended at expiry, so clients must renew silently
 * while their join code is valid. A venue screen in Chromium against a server whose tokens last
 * 60 s (the shortest allowed): the page renews at two thirds of the lifetime, keeps its socket
 * past the first token's expiry, stores the new token (a reload stays in the meeting) and keeps
 * receiving events — with no banner at any time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinCodeEntry, JoinReply, MeetingCreated } from '../../shared/protocol/index.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { createMeeting } from './harness/rest.ts';
import { startServer, type RunningServer } from './harness/server.ts';

const TTL_S = 60;

let server: RunningServer;
let created: MeetingCreated;
let browser: LaunchedBrowser;

async function call<T>(method: string, route: string, token: string | null, body?: unknown): Promise<T> {
  const r = await fetch(server.url + route, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${route} → ${r.status} ${text}`);
  return JSON.parse(text) as T;
}
const hostToken = async () => (await call<JoinReply>('POST', '/api/join', null, { code: created.hostCode })).token;

describe('silent session renewal (Chromium + real server, 60 s tokens)', () => {
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ env: { LUOSHI_TOKEN_TTL_S: String(TTL_S) } });
    created = await createMeeting(server.url);
    await call('POST', `/api/meetings/${created.meeting.id}/venues`, await hostToken(), { venues: [{ name: '东城分局', level: '县' }] });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('a venue screen stays in the meeting past its first token\'s expiry', async () => {
    const codes = await call<{ entries: JoinCodeEntry[] }>('GET', `/api/meetings/${created.meeting.id}/join-codes`, await hostToken());
    const venue = codes.entries.find((e) => e.role === 'venue' && e.path);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}${venue?.path}`);
    await page.waitForURL(/\/venue$/);
    await page.waitForSelector('[data-testid=connection-status][data-status=live]');
    const stored = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('luoshi.session') ?? 'null') as { token: string; exp: number } | null);
    const first = await stored();
    expect(first?.exp).toBeGreaterThan(0);

    // Renewed before expiry: a new token with a later expiry is stored.
    await page.waitForFunction((t) => {
      const s = JSON.parse(sessionStorage.getItem('luoshi.session') ?? 'null') as { token: string } | null;
      return s !== null && s.token !== t;
    }, first?.token, { timeout: TTL_S * 1000, polling: 500 });
    const renewed = await stored();
    expect(renewed?.exp).toBeGreaterThan(first?.exp ?? 0);
    expect(renewed!.exp * 1000).toBeLessThan((first?.exp ?? 0) * 1000 + TTL_S * 1000);

    // Past the first token's expiry: still live, no banner, events still arrive.
    await page.waitForFunction((expMs) => Date.now() > expMs + 2000, (first?.exp ?? 0) * 1000, { timeout: TTL_S * 1000, polling: 500 });
    expect(await page.getAttribute('[data-testid=connection-status]', 'data-status')).toBe('live');
    expect(await page.$('[data-testid=reconnect-banner]')).toBeNull();
    await call('PATCH', `/api/meetings/${created.meeting.id}`, await hostToken(), { title: '续期之后的会议名称' });
    await page.waitForFunction(() => document.querySelector('[data-testid=meeting-title]')?.textContent === '续期之后的会议名称', undefined, { timeout: 30_000 });

    // A reload uses the renewed token and stays in the meeting.
    await page.reload();
    await page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 30_000 });
  }, 180_000);
});
