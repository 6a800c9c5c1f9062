/**
 * Issue 12: kill -9 in the middle of follow-up work changes nothing stored. The tasks of an ended
 * meeting (50 venues × 7 requirements) are worked on by every venue at once — 签收, a report with
 * a PDF, 办结 with evidence — against the server as a child process, which is SIGKILLed while
 * requests are in flight. On disk afterwards: every answered command is there; the rest are there
 * whole or not at all (task, timeline entry, event and files agree); each task equals its timeline
 * replayed through the state machine; the event log is gapless. After the restart a venue's
 * snapshot and an old venue's replay both land on the stored tasks, and work goes on.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { decide, type TaskCommand, type TaskCore } from '../shared/followup/task-machine.ts';
import type { Task } from '../shared/followup/types.ts';
import type { MeetingCreated, JoinReply } from '../shared/protocol/rest.ts';
import { createScriptedTranscription } from '../server/transcription/testing/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { freePort, kill, spawnServer, type ChildServer } from './helpers/child-server.ts';
import { mustAct, SAMPLE_PDF, taskAction, upload } from './helpers/followup.ts';
import { SAMPLE_MEETING, TEST_SECRET, api, command, connectClient, connected, join, organiserToken, startServer, tempDataFile, unwrap, type ClientSocket } from './helpers/server.ts';
import { sevenPointsUtterances } from './helpers/speech.ts';

const VENUES = 50;
/** Answered commands before the kill. */
const KILL_AFTER = 120;

let child: ChildServer | null = null;
let port = 0;
const sockets: ClientSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (child) await kill(child.process, port);
});

type Step = 'sign' | 'report' | 'submit';

