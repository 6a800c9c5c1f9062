/**
 * Issue 12: kill -9 in the middle of follow-up work changes nothing stored, and the figures after
 * it are exactly what the answered commands imply. The tasks of an ended meeting (50 venues × 7
 * requirements) are worked on by every venue at once — 签收, reports with a PDF, 办结 with evidence,
 * 申请延期 — while the organiser reviews (复核: accept or return), decides extensions and sends
 * 催办, against the server as a child process, which is SIGKILLed with requests in flight.
 *
 * On disk afterwards: every answered command is there once; the rest are there whole or not at
 * all (task, timeline entry, event and files agree); each task equals its timeline replayed through
 * the state machine; the event log is gapless. Then the server restarts on the same database with a
 * clock the test sets: a venue's snapshot and an old venue's replay land on the stored tasks, the
 * warning sweep fires exactly the warnings the commands imply (黄 for returns at boot, 蓝 two days
 * before the deadline, 红 two days after), and the board, the overview and both 通报 show exactly
 * the figures derived from the commands that took effect — computed here, never copied from a run.
 *
 * Independent of today's date: every task gets an explicit deadline ten days on, and until the
 * restart the thresholds fire nothing by the calendar (蓝 off, 黄 for unsigned or silent tasks only
 * after weeks), so only returns warn before the test moves the clock.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { chinaDay, type FollowupFigures } from '../shared/followup/figures.ts';
import type { FollowupOverview, TaskActionBody } from '../shared/followup/schemas.ts';
import type { TaskCommand, TaskCore } from '../shared/followup/task-machine.ts';
import type { Task } from '../shared/followup/types.ts';
import type { JoinReply } from '../shared/protocol/rest.ts';
import { figuresSentence } from '../server/followup/report-docx.ts';
import { figureCells } from '../server/followup/report-xlsx.ts';
import { createScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { freePort, kill, spawnServer, type ChildServer } from './helpers/child-server.ts';
import { board, fetchNoticeText, fetchReportXlsx, holdEndedMeeting, taskAction, upload, SAMPLE_PDF } from './helpers/followup.ts';
import { ACTION_OF, SYSTEM_ACTIONS, applyTo, freshCore, replayEntries, type StoredEntry } from './helpers/followup-replay.ts';
import { TEST_SECRET, api, command, connectClient, connected, organiserToken, startServer, tempDataFile, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';
import { until } from './helpers/until.ts';

const DAY = 86_400_000;
const VENUES = 50;
/** Answered venue commands before the kill (and at least this many of each organiser command). */
const KILL_AFTER = 120;
const ORGANISER_MIN = 2;
/** Organiser commands sent at once (venues: one each, 50). */
const ORGANISER_DESKS = 8;
const VENUE_COMMANDS: readonly string[] = ['sign', 'report', 'submit', 'request_extension'];
/** Thresholds that fire nothing by the calendar within the test's days (only returns warn). */
const QUIET = { nearDays: 0, signDays: 30, silentDays: 90, remindIntervalMinutes: 30 };

let child: ChildServer | null = null;
let server: TestServer | null = null;
let port = 0;
const sockets: ClientSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (child) await kill(child.process, port);
  await server?.close();
});

/** One command as the test sent it, and what became of it. */
interface Sent {
  seq: number;
  taskId: string;
  body: TaskActionBody;
  /** answered: 200; unknown: the server died under it; refused: any other reply (a test bug). */
  outcome: 'in_flight' | 'answered' | 'unknown' | 'refused';
  detail?: string;
}

/** What each task goes through at a venue, by (venue + task) % 3: to 办结, to 申请延期, or reports only (and is 催办'd). */
const PLANS: [TaskActionBody, string?][][] = [
  [[{ type: 'sign' }], [{ type: 'report', text: '阶段进展' }, 'report.pdf'], [{ type: 'submit', text: '已办结' }, 'submit.pdf']],
  [[{ type: 'sign' }], [{ type: 'request_extension', reason: '涉及多部门协调', proposedDate: '' }]],
  [[{ type: 'sign' }], [{ type: 'report', text: '阶段进展' }, 'report.pdf']],
];

