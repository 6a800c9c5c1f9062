/**
 * Issue 12, 督办总览 across meetings (in process, real database and extractor, an injected
 * follow-up clock): one organiser holds two meetings with different venues; their tasks are
 * worked into every status (待签收, 推进中, 申请延期, 已延期, 待复核, 已办结, 已超期); then the
 * overview's figures per meeting, in total and per unit, and both 通报 of all meetings (XLSX read
 * back, DOCX unzipped) are exactly what those commands imply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, type FollowupFigures } from '../shared/followup/figures.ts';
import type { FollowupOverview, TaskActionBody } from '../shared/followup/schemas.ts';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { board, fetchNoticeText, fetchReportXlsx, holdEndedMeeting, mustAct, mustUpload, untilNextChinaNoon, type EndedMeeting } from './helpers/followup.ts';
import { api, organiserToken, startServer, type TestServer } from './helpers/server.ts';

const DAY = 86_400_000;
const A = { title: '全市巡逻防控工作推进会', venues: ['东城分局', '西城分局'], speech: [
  '下面，我讲三点要求。',
  '第一，要加强巡逻防控。各单位要在年底前拿出巡逻方案。',
  '第二，要抓好宣传发动。各单位要在下周五前报送宣传计划。',
  '第三，要整治交通秩序。各分县局要在10月30号前完成排查。',
  '好，我就讲这些。',
] };
const B = { title: '全市矛盾纠纷排查化解工作会', venues: ['南湖分局', '北山分局', '江东分局'], speech: [
  '下面，我讲两点要求。',
  '第一，要开展矛盾纠纷排查。各单位要在年底前完成排查。',
  '第二，要强化值班备勤。各单位要严格落实领导带班制度。',
  '好，我就讲这些。',
] };

let offsetMs = untilNextChinaNoon();
const clock = () => new Date(Date.now() + offsetMs);
const day = (fromNowDays: number) => chinaDay(new Date(clock().getTime() + fromNowDays * DAY).toISOString());

let server: TestServer;
let organiser: string;
let a: EndedMeeting;
let b: EndedMeeting;

beforeAll(async () => {
  const scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted, clock, followupSweepMs: null });
  organiser = await organiserToken(server.url);
  // 蓝 3 days before; 黄 only for returns (not for unsigned or silent tasks within this test's days).
  expect((await api(server.url, 'PUT', '/api/followup/settings', { nearDays: 3, signDays: 30, silentDays: 90, remindIntervalMinutes: 30 }, organiser)).status).toBe(200);
  a = await holdEndedMeeting(server.url, organiser, scripted, A);
  b = await holdEndedMeeting(server.url, organiser, scripted, B);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Task of meeting `m`, requirement `order`, venue `name`. */
async function taskOf(m: EndedMeeting, order: number, name: string): Promise<string> {
  const t = (await board(server.url, m.secretary.token, m.meetingId)).tasks.find((x) => x.order === order && x.venueName === name);
  if (!t) throw new Error(`no task ${order} at ${name}`);
  return t.id;
}

/** Run `steps` on one task: venue steps as the venue, the rest as the organiser. */
async function work(m: EndedMeeting, order: number, name: string, steps: TaskActionBody[]): Promise<void> {
  const id = await taskOf(m, order, name);
  const venue = m.venues.find((v) => v.venue.name === name)!.token;
  for (const s of steps) {
    const byVenue = ['sign', 'report', 'request_extension', 'submit'].includes(s.type);
    const body = s.type === 'submit' ? { ...s, attachmentIds: [await mustUpload(server.url, venue, id)] } : s;
    await mustAct(server.url, byVenue ? venue : organiser, id, body);
  }
}

const SIGN: TaskActionBody = { type: 'sign' };
const SUBMIT: TaskActionBody = { type: 'submit', text: '已办结' };
const ACCEPT: TaskActionBody = { type: 'accept' };
const RETURN: TaskActionBody = { type: 'return', comment: '材料不全' };

