/**
 * End to end in real Chromium against the real server, with a speech whose 第三 is missing: the
 * host's fake microphone plays the fixture utterances u01, u02, u04, u06 … u10 (composed at test
 * time, skipping u03 and u05). Covers the live gap warning, adding the missed point from the
 * transcript, re-confirmation after an edit, a correction that re-runs extraction, a retraction
 * reaching a venue, and the venue screen (newest by time added after a reload, full text,
 * 18 px chips at 1366×768, full-screen 会议已结束).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { JoinReply, MeetingCreated } from '../../shared/protocol/index.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { createMeeting } from './harness/rest.ts';
import { SCREENSHOT_DIR, screenshot } from './harness/screenshot.ts';
import { startServer, type RunningServer } from './harness/server.ts';
import { composeSpeechWav } from './harness/speech-wav.ts';
import { readWavFile } from '../../server/transcription/audio/wav.ts';
import { waitForCapturedMs } from './harness/capture.ts';

/** The speech without u03 (part of 第一) and u05 (第三). */
const UTTERANCES = ['u01', 'u02', 'u04', 'u06', 'u07', 'u08', 'u09', 'u10'];
/** Stop capture this long before the file's end: inside its 3 s of trailing silence. */
const STOP_BEFORE_END_MS = 1200;
const SPEECH_TIMEOUT_MS = 150_000;

let server: RunningServer;
let created: MeetingCreated;
let speechWav: string;
/** Length of the composed speech, ms. */
let speechDurationMs: number;
let hostBrowser: LaunchedBrowser;
let otherBrowser: LaunchedBrowser;
let host: Page;
let venue: Page;
let desk: Page;

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T; // the server's route schemas define these bodies
}

/** One branch venue imported over REST; returns its join code. */
async function importVenue(): Promise<string> {
  const hostSession = await postJson<JoinReply>(`${server.url}/api/join`, { code: created.hostCode });
  await postJson(`${server.url}/api/meetings/${created.meeting.id}/venues`, { venues: [{ name: '东城分局', level: '县' }] }, hostSession.token);
  const res = await fetch(`${server.url}/api/meetings/${created.meeting.id}/join-codes`, { headers: { authorization: `Bearer ${hostSession.token}` } });
  const { entries } = (await res.json()) as { entries: { role: string; venueName: string; code: string }[] }; // JoinCodeEntry[]
  const entry = entries.find((e) => e.role === 'venue' && e.venueName === '东城分局');
  if (!entry) throw new Error('venue code missing');
  return entry.code;
}

const venueRows = () => venue.locator('[data-testid=venue-requirement]');
const deskCard = (marker: string): Locator => desk.locator('[data-testid=secretary-requirement]', { has: desk.locator(`.req-card__marker:text-is("${marker}")`) });
const venueRow = (marker: string): Locator => venue.locator('[data-testid=venue-requirement]', { has: venue.locator(`.venue-req__marker:text-is("${marker}")`) });
const hostAckCount = (marker: string) => host.locator('[data-testid=ack-row]', { has: host.locator(`.ack-row__marker:text-is("${marker}")`) }).locator('[data-testid=ack-row-count]');

async function venueMarkers(): Promise<string[]> {
  return venue.$$eval('[data-testid=venue-requirement] .venue-req__marker', (els) => els.map((e) => e.textContent?.trim() ?? ''));
}

async function waitForMarkers(page: Page, expected: string[], timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('[data-testid=venue-requirement] .venue-req__marker')].map((e) => e.textContent?.trim()).join() === want.join(),
    expected,
    { timeout: timeoutMs, polling: 200 },
  );
}

