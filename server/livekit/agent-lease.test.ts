/**
 * One transcription agent per meeting across nodes: two nodes (two lifecycles, two lease keepers
 * over one SQLite file) see the meeting go live and only the lease holder starts the agent; when
 * the holder stops renewing, the other node's sweep takes the meeting over and starts it there;
 * the old holder, at its next renewal, stands its agent down; a meeting ended elsewhere is ended
 * by the sweep. LiveKit's room API is the loopback Twirp recorder; agents are recorders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { createStore, type Store } from '../db/store.ts';
import { createAsrLeaseKeeper, type AsrLeaseKeeper } from '../meeting/asr-lease.ts';
import type { LiveKitEnabled } from './config.ts';
import { agentLease, holdLeasesForAgents, sweepAgents } from './agent-lease.ts';
import { LiveKitLifecycle, type AgentHandle } from './lifecycle.ts';
import { LiveKitRooms } from './room-service.ts';
import { meeting, TEST_API_KEY, TEST_API_SECRET } from './testing/records.ts';
import { startTwirpRecorder, type TwirpRecorder } from './testing/twirp-recorder.ts';

const quiet = () => undefined;
const silentLog = { info: quiet, warn: quiet };
const keeperLog = { ...silentLog, error: quiet, debug: quiet, trace: quiet, fatal: quiet, child: () => keeperLog, level: 'silent', silent: quiet } as unknown as FastifyBaseLogger;
const TTL = 1000;

let recorder: TwirpRecorder;
let rooms: LiveKitRooms;
const databases: Database[] = [];
/** Agent starts and stops, per node, in order. */
let timeline: string[];

beforeEach(async () => {
  recorder = await startTwirpRecorder();
  timeline = [];
  for (const method of ['CreateRoom', 'DeleteRoom']) recorder.respond(method, () => ({ status: 200, body: {} }));
  const config: LiveKitEnabled = { enabled: true, url: recorder.url, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
  rooms = new LiveKitRooms(config);
});

afterEach(async () => {
  await recorder.close();
  await Promise.all(databases.splice(0).map((d) => d.close()));
});

interface Node {
  keeper: AsrLeaseKeeper;
  lifecycle: LiveKitLifecycle;
  sweep(): Promise<void>;
}

function node(name: string, store: Store, clock: { now: number }): Node {
  // Renewals run only when the test ticks the keeper: not ticking it is a node that stopped.
  const keeper = createAsrLeaseKeeper({ repo: store.asrLeases, nodeId: name, log: keeperLog, ttlMs: TTL, renewMs: 100, clock: () => clock.now, timer: () => () => {} });
  const start = async (meetingId: string): Promise<AgentHandle> => {
    timeline.push(`${name} start ${meetingId}`);
    return { switchSpeaker: quiet, stop: async () => void timeline.push(`${name} stop ${meetingId}`) };
  };
  const lifecycle = new LiveKitLifecycle(rooms, start, async () => 'v-main', silentLog, [10], agentLease(keeper));
  holdLeasesForAgents(keeper, lifecycle, silentLog);
  return { keeper, lifecycle, sweep: () => sweepAgents({ keeper, lifecycle, listLive: () => store.meetings.listLive(), log: silentLog }) };
}

it('only the lease holder runs the agent; a node whose lease ran out is taken over and stands down', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-agent-lease-')), 'luoshi.db');
  const [da, db] = [await openDatabase(file), await openDatabase(file)];
  databases.push(da, db);
  const [sa, sb] = [createStore(da), createStore(db)];
  const m1 = meeting('m1', 'live');
  await sa.meetings.insert(m1);
  const clock = { now: 0 };
  const a = node('node-a', sa, clock);
  const b = node('node-b', sb, clock);

  // Both nodes learn that the meeting is live (e.g. both restarted): one agent.
  await Promise.all([a.lifecycle.onMeetingStatus(m1), b.lifecycle.onMeetingStatus(m1)]);
  expect(timeline).toHaveLength(1);
  const [holder, other] = timeline[0]!.startsWith('node-a') ? [a, b] : [b, a];
  expect(holder.lifecycle.runs('m1')).toBe(true);
  expect(other.lifecycle.runs('m1')).toBe(false);
  // While the holder renews, sweeps change nothing.
  clock.now = 800;
  await holder.keeper.tick();
  await other.sweep();
  expect(timeline).toHaveLength(1);

  // The holder stops renewing (it died): once its lease ran out, the other node's sweep takes over.
  clock.now = 800 + TTL + 1;
  await other.sweep();
  await other.lifecycle.takeOver(m1);
  expect(timeline[1]).toBe(`${other.keeper.nodeId} start m1`);
  expect(other.keeper.epoch('m1')).toBe(2);

  // The old holder comes back: its renewal finds the lease gone, and its agent stops.
  await holder.keeper.tick();
  await holder.lifecycle.standDown('m1');
  expect(timeline[2]).toBe(`${holder.keeper.nodeId} stop m1`);
  expect(holder.lifecycle.runs('m1')).toBe(false);
  // The new holder keeps the lease while its agent runs.
  clock.now += 500;
  await other.keeper.tick();
  expect(other.keeper.epoch('m1')).toBe(2);

  // The meeting ends on another node: each node's sweep ends it here too.
  await sa.meetings.save({ ...m1, status: 'ended' });
  await holder.sweep();
  await other.sweep();
  await holder.lifecycle.close();
  await other.lifecycle.close();
  expect(timeline.slice(3)).toEqual([`${other.keeper.nodeId} stop m1`]);
  expect(holder.lifecycle.meetingIds()).toEqual([]);
  await Promise.all([a.keeper.close(), b.keeper.close()]);
});
