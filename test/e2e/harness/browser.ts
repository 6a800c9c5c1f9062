/**
 * Real Chromium (Debian's /usr/bin/chromium) through playwright-core, each browser with a fresh
 * profile directory. The host's browser plays a WAV file as its microphone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { REPO_ROOT } from './server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Launch Chromium with a fresh user data dir; `fakeMicrophoneWav` turns on the fake capture device. */
export async function launchBrowser(options: { fakeMicrophoneWav?: string; viewport?: { width: number; height: number } } = {}): Promise<LaunchedBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-chromium-'));
  const args = [...BASE_FLAGS];
  if (options.fakeMicrophoneWav) {
    args.push(
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: options.viewport ?? { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.fakeMicrophoneWav ? { permissions: ['microphone'] } : {}),
  });
  // Console errors and failed requests of every page go to test-results/e2e-browser.log.
  const logFile = path.join(REPO_ROOT, 'test-results', 'e2e-browser.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  context.on('page', (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') log(`[${msg.type()}] ${page.url()} ${msg.text()}`);
    });
    page.on('pageerror', (error) => log(`[pageerror] ${page.url()} ${error.message}`));
    page.on('requestfailed', (request) => log(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}`));
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