/** Correct one transcript sentence on the desk (编辑 → text → Ctrl+Enter). */
async function correctSegment(containing: string, text: string): Promise<void> {
  // By position: once the row is in edit mode its text sits in a textarea, not in the row's text.
  const texts = await desk.$$eval('[data-testid=secretary-segment]', (rows) => rows.map((r) => r.textContent ?? ''));
  const index = texts.findIndex((t) => t.includes(containing));
  expect(index).toBeGreaterThanOrEqual(0);
  const row = desk.locator('[data-testid=secretary-segment]').nth(index);
  await row.locator('button:has-text("编辑")').click();
  await row.locator('textarea').fill(text);
  await row.locator('textarea').press('Control+Enter');
  await desk.waitForSelector('[data-testid=toast]:has-text("要求已重新识别")', { timeout: 15_000 });
}

describe('live requirements end to end (Chromium + real server, 第三 missing from the speech)', () => {
  beforeAll(async () => {
    for (const log of ['e2e-server.log', 'e2e-browser.log']) fs.rmSync(path.join(SCREENSHOT_DIR, log), { force: true });
    ensureClientBuilt();
    speechWav = await composeSpeechWav(UTTERANCES);
    const composed = await readWavFile(speechWav);
    speechDurationMs = (composed.samples.length / composed.channels / composed.sampleRate) * 1000;
    server = await startServer();
    created = await createMeeting(server.url);
    const venueCode = await importVenue();
    hostBrowser = await launchBrowser({ fakeMicrophoneWav: speechWav });
    otherBrowser = await launchBrowser();
    host = await hostBrowser.context.newPage();
    await host.goto(`${server.url}/join/${created.hostCode}`);
    await host.waitForSelector('[data-testid=host-console]');
    venue = await otherBrowser.context.newPage();
    await venue.goto(`${server.url}/join/${venueCode}`);
    await venue.waitForSelector('[data-testid=venue-screen] [data-testid=connection-status][data-status=live]');
    desk = await otherBrowser.context.newPage();
    await desk.goto(`${server.url}/join/${created.secretaryCode}`);
    await desk.waitForSelector('[data-testid=secretary-desk] [data-testid=connection-status][data-status=live]');
  }, 240_000);

  afterAll(async () => {
    await hostBrowser?.close();
    await otherBrowser?.close();
    await server?.stop();
    if (speechWav) fs.rmSync(path.dirname(speechWav), { recursive: true, force: true });
  }, 60_000);

  it('warns host and secretary live (amber) that 第三 was probably missed, as soon as 第四 appears', async () => {
    await host.click('[data-testid=meeting-start]');
    await host.waitForFunction(() => document.querySelector('[data-testid=meeting-status]')?.textContent === '会议进行中');
    await host.click('[data-testid=mic-start]');
    await host.waitForSelector('[data-testid=mic-state][data-capturing=true]');

    const warning = await host.waitForSelector('[data-testid=gap-warning]', { timeout: SPEECH_TIMEOUT_MS });
    expect(await warning.textContent()).toContain('第三点可能漏识别');
    // Live: the speaker is still talking (capture running, the meeting's list still open).
    expect(await host.getAttribute('[data-testid=mic-state]', 'data-capturing')).toBe('true');
    expect(await host.textContent('[data-testid=host-list]')).toContain('第四');
    // Amber once styled: the warning may re-render between the query and the read on a busy machine.
    await host.waitForFunction(() => {
      const el = document.querySelector('[data-testid=gap-warning]');
      return el !== null && getComputedStyle(el).borderTopColor === 'rgb(217, 166, 55)';
    }, undefined, { timeout: 10_000 });
    await desk.waitForSelector('[data-testid=gap-warning]:has-text("第三点可能漏识别")', { timeout: 10_000 });
    await screenshot(host, 'host-gap-warning-1920x1080.png');

    // Stop by audio position, not wall clock: the fake microphone starts when capture opens.
    await waitForCapturedMs(host, speechDurationMs - STOP_BEFORE_END_MS, SPEECH_TIMEOUT_MS);
    await host.click('[data-testid=mic-stop]');
    await host.waitForSelector('[data-testid=mic-state][data-capturing=false]');
    await waitForMarkers(venue, ['第一', '第二', '第四', '第五', '第六', '第七'], 60_000);
  }, SPEECH_TIMEOUT_MS + 60_000);

  it('the secretary adds the missed 第三 from the transcript in one step; it lands in place on the venue and the warning clears', async () => {
    await desk.click('[data-testid=gap-fill]');
    await desk.waitForSelector('[data-testid=add-requirement]');
    // Pick the sentence (here the nearest one heard) and type what was said.
    await desk.locator('[data-testid=add-segment]', { hasText: '第二' }).click();
    await desk.fill('[data-testid=add-headline]', '要真抓实改问题');
    await desk.fill('[data-testid=add-text]', '要真抓实改问题。各单位要对照问题清单逐项整改，按月报送整改情况。');
    await desk.click('[data-testid=add-submit]');
    await waitForMarkers(venue, ['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    expect(await venueRow('第三').locator('[data-testid=requirement-headline]').textContent()).toBe('要真抓实改问题');
    await host.waitForSelector('[data-testid=gap-warning]', { state: 'detached', timeout: 10_000 });
    await desk.waitForSelector('[data-testid=gap-warning]', { state: 'detached', timeout: 10_000 });
    // The newest highlight is the item just added, not the highest number.
    await venue.waitForSelector('[data-testid=venue-requirement][data-newest=true] .venue-req__marker:text-is("第三")');
  }, 60_000);

  it('re-confirmation: after the secretary edits an acknowledged item the venue sees 已更新，请重新确认 and the host counts it unconfirmed', async () => {
    await venueRow('第六').locator('[data-testid=ack-received]').click();
    await venueRow('第六').locator('[data-testid=ack-received][data-state=done]').waitFor();
    await host.waitForFunction(() => [...document.querySelectorAll('[data-testid=ack-row]')].some((r) => r.querySelector('.ack-row__marker')?.textContent === '第六' && r.querySelector('[data-testid=ack-row-count]')?.textContent?.trim() === '1/1'));

    await deskCard('第六').locator('label:has-text("时限") input').fill('本周五前');
    await deskCard('第六').locator('button:has-text("保存修改")').click();
    await venueRow('第六').locator('[data-testid=requirement-updated]').waitFor({ timeout: 10_000 });
    expect(await venueRow('第六').locator('[data-testid=requirement-updated]').textContent()).toBe('已更新，请重新确认');
    expect(await venueRow('第六').locator('[data-testid=ack-received]').getAttribute('data-state')).toBe('stale');
    await host.waitForFunction(() => [...document.querySelectorAll('[data-testid=ack-row]')].some((r) => r.querySelector('.ack-row__marker')?.textContent === '第六' && r.querySelector('[data-testid=ack-row-count]')?.textContent?.trim() === '0/1'));
    expect(await host.locator('[data-testid=ack-row-stale]').count()).toBe(1);

    await venueRow('第六').locator('[data-testid=ack-received]').click();
    await venueRow('第六').locator('[data-testid=ack-received][data-state=done]').waitFor();
    await venueRow('第六').locator('[data-testid=requirement-updated]').waitFor({ state: 'detached' });
    await expectText(hostAckCount('第六'), '1/1');
  }, 60_000);

  it('correcting a transcript sentence re-runs extraction: the venue shows the corrected item (and asks to re-confirm it)', async () => {
    await correctSegment('第六，要组织民警参与', '第六，要组织民警广泛参与。纪委要抓紧研究相关办法。');
    await venue.waitForFunction(() => [...document.querySelectorAll('[data-testid=requirement-headline]')].some((e) => e.textContent === '要组织民警广泛参与'), undefined, { timeout: 10_000 });
    expect(await venueRow('第六').locator('[data-testid=requirement-headline]').textContent()).toBe('要组织民警广泛参与');
    // The secretary's deadline stays on top of the machine's new text; the venue must re-confirm.
    expect(await venueRow('第六').textContent()).toContain('本周五前');
    await venueRow('第六').locator('[data-testid=requirement-updated]').waitFor({ timeout: 10_000 });
    expect(await venueMarkers()).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
  }, 60_000);

  it('a correction that removes 第七 retracts it on the venue, which had acknowledged it and now sees it withdrawn', async () => {
    await venueRow('第七').locator('[data-testid=ack-received]').click();
    await venueRow('第七').locator('[data-testid=ack-received][data-state=done]').waitFor();
    await correctSegment('第七，要严肃追究问责', '要严肃追究问责。下周，我们要开始对相关单位领导进行约谈。');
    await waitForMarkers(venue, ['第一', '第二', '第三', '第四', '第五', '第六'], 10_000);
    await venue.waitForSelector('[data-testid=toast]:has-text("第七“要严肃追究问责”已撤回")', { timeout: 10_000 });
    const withdrawn = venue.locator('[data-testid=venue-withdrawn-item]');
    await withdrawn.first().waitFor({ timeout: 10_000 });
    expect(await withdrawn.textContent()).toContain('要严肃追究问责');
    expect(await withdrawn.textContent()).toContain('已撤回');
    await screenshot(venue, 'venue-retracted-1920x1080.png');
  }, 60_000);

  it('venue screen: full text of the newest item, newest kept after a reload, chips ≥ 18 px at 1366×768, full-screen 会议已结束', async () => {
    const newestBefore = await venue.getAttribute('[data-testid=venue-requirement][data-newest=true]', 'data-requirement-id');
    expect(newestBefore).not.toBeNull();
    // Full text of the newest item is open; it can be collapsed and opened again.
    const newest = venue.locator('[data-testid=venue-requirement][data-newest=true]');
    await newest.locator('[data-testid=requirement-toggle]').click();
    await newest.locator('[data-testid=requirement-text]').waitFor({ state: 'detached' });
    await newest.locator('[data-testid=requirement-toggle]').click();
    await newest.locator('[data-testid=requirement-text]').waitFor();

    await venue.reload();
    await venue.waitForSelector('[data-testid=connection-status][data-status=live]');
    await venue.waitForSelector('[data-testid=venue-requirement][data-newest=true]');
    expect(await venue.getAttribute('[data-testid=venue-requirement][data-newest=true]', 'data-requirement-id')).toBe(newestBefore);
    expect(await venue.textContent('[data-testid=venue-requirement][data-newest=true] .venue-req__marker')).toBe('第三');
    // Still there after the reload: what this venue confirmed and was withdrawn.
    expect(await venue.locator('[data-testid=venue-withdrawn-item]').count()).toBe(1);

    await venue.setViewportSize({ width: 1366, height: 768 });
    const sizes = await venue.$$eval('.venue-req .chip--unit, .venue-req .chip--deadline', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(18);
    const textSize = await venue.$eval('[data-testid=venue-requirement][data-newest=true] [data-testid=requirement-text]', (e) => parseFloat(getComputedStyle(e).fontSize));
    expect(textSize).toBeGreaterThanOrEqual(20);
    const overflow = await venue.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(venue, 'venue-newest-1366x768.png');

    host.once('dialog', (d) => void d.accept());
    await host.click('[data-testid=meeting-end]');
    const ended = await venue.waitForSelector('[data-testid=venue-ended]', { timeout: 20_000 });
    expect(await ended.textContent()).toContain('会议已结束');
    const box = await ended.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 1366, height: 768 });
    await screenshot(venue, 'venue-ended-1366x768.png');
    await venue.reload();
    await venue.waitForSelector('[data-testid=venue-ended]', { timeout: 20_000 });
    await venue.click('[data-testid=venue-ended-dismiss]');
    await venue.waitForSelector('[data-testid=venue-ended]', { state: 'detached' });
    expect(await venue.getAttribute('[data-testid=venue-requirement][data-newest=true]', 'data-requirement-id')).toBe(newestBefore);
  }, 90_000);
});

async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.page().waitForFunction(
    ([el, want]) => el?.textContent?.trim() === want,
    [await locator.elementHandle(), text] as const,
    { timeout: 10_000 },
  );
}
