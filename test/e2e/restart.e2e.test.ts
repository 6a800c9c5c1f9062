/**
 * Issue 13 #10 — a graceful restart stranded every venue: after SIGTERM and a restart the venue
 * screens showed "身份已失效" and never reconnected (the client read the server-side disconnect as
 * a revoked token). Now the server closes transports on shutdown, and the client treats only
 * `session:ended` as final: the host console and two venue screens, open in real Chromium,
 * reconnect by themselves and receive what happens after the restart; a rotated code still ends
 * its venue's session, with a message that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { JoinCodeEntry, JoinReply, MeetingCreated } from '../../shared/protocol/index.ts';
import { encodeGb18030 } from '../helpers/gb18030.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { createMeeting } from './harness/rest.ts';
import { startServer, type RunningServer } from './harness/server.ts';

let server: RunningServer;
let created: MeetingCreated;
let host: JoinReply;
let browser: LaunchedBrowser;
const pages: Page[] = [];
const venues: JoinCodeEntry[] = [];
/** Console messages about the Content-Security-Policy, from every page (there must be none). */
const cspViolations: string[] = [];

async function rest<T>(method: string, route: string, token: string, body?: unknown): Promise<T> {
  const r = await fetch(server.url + route, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${route} → ${r.status} ${text}`);
  return JSON.parse(text) as T;
}

const live = (page: Page) => page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 60_000 });
const title = (page: Page, t: string) =>
  page.waitForFunction((x) => document.querySelector('[data-testid=meeting-title]')?.textContent === x, t, { timeout: 30_000 });

describe('graceful restart under open pages (Chromium + real server)', () => {
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    created = await createMeeting(server.url);
    const joined = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.hostCode }) });
    host = (await joined.json()) as JoinReply;
    await rest('POST', `/api/meetings/${created.meeting.id}/venues`, host.token, { venues: [{ name: '东城分局', level: '县' }, { name: '西城分局', level: '县' }] });
    const codes = await rest<{ entries: JoinCodeEntry[] }>('GET', `/api/meetings/${created.meeting.id}/join-codes`, host.token);
    venues.push(...codes.entries.filter((e) => e.role === 'venue' && e.path));
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('host console and two venue screens reconnect by themselves and keep receiving events', async () => {
    browser.context.on('page', (page) => page.on('console', (msg) => {
      if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
    }));
    const hostPage = await browser.context.newPage();
    const response = await hostPage.goto(`${server.url}/join/${created.hostCode}`);
    // Issue 13 #9: the pages are served with a CSP that forbids framing, and work under it.
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await hostPage.waitForURL(/\/host$/);
    pages.push(hostPage);
    for (const v of venues.slice(0, 2)) {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}${v.path}`);
      await page.waitForURL(/\/venue$/);
      pages.push(page);
    }
    expect(pages).toHaveLength(3);
    for (const page of pages) await live(page);

    const port = Number(new URL(server.url).port);
    await server.terminate();
    // Every page notices the drop, and none reads it as a lost identity.
    for (const page of pages) await page.waitForSelector('[data-testid=connection-status][data-status=reconnecting]', { timeout: 30_000 });
    server = await startServer({ dataDir: server.dataDir, port });

    for (const page of pages) await live(page);
    for (const page of pages) {
      expect(await page.$('[data-testid=reconnect-banner]')).toBeNull();
      expect(await page.textContent('body')).not.toContain('身份已失效');
    }
    // What happens after the restart reaches all three.
    await rest('PATCH', `/api/meetings/${created.meeting.id}`, host.token, { title: '重启之后的会议名称' });
    for (const page of pages) await title(page, '重启之后的会议名称');
    expect(cspViolations).toEqual([]);
  }, 180_000);

  it('a code rotated from the host console ends its venue for good, with a message that says why; the other venue stays', async () => {
    const [hostPage, venueA, venueB] = pages as [Page, Page, Page];
    const oldCode = venues[1]?.code ?? '';
    const name = venues[1]?.venueName ?? '';
    const row = hostPage.locator('.codes-table tbody tr', { hasText: name });
    await row.locator('[data-testid=join-code-link]').waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-testid=join-code-link]').textContent()).toBe(oldCode);
    hostPage.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-testid=join-code-rotate]').click();
    await hostPage.waitForFunction(
      ([old, venueName]) => {
        const link = [...document.querySelectorAll('.codes-table tbody tr')].find((tr) => tr.textContent?.includes(venueName))?.querySelector('[data-testid=join-code-link]');
        return Boolean(link?.textContent) && link?.textContent !== old;
      },
      [oldCode, name] as const,
      { timeout: 30_000 },
    );
    await venueB.waitForSelector('[data-testid=reconnect-banner][data-ended-reason=revoked]', { timeout: 30_000 });
    expect(await venueB.textContent('[data-testid=reconnect-banner]')).toContain('加入码已被主会场更换或停用');
    expect(await venueB.getAttribute('[data-testid=connection-status]', 'data-status')).toBe('unauthorized');
    await rest('PATCH', `/api/meetings/${created.meeting.id}`, host.token, { title: '换码之后的会议名称' });
    await title(venueA, '换码之后的会议名称');
    expect(await venueA.getAttribute('[data-testid=connection-status]', 'data-status')).toBe('live');
    // The old code no longer joins; the new one does.
    const newCode = await row.locator('[data-testid=join-code-link]').textContent();
    const joinWith = (code: string | null) => fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect((await joinWith(oldCode)).status).toBe(404);
    expect((await joinWith(newCode)).status).toBe(200);

    // Revoked: the code shows as stopped and its venue, signed in again, is ended once more.
    await venueB.goto(`${server.url}/join/${newCode}`);
    await live(venueB);
    hostPage.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-testid=join-code-revoke]').click();
    await row.locator('[data-testid=join-code-revoked]').waitFor({ timeout: 30_000 });
    await venueB.waitForSelector('[data-testid=reconnect-banner][data-ended-reason=revoked]', { timeout: 30_000 });
    expect((await joinWith(newCode)).status).toBe(404);
  }, 120_000);

  it('the host imports a venue list saved as GBK by Excel on Chinese Windows, and the names arrive intact', async () => {
    const [hostPage] = pages as [Page];
    const csv = '名称,级别,上级\r\n红河州公安局,州,\r\n个旧市公安局,县,红河州公安局\r\n';
    await hostPage.setInputFiles('[data-testid=venue-import]', { name: '分会场.csv', mimeType: 'text/csv', buffer: Buffer.from(encodeGb18030(csv)) });
    for (const name of ['红河州公安局', '个旧市公安局']) {
      await hostPage.locator('.codes-table tbody tr', { hasText: name }).first().waitFor({ timeout: 30_000 });
    }
    expect(await hostPage.textContent('.codes-table')).not.toContain('\uFFFD');
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
