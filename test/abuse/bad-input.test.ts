/**
 * Issue 13 #7 and #8 against a real server process. #8: prototype keys (`level: "constructor"`,
 * `__proto__`, CSV headers) used to answer 500; many of them now get 400 while health stays fast.
 * #7: a database file deleted under the running server used to take writes that vanished, and one
 * made unwritable at runtime had finals dropped while health said ok; now health reports either
 * (503), writes are refused, a deleted file is restored from the open connection, and a file that
 * becomes writable again is used again.
 *
 * "Unwritable at runtime" against a real process: the server keeps its database open, and a
 * chmod does not affect descriptors already open (nor root, which CI runs as), so the file and
 * its WAL are made immutable (`chattr +i`): writes through open descriptors then fail for root
 * too. Where chattr is unavailable or not permitted (no CAP_LINUX_IMMUTABLE, a filesystem without
 * the flag) that test is skipped and says so; test/storage.test.ts covers the same failure in
 * process (SQLite's `query_only`), including finals kept and stored after recovery.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { measureAttack } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, tempDataFile, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { PROTOTYPE_BODIES, PROTOTYPE_CSVS } from '../../server/cli/lib/abuse/state-attacks.ts';
import { expectBounded, idleHealth, logLines, report, type HealthBaseline } from './harness.ts';

const ROUNDS = 40;

/** Can this machine make a file immutable (root with CAP_LINUX_IMMUTABLE, on ext4/xfs/btrfs)? */
function immutableSupported(): boolean {
  const file = tempDataFile();
  fs.writeFileSync(file, 'x');
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
const IMMUTABLE = immutableSupported();
if (!IMMUTABLE) console.log('[bad-input] chattr +i unavailable here: the real-process read-only test is skipped (test/storage.test.ts covers it in process)');

describe('bad input and storage against a real server', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;
  let baseline: HealthBaseline;

  beforeAll(async () => {
    server = await startServerProcess();
    meeting = await createAbuseMeeting(server.url, 2, 0);
    baseline = await idleHealth(server);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it(`answers ${ROUNDS * (PROTOTYPE_BODIES.length + PROTOTYPE_CSVS.length)} prototype-key requests with 400, never 500, and stays bounded`, async () => {
    const run = await measureAttack(server, { kind: 'prototype-keys', url: server.url, hostToken: meeting.host.token, meetingId: meeting.meetingId, rounds: ROUNDS });
    report('prototype keys', run);
    expectBounded(run, baseline);
    expect(run.attack).toEqual({ status400: ROUNDS * (PROTOTYPE_BODIES.length + PROTOTYPE_CSVS.length) });
    // The venues are untouched by all of it.
    const venues = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/venues`, { headers: { authorization: `Bearer ${meeting.host.token}` } });
    expect(((await venues.json()) as { venues: { name: string }[] }).venues.map((v) => v.name)).not.toContain('甲县');
  });

  it.skipIf(!IMMUTABLE)('reports a database file made unwritable at runtime, refuses writes, and takes them again once it is writable', async () => {
    // Its own server: the file's state is what this test is about.
    const own = await startServerProcess();
    try {
      const m = await createAbuseMeeting(own.url, 2, 0);
      const ownBaseline = await idleHealth(own);
      const run = await measureAttack(own, { kind: 'storage-failure', url: own.url, dataFile: own.dataFile, mode: 'read-only', hostToken: m.host.token, meetingId: m.meetingId });
      report('database unwritable at runtime', run);
      expectBounded(run, ownBaseline);
      // Loud (503 within the probe interval), refused (503, not an ok that is lost), and back.
      expect(run.attack).toMatchObject({ healthBefore: 200, detected: 1, writeStatus: 503, recovered: 1, writeStatusAfter: 200 });
      expect(run.attack.detectedAfterMs).toBeLessThan(5000);
      expect(logLines(own.output(), 'database cannot be written').length).toBeGreaterThanOrEqual(1);
      const meetingNow = await fetch(`${own.url}/api/meetings/${m.meetingId}`, { headers: { authorization: `Bearer ${m.host.token}` } });
      expect(((await meetingNow.json()) as { meeting: { title: string } }).meeting.title).toBe('存储恢复之后');
    } finally {
      await own.kill();
    }
  }, 120_000);

  // SQLite only (the server process runs on its LUOSHI_DATA file): this is about that file. Last:
  // the server refuses writes from then on, until restarted.
  it('reports a deleted database file, refuses writes, and restores the file', async () => {
    const run = await measureAttack(server, { kind: 'storage-failure', url: server.url, dataFile: server.dataFile, mode: 'deleted', hostToken: meeting.host.token, meetingId: meeting.meetingId });
    report('database file deleted', run);
    expectBounded(run, baseline);
    expect(run.attack).toMatchObject({ healthBefore: 200, detected: 1, writeStatus: 503, fileRestored: 1 });
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { storage: { state: string } };
    expect(health.storage.state).toBe('missing');
    const db = new Database(server.dataFile, { readonly: true });
    const n = db.prepare('SELECT COUNT(*) AS n FROM venues WHERE meeting_id = ?').get(meeting.meetingId) as { n: number }; // COUNT(*) is a number
    db.close();
    // The main venue, the city and its two counties.
    expect(n.n).toBe(4);
    expect(server.output()).toContain('database file deleted while running');
  });
});