/** Items by key, in their order (Map.groupBy is Node 21+). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(keyOf(item), [...(out.get(keyOf(item)) ?? []), item]);
  return out;
}

/** The command the machine sees (a report's or submission's files are not part of it). */
const commandOf = (b: TaskActionBody): TaskCommand => (b.type === 'report' || b.type === 'submit' ? { type: b.type, text: b.text } : b) as TaskCommand; // the body minus files is the command, as the route builds it

it('SIGKILL during follow-up work loses nothing answered; afterwards warnings and figures follow exactly from the commands', async () => {
  // 1. An ended meeting with its tasks, built in process; every task due ten days on.
  const dataFile = tempDataFile();
  const scripted = createScriptedTranscription();
  const setup = await startServer({ transcription: scripted, dataFile, followupSweepMs: null });
  const organiser = await organiserToken(setup.url);
  expect((await api(setup.url, 'PUT', '/api/followup/settings', QUIET, organiser)).status).toBe(200);
  const m = await holdEndedMeeting(setup.url, organiser, scripted, { venues: Array.from({ length: VENUES }, (_, i) => `第${i + 1}县公安局`), speech: sevenPointsUtterances() });
  const { meetingId, venues } = m;
  const deadline = chinaDay(new Date(Date.now() + 10 * DAY).toISOString());
  const later = chinaDay(new Date(Date.now() + 20 * DAY).toISOString());
  const issued = (await board(setup.url, organiser, meetingId)).tasks;
  for (const requirementId of new Set(issued.map((t) => t.requirementId))) {
    expect((await api(setup.url, 'PUT', `/api/meetings/${meetingId}/followup/deadline`, { requirementId, deadline }, organiser)).status).toBe(200);
  }
  const tasksByVenue = new Map(venues.map((v) => [v.venue.id, issued.filter((t) => t.venueId === v.venue.id).sort((a, b) => a.order - b.order).map((t) => t.id)]));
  expect([...tasksByVenue.values()].every((ids) => ids.length === 7)).toBe(true);
  // A venue that saw everything up to now (for a replay after the restart).
  const early = new MeetingMirror(connectClient(setup.url, venues[0]!.token));
  await early.until(() => early.tasks.size === 7);
  const earlySeq = early.lastSeq!;
  early.socket.disconnect();
  await setup.close();

  // 2. The same database served by a child process: every venue works through its tasks while the
  //    organiser (its login and the secretary) reviews, decides extensions and sends 催办.
  port = await freePort();
  child = await spawnServer({ LUOSHI_DATA: dataFile, LUOSHI_SECRET: TEST_SECRET, LUOSHI_PRELOAD_MODEL: 'false' }, port);
  const url = child.url;
  const sent: Sent[] = [];
  let killed = false;
  /** Send one command (uploading its file first); true when it was answered. */
  async function send(token: string, taskId: string, body: TaskActionBody, file?: string): Promise<boolean> {
    const s: Sent = { seq: sent.length, taskId, body, outcome: 'in_flight' };
    sent.push(s);
    const refused = (detail: string) => {
      s.outcome = 'refused';
      s.detail = detail;
      return false;
    };
    try {
      let b = body;
      if (file) {
        const up = await upload(url, token, taskId, SAMPLE_PDF, file);
        if (up.status !== 201) return refused(`upload ${up.status}`);
        b = { ...body, attachmentIds: [up.body.attachment.id] } as TaskActionBody; // report or submit: the bodies that carry files
      }
      const r = await taskAction(url, token, taskId, b);
      if (r.status !== 200) return refused(`${r.status} ${r.text}`);
      s.outcome = 'answered';
      return true;
    } catch {
      s.outcome = 'unknown'; // the server died under this request: its outcome is unknown
      return false;
    }
  }
  const reviews: string[] = [];
  const extensionRequests: string[] = [];
  const reminders = [...tasksByVenue.values()].flatMap((ids, v) => ids.filter((_, k) => (v + k) % 3 === 2));
  const venueWork = async (v: JoinReply, vi: number) => {
    for (const [k, taskId] of (tasksByVenue.get(v.venue.id) ?? []).entries()) {
      for (const [body, file] of PLANS[(vi + k) % 3]!) {
        if (killed) return;
        const b = body.type === 'request_extension' ? { ...body, proposedDate: later } : body;
        if (!(await send(v.token, taskId, b, file))) return;
      }
      if ((vi + k) % 3 === 0) reviews.push(taskId);
      if ((vi + k) % 3 === 1) extensionRequests.push(taskId);
    }
  };
  // The organiser takes its kinds of work in turn (复核 accept / return, 延期 approve / deny, 催办), so each goes on throughout.
  let turn = 0;
  let reviewed = 0;
  let decided = 0;
  const organiserJobs: (() => [string, TaskActionBody] | undefined)[] = [
    () => { const id = reviews.shift(); return id ? [id, reviewed++ % 2 === 0 ? { type: 'accept' } : { type: 'return', comment: '佐证材料不全' }] : undefined; },
    () => { const id = extensionRequests.shift(); return id ? [id, decided++ % 3 === 2 ? { type: 'deny_extension', comment: '时限不能推迟' } : { type: 'approve_extension' }] : undefined; },
    () => { const id = reminders.shift(); return id ? [id, { type: 'remind', message: '请抓紧办理' }] : undefined; },
  ];
  const organiserWork = async (token: string) => {
    while (!killed) {
      const next = organiserJobs[turn++ % organiserJobs.length]!();
      if (next && !(await send(token, ...next))) return;
      if (!next) await new Promise((res) => setTimeout(res, 2));
    }
  };
  // Several organiser desks (its login and the secretary's session), so its work is a fair share of what is in flight.
  const desks = Array.from({ length: ORGANISER_DESKS }, (_, i) => organiserWork(i % 2 === 0 ? organiser : m.secretary.token));
  const workers = [...venues.map(venueWork), ...desks];
  const answered = (types: readonly string[]) => sent.filter((s) => s.outcome === 'answered' && types.includes(s.body.type)).length;
  await until(() => answered(VENUE_COMMANDS) >= KILL_AFTER
    && ['accept', 'return', 'approve_extension', 'remind'].every((t) => answered([t]) >= ORGANISER_MIN), 'work before the kill', 60_000, 5);
  const inFlight = sent.filter((s) => s.outcome === 'in_flight');
  const inFlightAtKill = inFlight.length;
  killed = true;
  await kill(child.process, port);
  child = null;
  await Promise.all(workers);
  // Venue and organiser commands alike were under way when the server died.
  expect(inFlight.filter((s) => VENUE_COMMANDS.includes(s.body.type)).length).toBeGreaterThan(0);
  expect(inFlight.filter((s) => !VENUE_COMMANDS.includes(s.body.type)).length).toBeGreaterThan(0);
  expect(sent.filter((s) => s.outcome === 'refused')).toEqual([]);
  const unknown = sent.filter((s) => s.outcome === 'unknown');
  expect(unknown.length).toBeLessThanOrEqual(inFlightAtKill);

  // 3. What is on disk.
  const db = new Database(dataFile, { readonly: true });
  const entries = db.prepare<[], StoredEntry & { id: number; task_id: string }>('SELECT id, task_id, action, at, to_status, text, date FROM task_entries ORDER BY id').all();
  const key = (taskId: string, action: string) => `${taskId}|${action}`;
  const stored = new Map<string, number>();
  for (const e of entries) if (!SYSTEM_ACTIONS.includes(e.action) && e.action !== 'deadline_set') stored.set(key(e.task_id, e.action), (stored.get(key(e.task_id, e.action)) ?? 0) + 1);
  const keyOf = (s: Sent) => key(s.taskId, ACTION_OF[s.body.type]);
  // Every answered command is there once; anything else there is one unanswered command, whole.
  expect(sent.filter((s) => s.outcome === 'answered' && stored.get(keyOf(s)) !== 1)).toEqual([]);
  const sentKeys = new Set(sent.filter((s) => s.outcome === 'answered' || s.outcome === 'unknown').map(keyOf));
  expect([...stored].filter(([k, n]) => n !== 1 || !sentKeys.has(k))).toEqual([]);
  const landed = unknown.filter((s) => stored.has(keyOf(s)));

  // Each task equals its timeline replayed through the pure state machine.
  const rows = db.prepare<[], { id: string; status: string; deadline: string | null; deadline_source: string | null; returned: number; returned_at: string | null; extensions: number; signed_at: string | null; last_report_at: string | null; submitted_at: string | null; closed_at: string | null; last_reminded_at: string | null; reminders: number; last_venue_action_at: string | null }>('SELECT * FROM tasks').all();
  const byTask = groupBy(entries, (e) => e.task_id);
  for (const t of rows) {
    const c = replayEntries(byTask.get(t.id) ?? []);
    expect([t.status, t.deadline, t.deadline_source, t.returned === 1, t.returned_at, t.extensions, t.signed_at, t.last_report_at, t.submitted_at, t.closed_at, t.last_reminded_at, t.reminders, t.last_venue_action_at])
      .toEqual([c.status, c.deadline, c.deadlineSource, c.returned, c.returnedAt, c.extensions, c.signedAt, c.lastReportAt, c.submittedAt, c.closedAt, c.lastRemindedAt, c.reminders, c.lastVenueActionAt]);
  }

  // Events: gapless, one task:changed per timeline entry, carrying that entry.
  const events = db.prepare<[string], { seq: number; type: string; payload: string }>('SELECT seq, type, payload FROM events WHERE meeting_id = ? ORDER BY seq').all(meetingId);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM meetings WHERE id = ?').get(meetingId)!.last_seq).toBe(events.length);
  const taskEvents = events.filter((e) => e.type === 'task:changed').map((e) => JSON.parse(e.payload) as { task: Task; entry: { id: number } });
  expect(taskEvents.map((e) => e.entry.id)).toEqual(entries.map((e) => e.id));

  // Every sent file is on disk; an upload whose report never made it is a row without an entry (removed after a day).
  const files = db.prepare<[], { id: string; meeting_id: string; entry_id: number | null }>('SELECT id, meeting_id, entry_id FROM task_attachments').all();
  for (const f of files.filter((x) => x.entry_id !== null)) expect(fs.existsSync(`${dataFile}.attachments/${f.meeting_id}/${f.id}`)).toBe(true);
  const storedStatus = new Map(rows.map((r) => [r.id, r.status]));
  db.close();

  // The expected tasks, from the commands alone: the answered ones and the unanswered ones that
  // landed, in the order they were sent, applied to a task issued due `deadline`.
  const effective = groupBy([...sent.filter((s) => s.outcome === 'answered'), ...landed].sort((a, b) => a.seq - b.seq), (s) => s.taskId);
  const model = new Map<string, TaskCore>(issued.map((t) => [t.id, (effective.get(t.id) ?? []).reduce((c, s) => applyTo(c, commandOf(s.body), new Date().toISOString()), freshCore(deadline))]));
  expect([...model].filter(([id, c]) => c.status !== storedStatus.get(id))).toEqual([]);
  const count = (f: (c: TaskCore) => boolean) => [...model.values()].filter(f).length;
  const open = (c: TaskCore) => ['pending', 'in_progress', 'extension_requested', 'extended'].includes(c.status);
  const dueOpen = count((c) => open(c) && c.deadline === deadline); // every open task but the extended ones (due `later`)
  const returnedOpen = count((c) => open(c) && c.returned);
  const done = count((c) => c.status === 'done');
  expect([dueOpen, returnedOpen, done].every((n) => n > 0)).toBe(true);

  // 4. Restart on the same database with a settable clock; the boot sweep fires the returns' 黄 and nothing else.
  let clockMs: number | null = null;
  server = await startServer({ transcription: scripted, dataFile, clock: () => new Date(clockMs ?? Date.now()), followupSweepMs: null });
  const fired = async () => (await sql<{ level: string; n: number }>`SELECT level, COUNT(*) AS n FROM task_warnings GROUP BY level ORDER BY level`.execute(server!.app.store.database.kysely)).rows.map((r) => [r.level, Number(r.n)]);
  expect(await fired()).toEqual([['yellow', returnedOpen]]);
  const fresh = new MeetingMirror(connectClient(server.url, venues[0]!.token));
  sockets.push(fresh.socket);
  await fresh.until(() => fresh.tasks.size === 7, 15_000, 'snapshot after restart');
  for (const t of fresh.tasks.values()) expect(t.status).toBe(storedStatus.get(t.id));
  const old = connectClient(server.url, venues[0]!.token);
  sockets.push(old);
  await connected(old);
  const replay = unwrap(await command(old, 'sync', { lastSeq: earlySeq }));
  expect(replay.kind).toBe('events');
  const replayed = new Map<string, Task>();
  if (replay.kind === 'events') for (const e of replay.events) if (e.type === 'task:changed') replayed.set(e.payload.task.id, e.payload.task);
  for (const [id, t] of replayed) expect(t.status).toBe(storedStatus.get(id));
  expect(replay.kind === 'events' && replay.events.every((e) => e.type !== 'task:changed' || e.payload.task.venueId === venues[0]!.venue.id)).toBe(true);

  // 5. Two days before the deadline (noon, China time), 蓝 on: it fires for every open task due then;
  //    the board shows 黄 for the returned ones, 蓝 for the others.
  expect((await api(server.url, 'PUT', '/api/followup/settings', { ...QUIET, nearDays: 3 }, organiser)).status).toBe(200);
  const dueNoon = Date.parse(`${deadline}T12:00:00+08:00`);
  clockMs = dueNoon - 2 * DAY;
  expect(await server.app.followup.sweep()).toBe(dueOpen);
  const colours = async () => {
    const tasks = (await board(server!.url, m.secretary.token, meetingId)).tasks;
    return ['red', 'yellow', 'blue', null].map((w) => tasks.filter((t) => t.warning === w).length);
  };
  expect(await colours()).toEqual([0, returnedOpen, dueOpen - returnedOpen, 350 - dueOpen]);

  // 6. Two days after it: 红 fires for the same tasks, once; board, overview and 通报 figures are exactly the model's.
  clockMs = dueNoon + 2 * DAY;
  expect(await server.app.followup.sweep()).toBe(dueOpen);
  expect(await server.app.followup.sweep()).toBe(0);
  expect(await fired()).toEqual([['blue', dueOpen], ['red', dueOpen], ['yellow', returnedOpen]]);
  expect(await colours()).toEqual([dueOpen, 0, 0, 350 - dueOpen]);
  const expected: FollowupFigures = {
    total: 350, done, completionRate: done / 350, overdue: dueOpen, doneLate: 0, averageDaysLate: 2,
    pending: count((c) => c.status === 'pending'), inProgress: count((c) => c.status === 'in_progress'), extensionRequested: count((c) => c.status === 'extension_requested'),
    extended: count((c) => c.status === 'extended'), review: count((c) => c.status === 'review'),
  };
  expect((await board(server.url, m.secretary.token, meetingId)).figures).toEqual(expected);
  expect((await api<FollowupOverview>(server.url, 'GET', '/api/followup', undefined, organiser)).body.total).toEqual(expected);
  const xlsx = await fetchReportXlsx(server.url, organiser, `/api/meetings/${meetingId}/followup/report.xlsx`);
  expect(xlsx.row('按会议', 2).slice(2)).toEqual(figureCells(expected));
  expect(await fetchNoticeText(server.url, organiser, `/api/meetings/${meetingId}/followup/notice.docx`)).toContain(`交办任务${figuresSentence(expected)}。`);

  // Work goes on: a task not yet signed can be signed now.
  const unsigned = [...model].find(([, c]) => c.status === 'pending')![0];
  const owner = venues.find((v) => (tasksByVenue.get(v.venue.id) ?? []).includes(unsigned))!;
  expect((await taskAction(server.url, owner.token, unsigned, { type: 'sign' })).status).toBe(200);
}, 180_000);
