/**
 * The acceptance path: the seven-points speech (fixture WAV) streamed by the host over
 * socket.io → the real transcription pipeline with the lookup test model → extractor →
 * every venue gets one list of seven requirements (announced 7, no mismatch), in order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { feedWav } from '../server/protocol-client/host-audio-feeder.ts';
import { MeetingMirror } from '../server/protocol-client/meeting-mirror.ts';
import { fixturePath, testModelsDir } from './env.ts';
import { command, connectClient, connected, setupMeeting, startServer, unwrap, type ClientSocket, type TestServer } from './helpers/server.ts';

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startServer({ env: { LUOSHI_MODEL: 'test/whisper-lookup-zh', LUOSHI_MODELS_DIR: testModelsDir() } });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

async function client(token: string): Promise<ClientSocket> {
  const s = connectClient(server.url, token);
  sockets.push(s);
  await connected(s);
  return s;
}

it.each([
  ['speech-seven-points.wav', 4],
  ['speech-seven-points-48k.wav', 2],
])('%s yields the seven requirements at every venue, in order', async (file, venueCount) => {
  const f = await setupMeeting(server.url, venueCount);
  const host = connectClient(server.url, f.host.token);
  sockets.push(host);
  const modelStates: string[] = [];
  host.on('model:status', (s) => modelStates.push(s.state));
  await connected(host);
  const hostMirror = new MeetingMirror(host);
  const venues = await Promise.all(f.venues.map(async (v) => new MeetingMirror(await client(v.token))));
  await Promise.all(venues.map((m) => m.until(() => m.lastSeq !== null)));
  unwrap(await command(host, 'meeting:start', {}));
  const fed = await feedWav(host, fixturePath('audio', file), { speed: 8 });
  expect(fed.audioMs).toBeGreaterThan(60_000);
  unwrap(await command(host, 'meeting:end', {}));

  for (const m of [hostMirror, ...venues]) {
    await m.until(() => [...m.lists.values()].some((l) => l.closed) && m.orderedRequirements().length >= 7, 60_000, 'closed list of seven');
    const lists = [...m.lists.values()];
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ announcedCount: 7, foundCount: 7, countMismatch: false });
    const reqs = m.orderedRequirements();
    expect(reqs.map((r) => r.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    expect(reqs.map((r) => r.fields.headline)).toEqual([
      '要精心组织部署', '要走访听取意见', '要真抓实改问题', '要加强队伍管理', '要形成宣传声势', '要组织民警参与', '要严肃追究问责',
    ]);
    expect(m.stats.repeatedSeq).toBe(0);
  }
  // the host console saw the model's state (load progress on the first meeting, current state on connect later)
  expect(modelStates.at(-1)).toBe('ready');
  const segments = await server.app.store.segments.list(f.created.meeting.id);
  expect(segments.length).toBeGreaterThanOrEqual(10);
  expect(segments.map((s) => s.text).join('')).toContain('两为整治');
}, 120_000);
