/**
 * The host page's microphone capture as the e2e suite sees it. The fake microphone plays its
 * file from the moment capture opens, not from the click, and how long that takes depends on
 * the machine's load; so the suite stops capturing by audio position (chunks sent, 100 ms each,
 * from the host console's 已发送 N 段), never by wall-clock time.
 */
import type { Page } from 'playwright-core';

/** Audio per uplink chunk, ms (client/src/audio/pcm.ts CHUNK_DURATION_MS). */
export const CHUNK_MS = 100;

/** Wait until the host has sent at least `audioMs` of captured audio. */
export async function waitForCapturedMs(page: Page, audioMs: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (chunks) => {
      const text = document.querySelector('[data-testid=mic-state]')?.textContent ?? '';
      const sent = /已发送\s*(\d+)\s*段/.exec(text);
      return sent !== null && Number(sent[1]) >= chunks;
    },
    Math.ceil(audioMs / CHUNK_MS),
    { timeout: timeoutMs, polling: 50 },
  );
}
