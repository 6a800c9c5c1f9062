/**
 * Issue 13 #11 — two host consoles both captured and the first was silently rejected. In real
 * Chromium with a fake microphone: the first console captures; the second, asked to start, is
 * told another console is capturing and offered to take over; taking over stops the first
 * console, which says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MeetingCreated } from '../../shared/protocol/index.ts';
import { fixturePath } from '../env.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { createMeeting } from './harness/rest.ts';
import { startServer, type RunningServer } from './harness/server.ts';

let server: RunningServer;
let created: MeetingCreated;
let browser: LaunchedBrowser;

async function openConsole(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/join/${created.hostCode}`);
  await page.waitForURL(/\/host$/);
  await page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 30_000 });
  return page;
}

describe('one capturing host console per meeting (Chromium + real server)', () => {
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    created = await createMeeting(server.url);
    browser = await launchBrowser({ fakeMicrophoneWav: fixturePath('audio', 'speech-seven-points-48k.wav') });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('the second console asks before taking over, and the first is told clearly', async () => {
    const first = await openConsole();
    const second = await openConsole();
    await first.click('[data-testid=meeting-start]');
    await first.waitForFunction(() => document.querySelector('[data-testid=meeting-status]')?.textContent === '会议进行中');
    await second.waitForFunction(() => document.querySelector('[data-testid=meeting-status]')?.textContent === '会议进行中');

    await first.click('[data-testid=mic-start]');
    await first.waitForSelector('[data-testid=mic-state][data-capturing=true]');

    // Refused without asking: the second console offers to take over and does not capture.
    await second.click('[data-testid=mic-start]');
    await second.waitForSelector('[data-testid=mic-takeover]', { timeout: 30_000 });
    expect(await second.textContent('[data-testid=mic-takeover]')).toContain('另一台主会场电脑正在采集讲话');
    expect(await second.getAttribute('[data-testid=mic-state]', 'data-capturing')).toBe('false');
    expect(await first.getAttribute('[data-testid=mic-state]', 'data-capturing')).toBe('true');

    // Cancel leaves things as they are; confirm takes over.
    await second.click('[data-testid=mic-takeover-cancel]');
    expect(await second.$('[data-testid=mic-takeover]')).toBeNull();
    await second.click('[data-testid=mic-start]');
    await second.click('[data-testid=mic-takeover-confirm]', { timeout: 30_000 });
    await second.waitForSelector('[data-testid=mic-state][data-capturing=true]', { timeout: 30_000 });
    await first.waitForSelector('[data-testid=mic-taken-over]', { timeout: 30_000 });
    expect(await first.textContent('[data-testid=mic-taken-over]')).toContain('已由另一台主会场电脑接管');
    await first.waitForSelector('[data-testid=mic-state][data-capturing=false]');
    // The second console's audio reaches the server.
    await second.waitForFunction(() => /已发送 [1-9]\d* 段/.test(document.querySelector('[data-testid=mic-state]')?.textContent ?? ''), undefined, { timeout: 30_000 });
  }, 180_000);
});