it('SIGKILL during follow-up work loses nothing answered and leaves nothing half-done', async () => {
  // 1. An ended meeting with its tasks, built in process.
  const dataFile = tempDataFile();
  const scripted = createScriptedTranscription();
  const setup = await startServer({ transcription: scripted, dataFile, followupSweepMs: null });
  const organiser = await organiserToken(setup.url);
  const created = (await api<MeetingCreated>(setup.url, 'POST', '/api/meetings', SAMPLE_MEETING, organiser)).body;
  const meetingId = created.meeting.id;
  const host = await join(setup.url, created.hostCode);
  await api(setup.url, 'POST', `/api/meetings/${meetingId}/venues`, { venues: Array.from({ length: VENUES }, (_, i) => ({ name: `第${i + 1}县公安局`, level: '县' })) }, host.token);
  const codes = (await api<{ entries: { role: string; code: string }[] }>(setup.url, 'GET', `/api/meetings/${meetingId}/join-codes`, undefined, host.token)).body.entries;
  const venues: JoinReply[] = await Promise.all(codes.filter((e) => e.role === 'venue').map((e) => join(setup.url, e.code)));
  const hs = connectClient(setup.url, host.token);
  await connected(hs);
  unwrap(await command(hs, 'meeting:start', {}));
  unwrap(await command(hs, 'audio:start', { sampleRate: 16000 }));
  for (const u of sevenPointsUtterances()) scripted.say(meetingId, u);
  unwrap(await command(hs, 'meeting:end', {}));
  hs.disconnect();
  const tasksByVenue = new Map(await Promise.all(venues.map(async (v) => [v.venue.id, (await setup.app.store.tasks.listByVenue(v.venue.id)).map((t) => t.id)] as const)));
  expect([...tasksByVenue.values()].every((ids) => ids.length === 7)).toBe(true);
  // A venue that saw everything up to now (for a replay after the restart).
  const early = new MeetingMirror(connectClient(setup.url, venues[0]!.token));
  await early.until(() => early.tasks.size === 7);
  const earlySeq = early.lastSeq!;
  early.socket.disconnect();
  await setup.close();

  // 2. The same database served by a child process; every venue works through its tasks at once.
  port = await freePort();
  const env = { LUOSHI_DATA: dataFile, LUOSHI_SECRET: TEST_SECRET, LUOSHI_PRELOAD_MODEL: 'false' };
  child = await spawnServer(env, port);
  const url = child.url;
  const answered: { taskId: string; step: Step }[] = [];
  let inFlight = 0;
  let killed = false;
  const work = async (v: JoinReply) => {
    for (const taskId of tasksByVenue.get(v.venue.id) ?? []) {
      for (const step of ['sign', 'report', 'submit'] as Step[]) {
        if (killed) return;
        inFlight++;
        try {
          if (step === 'sign') await mustAct(url, v.token, taskId, { type: 'sign' });
          else {
            const up = await upload(url, v.token, taskId, SAMPLE_PDF, `${step}.pdf`);
            if (up.status !== 201) throw new Error(`upload ${up.status}`);
            await mustAct(url, v.token, taskId, step === 'report'
              ? { type: 'report', text: '阶段进展', attachmentIds: [up.body.attachment.id] }
              : { type: 'submit', text: '已办结', attachmentIds: [up.body.attachment.id] });
          }
          answered.push({ taskId, step });
        } catch {
          return; // the server died under this request: its outcome is unknown
        } finally {
          inFlight--;
        }
      }
    }
  };
  const workers = venues.map(work);
  while (answered.length < KILL_AFTER) await new Promise((r) => setTimeout(r, 5));
  const inFlightAtKill = inFlight;
  killed = true;
  await kill(child.process, port);
  child = null;
  await Promise.all(workers);
  expect(inFlightAtKill).toBeGreaterThan(0);

  // 3. What is on disk.
  const db = new Database(dataFile, { readonly: true });
  const entries = db.prepare<[], { id: number; task_id: string; action: string; at: string; to_status: string }>('SELECT id, task_id, action, at, to_status FROM task_entries ORDER BY id').all();
  const count = (taskId: string, action: string) => entries.filter((e) => e.task_id === taskId && e.action === action).length;
  const stepAction = { sign: 'signed', report: 'reported', submit: 'submitted' } as const;
  for (const a of answered) expect(count(a.taskId, stepAction[a.step])).toBe(1);
  const venueEntries = entries.filter((e) => e.action !== 'created');
  // Whatever was not answered is there whole or not at all: at most one per request in flight.
  expect(venueEntries.length - answered.length).toBeGreaterThanOrEqual(0);
  expect(venueEntries.length - answered.length).toBeLessThanOrEqual(inFlightAtKill);

  // Each task equals its timeline replayed through the pure state machine.
  const rows = db.prepare<[], { id: string; status: string; signed_at: string | null; last_report_at: string | null; submitted_at: string | null; last_venue_action_at: string | null }>('SELECT id, status, signed_at, last_report_at, submitted_at, last_venue_action_at FROM tasks').all();
  const commandOf: Record<string, TaskCommand> = { signed: { type: 'sign' }, reported: { type: 'report', text: '' }, submitted: { type: 'submit', text: '' } };
  for (const t of rows) {
    let core: TaskCore = { status: 'pending', deadline: null, deadlineSource: null, returned: false, returnedAt: null, extensions: 0, extensionRequest: null, signedAt: null, lastReportAt: null, submittedAt: null, closedAt: null, lastRemindedAt: null, reminders: 0, lastVenueActionAt: null };
    for (const e of entries.filter((x) => x.task_id === t.id && x.action !== 'created')) {
      const d = decide(core, commandOf[e.action]!, 'venue', { now: e.at, remindIntervalMs: 0 });
      expect(d.ok).toBe(true);
      if (d.ok) core = d.next;
      expect(core.status).toBe(e.to_status);
    }
    expect([t.status, t.signed_at, t.last_report_at, t.submitted_at, t.last_venue_action_at]).toEqual([core.status, core.signedAt, core.lastReportAt, core.submittedAt, core.lastVenueActionAt]);
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
  const storedTasks = new Map(rows.map((r) => [r.id, r]));
  db.close();

  // 4. Restart: a new venue session gets the stored tasks in its snapshot; an old one replays to the same.
  port = await freePort();
  child = await spawnServer(env, port);
  const fresh = new MeetingMirror(connectClient(child.url, venues[0]!.token));
  sockets.push(fresh.socket);
  await fresh.until(() => fresh.tasks.size === 7, 15_000, 'snapshot after restart');
  for (const t of fresh.tasks.values()) expect(t.status).toBe(storedTasks.get(t.id)!.status);
  const old = connectClient(child.url, venues[0]!.token);
  sockets.push(old);
  await connected(old);
  const replay = unwrap(await command(old, 'sync', { lastSeq: earlySeq }));
  expect(replay.kind).toBe('events');
  const replayed = new Map<string, Task>();
  if (replay.kind === 'events') for (const e of replay.events) if (e.type === 'task:changed') replayed.set(e.payload.task.id, e.payload.task);
  for (const [id, t] of replayed) expect(t.status).toBe(storedTasks.get(id)!.status);
  expect(replay.kind === 'events' && replay.events.every((e) => e.type !== 'task:changed' || e.payload.task.venueId === venues[0]!.venue.id)).toBe(true);

  // Work goes on: a task not yet signed can be signed now.
  const unsigned = [...storedTasks.values()].find((t) => t.status === 'pending')!;
  const owner = venues.find((v) => (tasksByVenue.get(v.venue.id) ?? []).includes(unsigned.id))!;
  expect((await taskAction(child.url, owner.token, unsigned.id, { type: 'sign' })).status).toBe(200);
}, 180_000);
