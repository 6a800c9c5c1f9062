/**
 * The LiveKit plugin inside the real Luoshi server (app.ts, SQLite, REST): config and token
 * routes with real join sessions, webhooks signed like LiveKit's feeding the host board's
 * presence, and meeting start/end driving CreateRoom/DeleteRoom at a loopback Twirp recorder.
 * The hidden agent's connection attempt fails fast against the recorder (no SFU here) and is
 * retried in the background; the real-server suite (livekit-e2e.test.ts) covers the agent.
 */
import Fastify from 'fastify';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import luoshiApp from '../server/app.ts';
import liveKitPlugin from '../server/livekit/plugin.ts';
import { signWebhook, webhookBody } from '../server/livekit/testing/sign-webhook.ts';
import { startTwirpRecorder, type TwirpRecorder } from '../server/livekit/testing/twirp-recorder.ts';
import type { TranscriptionService } from '../server/transcription/types.ts';
import type { Meeting, VenuePresence } from '../shared/protocol/index.ts';
import { api, setupMeeting, startServer, tempDataFile, testConfig, type TestServer } from './helpers/server.ts';
import { until as pollUntil } from './helpers/until.ts';

const KEY = 'devkey';
const SECRET = 'luoshi-test-livekit-secret-0123456789';

/**
 * A recogniser that hears nothing: these tests are about the LiveKit wiring, and a live meeting
 * needs some TranscriptionService; the real one is covered by the transcription suites.
 */
function silentRecogniser(): TranscriptionService {
  const status = { state: 'ready' as const, modelId: 'none', progress: 1 };
  return {
    ready: async () => undefined,
    status: () => status,
    onStatus: () => () => undefined,
    openStream: () => ({ push: () => true, end: async () => undefined, drain: async () => undefined, settledMs: () => 0 }),
    close: async () => undefined,
  };
}

let server: TestServer | null = null;
let recorder: TwirpRecorder | null = null;

afterEach(async () => {
  await server?.close();
  await recorder?.close();
  server = recorder = null;
});

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const waitFor = (check: () => boolean, what: string, timeoutMs = 5000) => pollUntil(check, what, timeoutMs);

describe('LiveKit plugin in the Luoshi server, LiveKit not configured', () => {
  it('reports video off and answers the token route with the Chinese message', async () => {
    server = await startServer({ transcription: silentRecogniser(), createExtractor: null });
    const { host } = await setupMeeting(server.url, 1);
    expect((await api(server.url, 'GET', '/api/livekit/config')).body).toEqual({ enabled: false });
    const token = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/livekit/token', {}, host.token);
    expect(token.status).toBe(404);
    expect(token.body.error).toEqual({ code: 'livekit_disabled', message: '未配置视频会议，仅同步文字与要求' });
    const webhook = await api(server.url, 'POST', '/api/livekit/webhook', '{}', undefined, 'application/webhook+json');
    expect(webhook.status).toBe(404);
  });

  it('is registered once even when main.ts registers it again after the app', async () => {
    const app = Fastify({ logger: false });
    await app.register(luoshiApp, { config: testConfig(tempDataFile()), transcription: silentRecogniser(), createExtractor: null });
    await app.register(liveKitPlugin);
    await app.ready();
    expect(app.livekit.config).toEqual({ enabled: false });
    await app.close();
  });
});

describe('LiveKit plugin in the Luoshi server, LiveKit configured', () => {
  async function start() {
    recorder = await startTwirpRecorder();
    server = await startServer({
      transcription: silentRecogniser(),
      createExtractor: null,
      env: { LIVEKIT_URL: recorder.url.replace('http', 'ws'), LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
    });
    return { server, recorder };
  }

  it('issues a venue token for its own meeting room only', async () => {
    const { server } = await start();
    const fixture = await setupMeeting(server.url, 2);
    const venue = fixture.venues[0]!;
    const res = await api<{ token: string; room: string; identity: string; url: string }>(server.url, 'POST', '/api/livekit/token', {}, venue.token);
    expect(res.status).toBe(200);
    expect(res.body.room).toBe(`luoshi-${fixture.created.meeting.id}`);
    expect(res.body.identity).toBe(venue.venue.id);
    const claims = await new TokenVerifier(KEY, SECRET).verify(res.body.token);
    expect(claims.video).toMatchObject({ room: `luoshi-${fixture.created.meeting.id}`, canPublishData: false, canSubscribe: true });
    expect(claims.name).toBe(venue.venue.name);
  });

  it('start opens the room; a signed participant_joined shows on the host board; room_finished ends the meeting', async () => {
    const { server, recorder } = await start();
    const fixture = await setupMeeting(server.url, 2);
    const meetingId = fixture.created.meeting.id;
    const room = `luoshi-${meetingId}`;
    expect((await api(server.url, 'POST', `/api/meetings/${meetingId}/start`, {}, fixture.host.token)).status).toBe(200);
    await waitFor(() => recorder.calls.some((c) => c.method === 'CreateRoom' && c.body.name === room), 'CreateRoom');

    const county = fixture.venues[1]!.venue;
    const joined = webhookBody({
      id: 'EV_join',
      event: 'participant_joined',
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
      room: { name: room },
      participant: { identity: county.id, joinedAt: BigInt(Math.floor(Date.now() / 1000)) },
    });
    const unsigned = await api(server.url, 'POST', '/api/livekit/webhook', joined, undefined, 'application/webhook+json');
    expect(unsigned.status).toBe(401);
    const board0 = await api<{ presence: VenuePresence[] }>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, fixture.host.token);
    expect(board0.body.presence.find((p) => p.venueId === county.id)?.online).toBe(false);

    const signed = await fetch(`${server.url}/api/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await signWebhook(joined, KEY, SECRET) },
      body: joined,
    });
    expect(signed.status).toBe(200);
    const board = await api<{ presence: VenuePresence[] }>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, fixture.host.token);
    const presence = board.body.presence.find((p) => p.venueId === county.id);
    expect(presence).toMatchObject({ online: true, leftAt: null });
    expect(presence?.joinedAt).not.toBeNull();

    const finished = webhookBody({ id: 'EV_end', event: 'room_finished', room: { name: room } });
    const res = await fetch(`${server.url}/api/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await signWebhook(finished, KEY, SECRET) },
      body: finished,
    });
    expect(res.status).toBe(200);
    const after = await api<{ meeting: Meeting }>(server.url, 'GET', `/api/meetings/${meetingId}`, undefined, fixture.host.token);
    expect(after.body.meeting.status).toBe('ended');
    const board2 = await api<{ presence: VenuePresence[] }>(server.url, 'GET', `/api/meetings/${meetingId}/board`, undefined, fixture.host.token);
    expect(board2.body.presence.find((p) => p.venueId === county.id)?.online).toBe(false);
  });

  it('ending the meeting deletes its room', async () => {
    const { server, recorder } = await start();
    const fixture = await setupMeeting(server.url, 1);
    const meetingId = fixture.created.meeting.id;
    await api(server.url, 'POST', `/api/meetings/${meetingId}/start`, {}, fixture.host.token);
    await waitFor(() => recorder.calls.some((c) => c.method === 'CreateRoom'), 'CreateRoom');
    expect((await api(server.url, 'POST', `/api/meetings/${meetingId}/end`, {}, fixture.host.token)).status).toBe(200);
    await waitFor(() => recorder.calls.some((c) => c.method === 'DeleteRoom'), 'DeleteRoom');
    expect(recorder.calls.find((c) => c.method === 'DeleteRoom')?.body).toEqual({ room: `luoshi-${meetingId}` });
  });
});
