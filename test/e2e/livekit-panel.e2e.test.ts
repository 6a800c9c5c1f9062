/**
 * The LiveKit video panel in real Chromium against the real server (spawned like `npm start`):
 * without LIVEKIT_* it says plainly that video is not configured; with LIVEKIT_* pointing at a
 * LiveKit address where nothing listens, the panel loads its lazy room view and asks for a token;
 * the server, which creates the room through RoomService before it issues a token (issue 13: tokens
 * carry no roomConfig), answers 502 livekit_unavailable, and the panel shows that Chinese message
 * with a retry button.
 * (A working room needs a real LiveKit server: see test/livekit-e2e.test.ts and docs/livekit.md.)
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child-server.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { createMeeting } from './harness/rest.ts';
import { screenshot } from './harness/screenshot.ts';
import { startServer, type RunningServer } from './harness/server.ts';

const LIVEKIT_VARS = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const;
let server: RunningServer | null = null;
let browser: LaunchedBrowser | null = null;
const savedEnv = Object.fromEntries(LIVEKIT_VARS.map((k) => [k, process.env[k]]));

afterEach(async () => {
  await browser?.close();
  await server?.stop();
  browser = server = null;
  for (const k of LIVEKIT_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/** The host console of a new meeting; `responses` records every /api/livekit/* answer from the start. */
async function hostConsole(url: string): Promise<{ page: Page; responses: { path: string; status: number }[] }> {
  const created = await createMeeting(url);
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const responses: { path: string; status: number }[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/livekit/')) responses.push({ path, status: r.status() });
  });
  await page.goto(`${url}/`);
  await page.fill('[data-testid=join-code]', created.hostCode);
  await page.press('[data-testid=join-code]', 'Enter');
  await page.waitForURL(/\/host$/);
  await page.waitForSelector('.lk-panel');
  return { page, responses };
}

describe('video panel in Chromium', () => {
  it('says video is not configured when LiveKit is off', async () => {
    for (const k of LIVEKIT_VARS) delete process.env[k];
    ensureClientBuilt();
    server = await startServer();
    const { page, responses } = await hostConsole(server.url);
    await page.waitForSelector('.lk-off');
    expect((await page.textContent('.lk-panel'))?.trim()).toBe('未配置视频会议，仅同步文字与要求');
    expect(responses).toEqual([{ path: '/api/livekit/config', status: 200 }]);
    const shot = await screenshot(page, 'livekit-panel-off-1920x1080.png');
    expect(shot.stats.distinctColours).toBeGreaterThan(10);
  });

  it('loads the room view, asks for a token and reports an unreachable LiveKit in Chinese', async () => {
    process.env.LIVEKIT_URL = `ws://127.0.0.1:${await freePort()}`;
    process.env.LIVEKIT_API_KEY = 'devkey';
    process.env.LIVEKIT_API_SECRET = 'secret-for-the-e2e-of-the-video-panel';
    ensureClientBuilt();
    server = await startServer();
    const { page, responses } = await hostConsole(server.url);
    await page.waitForSelector('.lk-status--error', { timeout: 30_000 });
    expect(responses).toEqual([
      { path: '/api/livekit/config', status: 200 },
      { path: '/api/livekit/token', status: 502 },
    ]);
    expect(await page.textContent('.lk-status--error span')).toBe('视频会议服务暂时不可用，请稍后再试');
    expect(await page.textContent('.lk-status--error button')).toBe('重新连接');
  });
});
