/**
 * The archive end to end in real Chromium against the real server (spawned as `npm start`
 * does): a meeting is held over sockets with the real recogniser (the seven-points speech,
 * test model), then the organiser logs in, finds it in the list and by search (3+ characters
 * and a 2-character term), opens a hit in the secretary desk at that sentence, reopens the
 * record for corrections, edits the minutes draft, and downloads every export from the desk —
 * each file arrives under its Chinese name and is opened again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinReply, Meeting, MeetingCreated } from '../../shared/protocol/index.ts';
import { EXPORT_KINDS, exportFileName } from '../../server/exports/catalogue.ts';
import { parseSrt } from '../../server/exports/testing/parse-srt.ts';
import { entry, paragraphs, readPackage } from '../../server/exports/testing/read-package.ts';
import { feedWav } from '../../server/protocol-client/host-audio-feeder.ts';
import { MeetingMirror, type MirrorSocket } from '../../server/protocol-client/meeting-mirror.ts';
import { fixturePath } from '../env.ts';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.ts';
import { ensureClientBuilt } from './harness/build.ts';
import { organiserLogin } from './harness/rest.ts';
import { screenshot } from './harness/screenshot.ts';
import { E2E_ORGANISER, startServer, type RunningServer } from './harness/server.ts';

const TITLE = '全市推进两为整治工作电视电话会议';
const OPENING = '2026年12月3日上午，市公安局召开全市推进两为整治工作电视电话会议，现将会议议定事项纪要如下：';
/** The speech plays at this multiple of real time (the test model keeps up). */
const SPEED = 8;

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
let meetingId: string;
/** The meeting as it ended (title and times name the exported files). */
let meetingRecord: Meeting;
const sockets: MirrorSocket[] = [];
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-downloads-'));

