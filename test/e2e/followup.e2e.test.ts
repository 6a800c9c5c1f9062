/**
 * Issue 12 end to end in real Chromium against the real server: a meeting held over sockets with
 * the real recogniser (seven-points speech, test model, two venues) ends and issues its tasks.
 * Venue 东城分局 enters its task inbox, signs the first task, uploads a PDF and reports progress,
 * then submits it as done with evidence; the organiser (logged in, 督办 from the archive) returns
 * it once from the 督办台, the venue sees it returned and submits again, the organiser closes it;
 * a 催办 sent to 西城分局 appears on that venue's screen (a toast and a badge on its requirements
 * view, the banner in its inbox). Screenshots of the board and the inbox.
 * Then the organiser narrows one requirement's venues (责任单位确认) and widens it again, live at 东城分局.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinReply, MeetingCreated } from '../../shared/protocol/index.ts';
import { feedWav } from '../../server/protocol-client/host-audio-feeder.ts';
import type { MirrorSocket } from '../../server/protocol-client/meeting-mirror.ts';
import { fixturePath } from '../env.ts';
import { SAMPLE_PDF } from '../helpers/followup.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { organiserLogin } from './harness/rest.ts';
import { screenshot } from './harness/screenshot.ts';
import { E2E_ORGANISER, startServer, type RunningServer } from './harness/server.ts';

const TITLE = '全市推进两为整治工作电视电话会议';
const SPEED = 8;

let server: RunningServer;
let browser: LaunchedBrowser;
let east: Page;
let west: Page;
let board: Page;
let codes: Record<string, string> = {};
const sockets: MirrorSocket[] = [];
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-followup-'));
const pdf = path.join(files, '整改进展.pdf');

async function rest<T>(method: string, route: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(server.url + route, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return JSON.parse(text) as T; // our server's reply for this route (docs/protocol.md)
}

async function holdMeeting(): Promise<void> {
  const organiser = await organiserLogin(server.url);
  const created = await rest<MeetingCreated>('POST', '/api/meetings', {
    title: TITLE, organiser: '市公安局', scheduledAt: '2026-12-03T09:00:00+08:00', speakers: [{ name: '王国强', role: '副局长' }], mainVenueName: '市公安局指挥中心',
  }, organiser);
  const meetingId = created.meeting.id;
  const host = await rest<JoinReply>('POST', '/api/join', { code: created.hostCode }, organiser);
  await rest('POST', `/api/meetings/${meetingId}/venues`, { venues: [{ name: '东城分局', level: '区' }, { name: '西城分局', level: '区' }] }, host.token);
  const { entries } = await rest<{ entries: { role: string; venueName: string; code: string }[] }>('GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token);
  codes = Object.fromEntries(entries.filter((e) => e.role === 'venue').map((e) => [e.venueName, e.code]));
  const hostSocket: MirrorSocket = io(server.url, { auth: { token: host.token }, transports: ['websocket'], forceNew: true });
  sockets.push(hostSocket);
  await new Promise<void>((resolve, reject) => { hostSocket.once('connect', () => resolve()); hostSocket.once('connect_error', reject); });
  const started = await hostSocket.emitWithAck('meeting:start', {});
  if (!started.ok) throw new Error(started.error.code);
  await feedWav(hostSocket, fixturePath('audio', 'speech-seven-points.wav'), { speed: SPEED });
  const ended = await hostSocket.emitWithAck('meeting:end', {});
  if (!ended.ok) throw new Error(ended.error.code);
}

/** A venue page in its task inbox. */
async function openInbox(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/join/${codes[name]}`);
  await page.click('[data-testid=venue-ended-inbox]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=venue-inbox]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=inbox-card]').length === 7, undefined, { timeout: 20_000 });
  return page;
}

const detailStatus = (page: Page) => page.locator('[data-testid=inbox-detail-status]').textContent();

/** The first requirement's card of a venue (minutes order: it is the one marked 一（一）). */
async function selectFirst(page: Page): Promise<void> {
  await page.locator('[data-testid=inbox-card]', { hasText: '一（一）' }).click();
}

describe('follow-up end to end (Chromium + real server)', () => {
  beforeAll(async () => {
    fs.writeFileSync(pdf, SAMPLE_PDF);
    ensureClientBuilt();
    server = await startServer();
    await holdMeeting();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await server?.stop();
    fs.rmSync(files, { recursive: true, force: true });
  }, 60_000);

  it('a venue signs, uploads a PDF and reports progress, then submits it done with evidence', async () => {
    east = await openInbox('东城分局');
    expect(await east.locator('[data-testid=inbox-card-status]').allTextContents()).toEqual(Array(7).fill('待签收'));
    await selectFirst(east);
    await east.click('[data-testid=task-sign]');
    await east.waitForFunction(() => document.querySelector('[data-testid=inbox-detail-status]')?.textContent === '推进中');

    await east.click('[data-testid=task-open-report]');
    await east.fill('[data-testid=task-text]', '已召开专题部署会，成立工作专班');
    await east.setInputFiles('[data-testid=task-files]', pdf);
    await east.waitForSelector('[data-testid=task-file][data-state=done]');
    await east.click('[data-testid=task-send]');
    await east.waitForSelector('[data-testid=task-timeline] [data-action=reported] [data-testid=attachment-link]');
    expect(await east.locator('[data-testid=task-timeline] [data-action=reported] [data-testid=attachment-link]').textContent()).toBe('整改进展.pdf');

    await east.click('[data-testid=task-open-submit]');
    await east.fill('[data-testid=task-text]', '已全部整改到位');
    await east.setInputFiles('[data-testid=task-files]', pdf);
    await east.waitForSelector('[data-testid=task-file][data-state=done]');
    await east.click('[data-testid=task-send]');
    await east.waitForFunction(() => document.querySelector('[data-testid=inbox-detail-status]')?.textContent === '待复核');
  }, 60_000);

  it('the organiser returns it once from the 督办台, then closes it', async () => {
    board = await browser.context.newPage();
    await board.goto(`${server.url}/login`);
    await board.fill('[data-testid=login-username]', E2E_ORGANISER.username);
    await board.fill('[data-testid=login-password]', E2E_ORGANISER.password);
    await board.click('[data-testid=login-submit]');
    await board.waitForSelector('[data-testid=meeting-row]');
    await board.locator('[data-testid=meeting-row]', { hasText: TITLE }).locator('[data-testid=open-followup]').click();
    await board.waitForURL(/\/followup$/);
    await board.waitForFunction(() => document.querySelectorAll('[data-testid=board-chip]').length === 14, undefined, { timeout: 20_000 });
    expect(await board.locator('[data-testid=board-total]').textContent()).toBe('14');
    expect(await board.locator('[data-testid=board-review]').textContent()).toBe('1');

    const chip = board.locator('[data-testid=board-chip][data-status=review]');
    expect(await chip.textContent()).toContain('东城分局');
    await chip.click();
    await board.click('[data-testid=board-return]');
    await board.fill('[data-testid=board-text]', '佐证材料不全，请补充现场照片');
    await board.click('[data-testid=board-confirm]');
    await board.waitForFunction(() => document.querySelector('[data-testid=board-task-status]')?.textContent === '推进中');

    // The venue sees it returned, live.
    await east.waitForSelector('[data-testid=inbox-returned]', { timeout: 10_000 });
    expect(await detailStatus(east)).toBe('推进中');
    expect(await east.locator('[data-testid=task-timeline] [data-action=returned]').textContent()).toContain('佐证材料不全，请补充现场照片');
    await east.click('[data-testid=task-open-submit]');
    await east.fill('[data-testid=task-text]', '已补充现场照片');
    await east.setInputFiles('[data-testid=task-files]', pdf);
    await east.waitForSelector('[data-testid=task-file][data-state=done]');
    await east.click('[data-testid=task-send]');
    await east.waitForFunction(() => document.querySelector('[data-testid=inbox-detail-status]')?.textContent === '待复核');

    await board.waitForFunction(() => document.querySelector('[data-testid=board-task-status]')?.textContent === '待复核', undefined, { timeout: 10_000 });
    await board.click('[data-testid=board-accept]');
    await board.click('[data-testid=board-confirm]');
    await board.waitForFunction(() => document.querySelector('[data-testid=board-done]')?.textContent === '1', undefined, { timeout: 10_000 });
    await east.waitForFunction(() => document.querySelector('[data-testid=inbox-detail-status]')?.textContent === '已办结', undefined, { timeout: 10_000 });
    // The server's periodic warning sweep (every 60 s) may fire the return's 黄 (or another colour)
    // at any moment, adding a `warned` entry between any two steps: that is the product working,
    // so warnings are left out and every other step must be exactly these, in this order.
    const actions = await east.locator('[data-testid=task-timeline] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.filter((a) => a !== 'warned')).toEqual(['created', 'signed', 'reported', 'submitted', 'returned', 'submitted', 'accepted']);
  }, 90_000);

  it('a 催办 appears on the other venue’s screen; screenshots of the board and the inbox', async () => {
    west = await openInbox('西城分局');
    // 西城分局's screen shows the meeting's requirements, not the inbox, when the 催办 comes.
    await west.click('[data-testid=inbox-show-requirements]');
    await west.waitForSelector('[data-testid=venue-to-inbox]');
    await board.locator('[data-testid=board-chip]', { hasText: '西城分局' }).first().click();
    await board.click('[data-testid=board-remind]');
    await board.fill('[data-testid=board-text]', '请于今天下班前签收并反馈');
    await board.click('[data-testid=board-confirm]');
    await west.waitForFunction(() => [...document.querySelectorAll('[data-testid=toast]')].some((t) => t.textContent?.includes('主办单位催办') && t.textContent.includes('请于今天下班前签收并反馈')), undefined, { timeout: 10_000 });
    expect(await west.locator('[data-testid=venue-to-inbox-reminded]').textContent()).toBe('催办 1');
    await west.click('[data-testid=venue-to-inbox]');
    const banner = await west.waitForSelector('[data-testid=inbox-reminder]', { timeout: 10_000 });
    expect(await banner.textContent()).toContain('请于今天下班前签收并反馈');
    expect(await west.locator('[data-testid=inbox-card-reminded]').count()).toBe(1);
    // The banner opens the reminded task.
    await banner.click();
    expect(await west.locator('[data-testid=inbox-detail]').getAttribute('data-task-id')).toBe(await west.locator('[data-testid=inbox-card]:has([data-testid=inbox-card-reminded])').getAttribute('data-task-id'));

    const boardShot = await screenshot(board, 'followup-board-1920x1080.png');
    expect(boardShot.stats.distinctColours).toBeGreaterThan(30);
    expect(boardShot.stats.lumaVariance).toBeGreaterThan(150);
    const inboxShot = await screenshot(west, 'venue-inbox-1920x1080.png');
    expect(inboxShot.stats.distinctColours).toBeGreaterThan(30);
    expect(inboxShot.stats.lumaVariance).toBeGreaterThan(150);
    await east.reload();
    await east.waitForSelector('[data-testid=venue-inbox]');
    await selectFirst(east);
    expect(await detailStatus(east)).toBe('已办结');
    expect((await screenshot(east, 'venue-inbox-done-1920x1080.png')).stats.distinctColours).toBeGreaterThan(30);
  }, 60_000);

  it('责任单位确认: narrowing a requirement to 西城分局 withdraws 东城分局’s task live; 全部分会场 issues it again', async () => {
    // The last requirement naming units (the seven points name 纪委 or the like: no venue matches, so every venue by default).
    const row = board.locator('[data-testid=scope-row]').last();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('全部分会场（默认）');
    const marker = (await row.locator('.board-group__marker').textContent()) ?? '';
    const eastCard = east.locator('[data-testid=inbox-card]', { hasText: marker });
    expect(await eastCard.getAttribute('data-status')).toBe('pending');

    await row.locator('[data-testid=scope-edit]').click();
    await row.locator('[data-testid=scope-all]').uncheck();
    await row.locator('label', { hasText: '东城分局' }).locator('[data-testid=scope-venue]').uncheck();
    await row.locator('[data-testid=scope-save]').click();
    await board.waitForFunction((m) => [...document.querySelectorAll('[data-testid=scope-row]')].some((r) => r.textContent?.includes(m) && r.textContent.includes('已确认') && r.textContent.includes('西城分局') && !r.textContent.includes('东城分局：')), marker, { timeout: 10_000 });
    await east.waitForFunction((m) => [...document.querySelectorAll('[data-testid=inbox-card]')].some((c) => c.textContent?.includes(m) && c.getAttribute('data-status') === 'cancelled'), marker, { timeout: 10_000 });
    const scopeShot = await screenshot(board, 'followup-board-scope-1920x1080.png');
    expect(scopeShot.stats.distinctColours).toBeGreaterThan(30);

    await row.locator('[data-testid=scope-edit]').click();
    await row.locator('[data-testid=scope-all]').check();
    await row.locator('[data-testid=scope-save]').click();
    await east.waitForFunction((m) => [...document.querySelectorAll('[data-testid=inbox-card]')].some((c) => c.textContent?.includes(m) && c.getAttribute('data-status') === 'pending'), marker, { timeout: 10_000 });
    expect(await west.locator('[data-testid=inbox-card][data-status=cancelled]').count()).toBe(0);
  }, 60_000);
});
