/**
 * Fault test: the server (a child process) is SIGKILLed mid-stream and restarted on the same
 * database. Venues reconnect by themselves (socket.io reconnection + sync by lastSeq) and end
 * with the complete list, no duplicates; every ack stored before the kill is still there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { feedWav } from '../server/protocol-client/host-audio-feeder.ts';
import { startAckingVenue } from '../server/protocol-client/acking-venue.ts';
import { fixturePath, testModelsDir } from './env.ts';
import { freePort, kill, spawnServer, type ChildServer } from './helpers/child-server.ts';
import { api, command, connectClient, connected, setupMeeting, unwrap, type ClientSocket } from './helpers/server.ts';
import type { BoardReply } from '../shared/protocol/board.ts';
import { until as pollUntil } from './helpers/until.ts';

/** Audio time where the host stops before the kill: in the pause after utterance 6, ms. */
const KILL_AT_MS = 38_300;

const sockets: ClientSocket[] = [];
let child: ChildServer | null = null;
let port = 0;
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (child) await kill(child.process, port);
});

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const waitFor = (check: () => boolean, what: string, timeoutMs = 30_000) => pollUntil(check, what, timeoutMs);

it('survives SIGKILL mid-stream: venues catch up, nothing duplicated, acks kept', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-fault-'));
  const env = {
    LUOSHI_DATA: path.join(dataDir, 'luoshi.db'),
    LUOSHI_MODEL: 'test/whisper-lookup-zh',
    LUOSHI_MODELS_DIR: testModelsDir(),
  };
  port = await freePort();
  child = await spawnServer(env, port);
  const f = await setupMeeting(child.url, 3);
  const venues = f.venues.map((v) => {
    const s = connectClient(child!.url, v.token, { reconnection: true });
    sockets.push(s);
    return startAckingVenue(s);
  });
  await Promise.all(venues.map((v) => v.mirror.until(() => v.mirror.lastSeq !== null)));

  let host = connectClient(child.url, f.host.token);
  sockets.push(host);
  await connected(host);
  unwrap(await command(host, 'meeting:start', {}));
  await feedWav(host, fixturePath('audio', 'speech-seven-points.wav'), { speed: 6, maxAudioMs: KILL_AT_MS, stop: false });
  // six utterances are final and stored; the stream is still open when the server dies
  await Promise.all(venues.map((v) => v.mirror.until(() => v.mirror.segments.size >= 6, 60_000, 'six segments')));
  await waitFor(() => venues.every((v) => v.confirmed.size >= 2), 'acks before kill');
  const ackedBeforeKill = venues.map((v) => new Set(v.confirmed));
  const reqsBeforeKill = venues[0]!.mirror.orderedRequirements().length;
  await kill(child.process, port);
  host.disconnect();

  child = await spawnServer(env, port);
  host = connectClient(child.url, f.host.token);
  sockets.push(host);
  await connected(host);
  await feedWav(host, fixturePath('audio', 'speech-seven-points.wav'), { speed: 6, startMs: KILL_AT_MS });
  unwrap(await command(host, 'meeting:end', {}));

  for (const v of venues) {
    await v.mirror.until(() => v.mirror.orderedRequirements().length === 7 && [...v.mirror.lists.values()].every((l) => l.closed), 60_000, 'complete list');
    const reqs = v.mirror.orderedRequirements();
    expect(reqs.map((r) => r.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(reqs.map((r) => r.id)).size).toBe(7);
    expect([...v.mirror.lists.values()]).toHaveLength(1);
    expect(v.mirror.stats.repeatedSeq).toBe(0);
    // reconnected by itself and caught up through sync
    expect(v.mirror.stats.syncs).toBeGreaterThanOrEqual(2);
    await waitFor(() => v.confirmed.size === 7, 'all acks');
    v.stop();
  }
  expect(reqsBeforeKill).toBeGreaterThanOrEqual(2);
  const board = await api<BoardReply>(child.url, 'GET', `/api/meetings/${f.created.meeting.id}/board`, undefined, f.host.token);
  f.venues.forEach((v, i) => {
    for (const reqId of ackedBeforeKill[i]!) {
      expect(board.body.rows.find((r) => r.requirementId === reqId)?.received[v.venue.id], `ack ${reqId}`).toBeTruthy();
    }
  });
  expect(board.body.rows).toHaveLength(7);
  expect(board.body.rows.every((r) => Object.keys(r.received).length === 3)).toBe(true);
}, 300_000);