async function rest<T>(method: string, route: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(server.url + route, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return JSON.parse(text) as T; // our server's reply for this route (docs/protocol.md)
}

function connect(token: string): Promise<MirrorSocket> {
  return new Promise((resolve, reject) => {
    const s: MirrorSocket = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/** Hold the meeting: two venues, the host streams the speech, one venue confirms everything. */
async function holdMeeting(): Promise<void> {
  const organiser = await organiserLogin(server.url);
  const created = await rest<MeetingCreated>('POST', '/api/meetings', {
    title: TITLE, organiser: '市公安局', scheduledAt: '2026-12-03T09:00:00+08:00', speakers: [{ name: '王国强', role: '副局长' }], mainVenueName: '市公安局指挥中心',
  }, organiser);
  meetingId = created.meeting.id;
  const host = await rest<JoinReply>('POST', '/api/join', { code: created.hostCode }, organiser);
  await rest('POST', `/api/meetings/${meetingId}/venues`, { venues: [{ name: '东城分局', level: '区' }, { name: '西城分局', level: '区' }] }, host.token);
  const { entries } = await rest<{ entries: { role: string; venueName: string; code: string }[] }>('GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token);
  const east = await rest<JoinReply>('POST', '/api/join', { code: entries.find((e) => e.venueName === '东城分局')?.code }, organiser);
  const venue = new MeetingMirror(await connect(east.token));
  await venue.until(() => venue.lastSeq !== null);
  const hostSocket = await connect(host.token);
  const started = await hostSocket.emitWithAck('meeting:start', {});
  if (!started.ok) throw new Error(started.error.code);
  await feedWav(hostSocket, fixturePath('audio', 'speech-seven-points.wav'), { speed: SPEED });
  const ended = await hostSocket.emitWithAck('meeting:end', {});
  if (!ended.ok) throw new Error(ended.error.code);
  meetingRecord = ended.data.meeting;
  await venue.until(() => venue.orderedRequirements().length === 7, 60_000, 'seven requirements at the venue');
  for (const r of venue.orderedRequirements()) {
    const ack = await venue.socket.emitWithAck('ack:submit', { requirementId: r.id, kind: 'received' });
    if (!ack.ok) throw new Error(ack.error.code);
  }
}

/** Click an export button and keep the file; returns the name the browser saved it under and its bytes. */
async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click(`[data-testid=${testId}]`)]);
  const target = path.join(downloads, file.suggestedFilename());
  await file.saveAs(target);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(target) };
}

describe('organiser archive end to end (Chromium + real server)', () => {
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    await holdMeeting();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await server?.stop();
    fs.rmSync(downloads, { recursive: true, force: true });
  }, 60_000);

  it('logs in as the organiser (a wrong password first) and finds the meeting in the list', async () => {
    await page.goto(`${server.url}/`);
    await page.click('[data-testid=to-login]');
    await page.waitForURL(/\/login$/);
    await page.fill('[data-testid=login-username]', E2E_ORGANISER.username);
    await page.fill('[data-testid=login-password]', 'not-the-password');
    await page.click('[data-testid=login-submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=login-error]')?.textContent === '用户名或密码错误');
    expect((await screenshot(page, 'organiser-login-1920x1080.png')).stats.distinctColours).toBeGreaterThan(30);
    await page.fill('[data-testid=login-password]', E2E_ORGANISER.password);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(/\/meetings$/);
    expect(await page.textContent('[data-testid=organiser-name]')).toBe(E2E_ORGANISER.displayName);
    const row = page.locator(`[data-testid=meeting-row][data-meeting-id="${meetingId}"]`);
    await row.waitFor();
    expect(await row.locator('.archive-table__title').textContent()).toContain(TITLE);
    expect(await row.locator('[data-testid=meeting-status]').textContent()).toBe('已结束');
    // 2 branch venues, 7 requirements, 东城分局 confirmed all 7 → 7/14
    expect(await row.locator('[data-testid=meeting-ack-rate]').textContent()).toBe('50%（7/14）');
  }, 60_000);

  it('searches the transcripts and requirements (3+ characters, and 2 characters) and opens a hit in the desk at that sentence', async () => {
    await page.fill('[data-testid=search-input]', '精心组织');
    await page.click('[data-testid=search-submit]');
    await page.waitForSelector('[data-testid=search-hit]');
    const kinds = await page.$$eval('[data-testid=search-hit]', (els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.sort()).toEqual(['requirement', 'segment']);
    expect(await page.$$eval('[data-testid=search-hit] mark', (els) => els.map((e) => e.textContent))).toEqual(['精心组织', '精心组织']);

    await page.fill('[data-testid=search-input]', '约谈');
    await page.click('[data-testid=search-submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=search-hit] mark')].some((m) => m.textContent === '约谈'));
    expect((await screenshot(page, 'organiser-search-1920x1080.png')).stats.distinctColours).toBeGreaterThan(30);
    const segmentHit = page.locator('[data-testid=search-hit][data-kind=segment]').first();
    await segmentHit.locator('[data-testid=search-hit-open]').click();
    await page.waitForURL(/\/secretary\?focus=segment:/);
    const focused = page.locator('[data-testid=secretary-segment].is-focused');
    await focused.waitFor({ timeout: 15_000 });
    expect(await focused.textContent()).toContain('约谈');
    expect(await focused.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    })).toBe(true);
  }, 60_000);

  it('returns to the list and opens the meeting in the secretary desk; the record is locked until reopened', async () => {
    await page.click('[data-testid=leave]');
    await page.waitForURL(/\/meetings$/);
    await page.locator(`[data-testid=meeting-row][data-meeting-id="${meetingId}"] [data-testid=open-secretary]`).click();
    await page.waitForURL(/\/secretary$/);
    await page.waitForSelector('[data-testid=corrections-bar]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=secretary-requirement]').length === 7);
    expect(await page.locator('.desk-grid button').first().isDisabled()).toBe(true);
    await page.click('[data-testid=reopen]');
    await page.waitForSelector('[data-testid=close-corrections]');
    expect(await page.locator('.desk-grid button').first().isDisabled()).toBe(false);
    await page.click('[data-testid=close-corrections]');
    await page.waitForSelector('[data-testid=reopen]');
  }, 60_000);

  it('edits the minutes draft and downloads every export from the desk under its Chinese name', async () => {
    await page.click('[data-testid=review-minutes]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=minutes-item]').length === 7);
    // 西城分局 never joined: listed under 请假 by default, and the secretary is asked to check it
    expect(await page.textContent('[data-testid=minutes-never-joined]')).toBe('未接入的会场默认列为请假，请核实：西城分局');
    expect(await page.locator('[data-testid=minutes-attendance] input').evaluateAll((els: HTMLInputElement[]) => els.map((e) => e.value))).toEqual(['出席', '请假']);
    await page.fill('[data-testid=minutes-opening]', OPENING);
    await page.click('[data-testid=minutes-save]');
    await page.waitForFunction(() => document.querySelector('.minutes-drawer__head .muted')?.textContent === '已保存第 1 版');
    expect((await screenshot(page, 'secretary-minutes-draft-1920x1080.png')).stats.distinctColours).toBeGreaterThan(30);
    await page.click('.minutes-drawer__head >> text=关闭');

    const ids: Record<string, string> = {
      'minutes.docx': 'export-minutes-docx', 'minutes.md': 'export-minutes-md', 'ledger.xlsx': 'export-ledger-xlsx', 'requirements.csv': 'export-requirements-csv',
      'acks.xlsx': 'export-acks-xlsx', 'acks.csv': 'export-acks-csv', 'transcript.docx': 'export-transcript-docx', 'transcript.txt': 'export-transcript-txt', 'transcript.srt': 'export-transcript-srt',
    };
    const files = new Map<string, Buffer>();
    for (const kind of EXPORT_KINDS) {
      const testId = ids[kind.name] ?? '';
      await page.waitForSelector(`[data-testid=${testId}]:not([disabled])`);
      const file = await download(testId);
      expect(file.name, kind.name).toBe(exportFileName({ meeting: meetingRecord }, kind));
      expect(file.name.startsWith(`${meetingRecord.startedAt?.slice(0, 4)}-`)).toBe(true);
      expect(file.bytes.byteLength, kind.name).toBeGreaterThan(200);
      files.set(kind.name, file.bytes);
    }

    const docxText = (b: Buffer) => paragraphs(entry(readPackage(new Uint8Array(b)), 'word/document.xml')).map((p) => p.text).filter(Boolean);
    const minutes = docxText(files.get('minutes.docx')!);
    expect(minutes[0]).toBe(`${TITLE}纪要`);
    expect(minutes[1]).toBe(OPENING);
    expect(minutes.filter((t) => /^（[一二三四五六七]）/.test(t))).toHaveLength(7);
    expect(files.get('minutes.md')!.toString('utf8')).toContain(OPENING);
    expect(docxText(files.get('transcript.docx')!).join('')).toContain('精心组织部署');

    // exceljs declares its own Buffer type, which Node's Buffer<ArrayBufferLike> does not match nominally
    const workbook = async (name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(files.get(name) as unknown as ExcelJS.Buffer);
      return wb;
    };
    expect((await workbook('ledger.xlsx')).worksheets[0]?.getRow(1).getCell(1).value).toBe('序号');
    expect((await workbook('acks.xlsx')).worksheets.map((w) => w.name)).toContain('落实情况');
    for (const name of ['requirements.csv', 'acks.csv', 'transcript.txt']) expect(files.get(name)!.subarray(0, 3).toString('hex'), name).toBe('efbbbf');
    expect(files.get('acks.csv')!.toString('utf8')).toContain('东城分局');
    const cues = parseSrt(files.get('transcript.srt')!.toString('utf8'));
    expect(cues.length).toBeGreaterThan(5);
    expect(cues[0]?.lines.join('')).toContain('王国强');
  }, 120_000);
});
