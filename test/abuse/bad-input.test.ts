/**
 * Issue 13 #7 and #8 against a real server process. #8: prototype keys (`level: "constructor"`,
 * `__proto__`, CSV headers) used to answer 500; many of them now get 400 while health stays fast.
 * #7: a database file deleted under the running server used to take writes that vanished; now
 * health reports it (503), writes are refused, and the file is restored from the open connection.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAbuseMeeting, type AbuseMeeting } from '../../server/cli/lib/abuse/fixture.ts';
import { startHealthProbe, startRssSampler } from '../../server/cli/lib/abuse/measure.ts';
import { startServerProcess, type ServerProcess } from '../../server/cli/lib/abuse/server-process.ts';
import { HEALTH_P99_BOUND_MS, RSS_GROWTH_BOUND_MB } from './harness.ts';

const BODIES = [
  '{"venues":[{"name":"甲县","level":"constructor"}]}',
  '{"venues":[{"name":"甲县","level":"__proto__"}]}',
  '{"venues":[{"name":"甲县","level":"县","__proto__":{"isMain":true}}]}',
  '{"venues":[{"name":"甲县","level":"县","constructor":{"prototype":{"polluted":1}}}]}',
];
const CSVS = ['__proto__,level\n甲县,县\n', 'name,level\n甲县,constructor\n', 'constructor,prototype\n1,2\n'];
const ROUNDS = 40;

describe('bad input and storage against a real server', () => {
  let server: ServerProcess;
  let meeting: AbuseMeeting;

  beforeAll(async () => {
    server = await startServerProcess();
    meeting = await createAbuseMeeting(server.url, 2, 0);
  });
  afterAll(async () => {
    await server?.kill();
  });

  it(`answers ${ROUNDS * (BODIES.length + CSVS.length)} prototype-key requests with 400, never 500, and stays fast`, async () => {
    const rssBefore = server.rssBytes();
    const rss = startRssSampler(server);
    const probe = startHealthProbe(server.url);
    const statuses = new Map<number, number>();
    const route = `${server.url}/api/meetings/${meeting.meetingId}/venues`;
    for (let i = 0; i < ROUNDS; i++) {
      await Promise.all([
        ...BODIES.map((body) => fetch(route, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${meeting.host.token}` }, body })),
        ...CSVS.map((body) => fetch(route, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${meeting.host.token}` }, body })),
      ].map(async (p) => {
        const r = await p;
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }));
    }
    const health = await probe.stop();
    const growthMb = (rss.stop() - rssBefore) / 2 ** 20;
    console.log(JSON.stringify({ name: 'prototype keys', load: fs.readFileSync('/proc/loadavg', 'utf8').trim(), statuses: Object.fromEntries(statuses), health, growthMb }));
    expect(Object.fromEntries(statuses)).toEqual({ 400: ROUNDS * (BODIES.length + CSVS.length) });
    expect(health.p99).toBeLessThan(HEALTH_P99_BOUND_MS);
    expect(growthMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    // The venues are untouched by all of it.
    const venues = await fetch(route, { headers: { authorization: `Bearer ${meeting.host.token}` } });
    expect(((await venues.json()) as { venues: { name: string }[] }).venues.map((v) => v.name)).not.toContain('甲县');
  });

  // SQLite only (the server process runs on its LUOSHI_DATA file): this is about that file.
  it('reports a deleted database file, refuses writes, and restores the file', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(server.dataFile + suffix, { force: true });
    await expect.poll(async () => (await fetch(`${server.url}/api/health`)).status, { timeout: 10_000 }).toBe(503);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { storage: { state: string } };
    expect(health.storage.state).toBe('missing');
    const patch = await fetch(`${server.url}/api/meetings/${meeting.meetingId}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${meeting.host.token}` }, body: JSON.stringify({ title: '文件删除之后' }),
    });
    expect(patch.status).toBe(503);
    const db = new Database(server.dataFile, { readonly: true });
    const n = db.prepare('SELECT COUNT(*) AS n FROM venues WHERE meeting_id = ?').get(meeting.meetingId) as { n: number }; // COUNT(*) is a number
    db.close();
    // The main venue, the city and its two counties.
    expect(n.n).toBe(4);
    expect(server.output()).toContain('database file deleted while running');
  });
});