describe('督办总览 across two meetings', () => {
  it('works the tasks of both meetings into every status', async () => {
    expect((await board(server.url, a.secretary.token, a.meetingId)).tasks).toHaveLength(3 * 2);
    expect((await board(server.url, b.secretary.token, b.meetingId)).tasks).toHaveLength(2 * 3);
    // Meeting A is due in 10 days, meeting B in 14: twelve days on, A's open tasks are two days
    // overdue and B's are within 3 days (蓝).
    for (const [m, due] of [[a, day(10)], [b, day(14)]] as const) {
      for (const requirementId of new Set((await board(server.url, organiser, m.meetingId)).tasks.map((t) => t.requirementId))) {
        expect((await api(server.url, 'PUT', `/api/meetings/${m.meetingId}/followup/deadline`, { requirementId, deadline: due }, organiser)).status).toBe(200);
      }
    }
    const ask = (days: number): TaskActionBody => ({ type: 'request_extension', reason: '需协调', proposedDate: day(days) });
    // A: 东城 closes 一, is returned on 二, works on 三; 西城 is granted more time on 一, waits for it on 二, never signs 三.
    await work(a, 0, '东城分局', [SIGN, { type: 'report', text: '已部署' }, SUBMIT, ACCEPT]);
    await work(a, 1, '东城分局', [SIGN, SUBMIT, RETURN]);
    await work(a, 2, '东城分局', [SIGN]);
    await work(a, 0, '西城分局', [SIGN, ask(25), { type: 'approve_extension' }]);
    await work(a, 1, '西城分局', [SIGN, ask(25)]);
    // B: 南湖 waits for review on 一 and works on 二; 北山 closes 一 and is returned on 二; 江东 is granted more time on 一, never signs 二.
    await work(b, 0, '南湖分局', [SIGN, SUBMIT]);
    await work(b, 1, '南湖分局', [SIGN]);
    await work(b, 0, '北山分局', [SIGN, SUBMIT, ACCEPT]);
    await work(b, 1, '北山分局', [SIGN, SUBMIT, RETURN]);
    await work(b, 0, '江东分局', [SIGN, ask(30), { type: 'approve_extension' }]);
    offsetMs += 12 * DAY;
  });

  const figuresA: FollowupFigures = { total: 6, done: 1, completionRate: 1 / 6, overdue: 4, doneLate: 0, averageDaysLate: 2, pending: 1, inProgress: 2, extensionRequested: 1, extended: 1, review: 0 };
  const figuresB: FollowupFigures = { total: 6, done: 1, completionRate: 1 / 6, overdue: 0, doneLate: 0, averageDaysLate: 0, pending: 1, inProgress: 2, extensionRequested: 0, extended: 1, review: 1 };
  const total: FollowupFigures = { total: 12, done: 2, completionRate: 2 / 12, overdue: 4, doneLate: 0, averageDaysLate: 2, pending: 2, inProgress: 4, extensionRequested: 1, extended: 2, review: 1 };

  it('the overview: figures per meeting and in total, colours, per unit, what needs the organiser', async () => {
    const o = (await api<FollowupOverview>(server.url, 'GET', '/api/followup', undefined, organiser)).body;
    expect(o.meetings).toHaveLength(2);
    const row = (id: string) => o.meetings.find((m) => m.meetingId === id)!;
    // A: 红 for its four open tasks past the due date (the returned one included: 红 outranks 黄).
    expect(row(a.meetingId)).toMatchObject({ title: A.title, ...figuresA, red: 4, yellow: 0, blue: 0 });
    // B: 黄 for the returned one, 蓝 for the two others due in 2½ days; the extended one is far off.
    expect(row(b.meetingId)).toMatchObject({ title: B.title, ...figuresB, red: 0, yellow: 1, blue: 2 });
    expect(o.total).toEqual(total);
    expect(Object.fromEntries(o.byUnit.map((u) => [u.label, [u.total, u.done, u.overdue, u.pending, u.inProgress, u.extensionRequested, u.extended, u.review]]))).toEqual({
      东城分局: [3, 1, 2, 0, 2, 0, 0, 0],
      西城分局: [3, 0, 2, 1, 0, 1, 1, 0],
      南湖分局: [2, 0, 0, 0, 1, 0, 0, 1],
      北山分局: [2, 1, 0, 0, 1, 0, 0, 0],
      江东分局: [2, 0, 0, 1, 0, 0, 1, 0],
    });
    // Overdue first (西城's extension request is past its date too), then the review.
    expect(o.attention.map((t) => t.display)).toEqual(['overdue', 'overdue', 'overdue', 'overdue', 'review']);
    expect(o.attention.map((t) => `${t.meetingTitle} ${t.venueName}`).sort()).toEqual([...Array(2).fill(`${A.title} 东城分局`), ...Array(2).fill(`${A.title} 西城分局`), `${B.title} 南湖分局`].sort());
  });

  it('the XLSX 通报 of all meetings: per meeting, 合计, per unit and every task', async () => {
    const x = await fetchReportXlsx(server.url, organiser, '/api/followup/report.xlsx');
    expect(x.status).toBe(200);
    // Meetings oldest first (A was held first), then 合计. Columns after the date: tasks, closed,
    // rate, overdue, closed late, days late, then 待签收, 推进中, 申请延期, 已延期, 待复核.
    expect(x.rowCount('按会议')).toBe(4);
    expect(x.row('按会议', 2)).toEqual([A.title, expect.any(String), 6, 1, '16.7%', 4, 0, 2, 1, 2, 1, 1, 0]);
    expect(x.row('按会议', 3)).toEqual([B.title, expect.any(String), 6, 1, '16.7%', 0, 0, 0, 1, 2, 0, 1, 1]);
    expect(x.row('按会议', 4)[0]).toBe('合计');
    expect(x.row('按会议', 4).slice(2)).toEqual([12, 2, '16.7%', 4, 0, 2, 2, 4, 1, 2, 1]);
    expect(x.rowCount('按单位')).toBe(6);
    const units = Object.fromEntries([2, 3, 4, 5, 6].map((n) => x.row('按单位', n)).map(([label, ...cells]) => [label, cells]));
    expect(units).toEqual({
      东城分局: [3, 1, '33.3%', 2, 0, 2, 0, 2, 0, 0, 0],
      西城分局: [3, 0, '0.0%', 2, 0, 2, 1, 0, 1, 1, 0],
      南湖分局: [2, 0, '0.0%', 0, 0, 0, 0, 1, 0, 0, 1],
      北山分局: [2, 1, '50.0%', 0, 0, 0, 0, 1, 0, 0, 0],
      江东分局: [2, 0, '0.0%', 0, 0, 0, 1, 0, 0, 1, 0],
    });
    expect(x.rowCount('任务明细')).toBe(13);
    const statuses = Array.from({ length: 12 }, (_, i) => String(x.row('任务明细', i + 2)[5]));
    expect(statuses.sort()).toEqual(['已办结', '已办结', '已延期', '已延期', '已超期', '已超期', '已超期', '已超期', '待复核', '待签收', '推进中', '推进中'].sort());
  });

  it('the DOCX notice of all meetings: the same figures in words', async () => {
    const text = await fetchNoticeText(server.url, organiser, '/api/followup/notice.docx');
    expect(text).toContain('关于会议议定事项落实情况的督查通报');
    expect(text).toContain('交办任务共12项，已办结2项，办结率16.7%；超期未办结4项，平均逾期2天；待签收2项，待复核1项，申请延期待审批1项。');
    expect(text).toMatch(new RegExp(`（一）${A.title}（[\\d-]+）：共6项，已办结1项，办结率16.7%；超期未办结4项，平均逾期2天；待签收1项，申请延期待审批1项。`));
    expect(text).toMatch(new RegExp(`（二）${B.title}（[\\d-]+）：共6项，已办结1项，办结率16.7%；无超期事项；待签收1项，待复核1项。`));
    expect(text).toContain('暂无全部办结的单位。');
    expect(text).toContain('存在超期事项的单位（2个）：');
    expect(text).toContain('1. 东城分局：共3项，已办结1项，办结率33.3%；超期未办结2项，平均逾期2天。');
  });
});
