/**
 * Issue 13 #7 — silent storage failures. With the database refusing writes at
 * runtime (SQLite's own read-only error: `PRAGMA query_only` makes every write fail exactly as a
 * read-only file does), finals used to be dropped for good while /api/health said ok. Now health
 * answers 503 with the state, writes are refused with `storage_unavailable`, and every final that
 * failed to save is kept in order and stored once the database takes writes again.
 *
 * SQLite only: these tests are about the database file (query_only, deleting it, a read-only
 * file); PostgreSQL's health probe is covered by server/db/postgres-health.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startServerProcess } from '../server/cli/lib/abuse/server-process.ts';
import { openDatabase } from '../server/db/database.ts';
import { createScriptedTranscription, type ScriptedTranscription } from '../server/transcription/scripted-transcription.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { api, command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';

let server: TestServer;
/** The test server's SQLite connection (DATABASE_URL '' keeps these servers on SQLite in every run). */
const sqliteOf = (s: TestServer) => {
  const db = s.app.store.database.sqlite;
  if (!db) throw new Error('storage.test.ts is about the SQLite file');
  return db;
};
let scripted: ScriptedTranscription;
const sockets: ClientSocket[] = [];

beforeEach(async () => {
  scripted = createScriptedTranscription();
  server = await startServer({ transcription: scripted, createExtractor: null, env: { DATABASE_URL: '' } });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  const db = server.app.store.database.sqlite;
  if (db?.open) db.pragma('query_only = OFF');
  await server.close();
});

async function client(token: string): Promise<ClientSocket> {
  const s = connectClient(server.url, token);
  sockets.push(s);
  await connected(s);
  return s;
}

interface Health {
  ok: boolean;
  storage: { ok: boolean; state: string; pendingFinals: number };
}

it('keeps finals heard while the database refuses writes, reports it, and stores them in order once it recovers', async () => {
  const f = await setupMeeting(server.url, 1);
  const meetingId = f.created.meeting.id;
  const host = await client(f.host.token);
  const venue = new MeetingMirror(await client(f.venues[0]?.token ?? ''));
  await venue.until(() => venue.lastSeq !== null);
  unwrap(await command(host, 'meeting:start', {}));
  unwrap(await command(host, 'audio:start', { sampleRate: 16000 }));
  scripted.say(meetingId, '各位同志，现在开会。');
  await venue.until(() => venue.segments.size === 1, 5000, 'first final');

  sqliteOf(server).pragma('query_only = ON');
  scripted.say(meetingId, '第一，要提高政治站位。');
  scripted.say(meetingId, '第二，要压实工作责任。');
  // Loud: health is 503 and says what is wrong, and how many finals wait (once both were tried:
  // the recogniser's finals and the storage probe run on their own time).
  let health = await api<Health>(server.url, 'GET', '/api/health');
  await expect.poll(async () => {
    health = await api<Health>(server.url, 'GET', '/api/health');
    return [health.status, health.body.storage.pendingFinals];
  }, { timeout: 15_000 }).toEqual([503, 2]);
  expect(health.body.ok).toBe(false);
  expect(health.body.storage.state).toBe('read_only');
  expect(health.body.storage.pendingFinals).toBe(2);
  // A write from a client gets a retryable error, never a silent ok.
  const edit = await command(host, 'speaker:set-current', { speakerId: null });
  expect(edit.ok).toBe(false);
  if (!edit.ok) expect(edit.error.code).toBe('storage_unavailable');
  expect(await server.app.store.segments.list(meetingId)).toHaveLength(1);

  sqliteOf(server).pragma('query_only = OFF');
  await venue.until(() => venue.segments.size === 3, 15_000, 'the held finals');
  const texts = (await server.app.store.segments.list(meetingId)).map((s) => s.text);
  expect(texts).toEqual(['各位同志，现在开会。', '第一，要提高政治站位。', '第二，要压实工作责任。']);
  await expect.poll(async () => (health = await api<Health>(server.url, 'GET', '/api/health')).status, { timeout: 5000 }).toBe(200);
  expect(health.body.storage).toMatchObject({ ok: true, state: 'ok', pendingFinals: 0 });
});

it('detects a database file deleted while running: health says so, writes are refused, the file is restored from the open connection', async () => {
  const f = await setupMeeting(server.url, 1);
  const host = await client(f.host.token);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(server.dataFile + suffix, { force: true });
  const health = await api<Health & { storage: { action?: string } }>(server.url, 'GET', '/api/health');
  expect(health.status).toBe(503);
  expect(health.body.storage.state).toBe('missing');
  expect(health.body.storage.action).toMatch(/restored/);
  // Before the fix these returned ok and landed in the unlinked file.
  const edit = await command(host, 'speaker:set-current', { speakerId: null });
  expect(edit.ok).toBe(false);
  if (!edit.ok) expect(edit.error.code).toBe('storage_unavailable');
  const rest = await api<{ error: { code: string } }>(server.url, 'PATCH', `/api/meetings/${f.created.meeting.id}`, { title: '删除之后' }, f.host.token);
  expect(rest.status).toBe(503);
  expect(rest.body.error.code).toBe('storage_unavailable');
  // What was stored is back at its path.
  const restored = new Database(server.dataFile, { readonly: true });
  const row = restored.prepare('SELECT title FROM meetings WHERE id = ?').get(f.created.meeting.id) as { title: string } | undefined; // one column, checked below
  restored.close();
  expect(row?.title).toBe(f.created.meeting.title);
});

it('refuses to start on a database file it cannot write, naming the file and the cause', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-ro-'));
  const file = path.join(dir, 'luoshi.db');
  await (await openDatabase(file)).close();
  fs.chmodSync(dir, 0o555);
  fs.chmodSync(file, 0o444);
  try {
    // root writes read-only files anyway: run the server without that capability then.
    const started = await startServerProcess({ dataFile: file, withoutFileOverride: process.getuid?.() === 0 }).then(
      async (s) => {
        await s.kill();
        return 'started';
      },
      (err: unknown) => String(err),
    );
    expect(started).toMatch(/server exited with 1 before listening/);
    expect(started).toContain(`database ${file} cannot be written (SQLITE_`);
  } finally {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
