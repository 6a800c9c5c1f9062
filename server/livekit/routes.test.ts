/**
 * /api/livekit config, token and host commands through a real Fastify instance (app.inject),
 * authenticated with real signed Luoshi session tokens; host commands reach a loopback
 * endpoint that records the RoomService calls.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveKitConfig, LiveKitEnabled } from './config.ts';
import { LiveKitLifecycle, type AgentHandle } from './lifecycle.ts';
import { LiveKitRooms } from './room-service.ts';
import { liveKitRoutes } from './routes.ts';
import { MemoryHost } from './testing/memory-host.ts';
import { meeting, TEST_API_KEY, TEST_API_SECRET, venue } from './testing/records.ts';
import { startTwirpRecorder, type TwirpRecorder } from './testing/twirp-recorder.ts';

const silentLog = { info: () => undefined, warn: () => undefined };
let app: FastifyInstance | null = null;
let recorder: TwirpRecorder | null = null;
let lifecycle: LiveKitLifecycle | null = null;

afterEach(async () => {
  await app?.close();
  await lifecycle?.close();
  await recorder?.close();
  app = recorder = lifecycle = null;
});

function twoMeetings(): MemoryHost {
  return new MemoryHost()
    .add(meeting('m1', 'live'), venue('v-main', 'm1', '省厅主会场', true), venue('v-county', 'm1', '青山县'))
    .add(meeting('m2', 'live'), venue('v-main2', 'm2', '市局主会场', true), venue('v-other', 'm2', '白水县'));
}

async function start(config: LiveKitConfig, host: MemoryHost, switches: string[] = []) {
  app = Fastify();
  let rooms: LiveKitRooms | null = null;
  if (config.enabled) {
    rooms = new LiveKitRooms(config);
    const agent: AgentHandle = { switchSpeaker: (id) => void switches.push(id), stop: async () => undefined };
    lifecycle = new LiveKitLifecycle(rooms, async () => agent, async (id) => (id === 'm1' ? 'v-main' : 'v-main2'), silentLog);
  }
  await app.register(liveKitRoutes, { config, host, rooms, lifecycle });
  await app.ready();
  return app;
}

async function enabled(): Promise<LiveKitEnabled> {
  recorder = await startTwirpRecorder();
  return { enabled: true, url: recorder.url, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
}

describe('LiveKit disabled', () => {
  it('says so on config, and the token route answers with a clear Chinese error', async () => {
    const host = twoMeetings();
    const server = await start({ enabled: false }, host);
    const config = await server.inject({ method: 'GET', url: '/api/livekit/config' });
    expect(config.json()).toEqual({ enabled: false });
    const token = await server.inject({
      method: 'POST',
      url: '/api/livekit/token',
      headers: { authorization: `Bearer ${host.session('venue', 'm1', 'v-county')}` },
    });
    expect(token.statusCode).toBe(404);
    expect(token.json()).toEqual({ error: { code: 'livekit_disabled', message: '未配置视频会议，仅同步文字与要求' } });
  });
});

describe('POST /api/livekit/token', () => {
  it('returns the URL and a token for the session’s own meeting room and venue', async () => {
    const config = await enabled();
    const host = twoMeetings();
    const server = await start(config, host);
    expect((await server.inject({ method: 'GET', url: '/api/livekit/config' })).json()).toEqual({ enabled: true, url: config.url });
    const res = await server.inject({
      method: 'POST',
      url: '/api/livekit/token',
      headers: { authorization: `Bearer ${host.session('venue', 'm1', 'v-county')}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ url: config.url, room: 'luoshi-m1', identity: 'v-county' });
    const claims = await new TokenVerifier(TEST_API_KEY, TEST_API_SECRET).verify(body.token);
    expect(claims.video?.room).toBe('luoshi-m1');
    expect(claims.name).toBe('青山县');
    expect(claims.video?.canPublishData).toBe(false);
  });

  // Issue 13 #12: tokens carry no roomConfig, so the room must exist (with its metadata) before one is issued.
  it('creates the meeting room through RoomService before it issues the first token, once', async () => {
    const config = await enabled();
    const host = twoMeetings();
    const server = await start(config, host);
    for (const v of ['v-county', 'v-main']) {
      const res = await server.inject({
        method: 'POST',
        url: '/api/livekit/token',
        headers: { authorization: `Bearer ${host.session(v === 'v-main' ? 'host' : 'venue', 'm1', v)}` },
      });
      expect(res.statusCode).toBe(200);
    }
    const creates = recorder!.calls.filter((c) => c.method === 'CreateRoom');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({ name: 'luoshi-m1' });
    expect(JSON.stringify(creates[0]?.body)).toContain('meetingId');
  });

  it('refuses missing, forged and expired session tokens', async () => {
    const host = twoMeetings();
    const server = await start(await enabled(), host);
    const ask = (authorization?: string) =>
      server.inject({ method: 'POST', url: '/api/livekit/token', headers: authorization ? { authorization } : {} });
    expect((await ask()).statusCode).toBe(401);
    expect((await ask('Bearer forged.token')).statusCode).toBe(401);
    expect((await ask(`Bearer ${host.session('venue', 'm1', 'v-county', -10)}`)).statusCode).toBe(401);
    expect((await ask(host.session('venue', 'm1', 'v-county'))).statusCode).toBe(401); // no "Bearer"
    expect((await ask()).json().error.message).toBe('身份验证失败，请重新加入会议');
  });

  it('never issues a token across meetings: a session naming another meeting’s venue gets 404', async () => {
    const host = twoMeetings();
    const server = await start(await enabled(), host);
    const res = await server.inject({
      method: 'POST',
      url: '/api/livekit/token',
      headers: { authorization: `Bearer ${host.session('venue', 'm1', 'v-other')}` },
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses tokens for an ended meeting', async () => {
    const host = twoMeetings();
    host.setStatus(meeting('m1', 'ended'));
    const server = await start(await enabled(), host);
    const res = await server.inject({
      method: 'POST',
      url: '/api/livekit/token',
      headers: { authorization: `Bearer ${host.session('host', 'm1', 'v-main')}` },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('meeting_not_live');
  });
});

describe('host commands', () => {
  it('mute reaches LiveKit for a venue of the host’s meeting', async () => {
    const host = twoMeetings();
    const server = await start(await enabled(), host);
    recorder!.respond('GetParticipant', () => ({
      status: 200,
      body: { identity: 'v-county', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' }] },
    }));
    const res = await server.inject({
      method: 'POST',
      url: '/api/livekit/mute',
      headers: { authorization: `Bearer ${host.session('host', 'm1', 'v-main')}` },
      payload: { venueId: 'v-county', muted: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tracks: 1 });
    expect(recorder!.calls.at(-1)).toMatchObject({
      path: '/twirp/livekit.RoomService/MutePublishedTrack',
      body: { room: 'luoshi-m1', identity: 'v-county', trackSid: 'TR_mic', muted: true },
    });
  });

  it('are host-only, validated, and confined to the host’s own meeting', async () => {
    const host = twoMeetings();
    const server = await start(await enabled(), host);
    const command = (token: string, url: string, payload: unknown) =>
      server.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
    const venueToken = host.session('venue', 'm1', 'v-county');
    const secretaryToken = host.session('secretary', 'm1', 'v-main');
    const hostToken = host.session('host', 'm1', 'v-main');
    expect((await command(venueToken, '/api/livekit/spotlight', { venueId: 'v-county' })).statusCode).toBe(403);
    expect((await command(secretaryToken, '/api/livekit/roll-call', { venueId: 'v-county' })).statusCode).toBe(403);
    const bad = await command(hostToken, '/api/livekit/mute', { venueId: 'v-county', muted: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatch(/^muted/);
    expect((await command(hostToken, '/api/livekit/spotlight', { venueId: 'v-other' })).statusCode).toBe(404);
    expect(recorder!.calls).toEqual([]);
  });

  it('switch speaker moves the agent and records it in the room metadata', async () => {
    const host = twoMeetings();
    const switches: string[] = [];
    const server = await start(await enabled(), host, switches);
    await lifecycle!.onMeetingStatus(meeting('m1', 'live'));
    const res = await server.inject({
      method: 'POST',
      url: '/api/livekit/speaker',
      headers: { authorization: `Bearer ${host.session('host', 'm1', 'v-main')}` },
      payload: { venueId: 'v-county' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ switched: true, metadata: { speakerVenueId: 'v-county' } });
    expect(switches).toEqual(['v-county']);
    const back = await server.inject({
      method: 'POST',
      url: '/api/livekit/speaker',
      headers: { authorization: `Bearer ${host.session('host', 'm1', 'v-main')}` },
      payload: { venueId: null },
    });
    expect(back.json()).toMatchObject({ switched: true, metadata: { speakerVenueId: null } });
    expect(switches).toEqual(['v-county', 'v-main']);
  });

  it('answer meeting_not_live outside a live meeting and livekit_unavailable when LiveKit fails', async () => {
    const host = twoMeetings();
    host.setStatus(meeting('m2', 'draft'));
    const server = await start(await enabled(), host);
    const draft = await server.inject({
      method: 'POST',
      url: '/api/livekit/spotlight',
      headers: { authorization: `Bearer ${host.session('host', 'm2', 'v-main2')}` },
      payload: { venueId: null },
    });
    expect(draft.statusCode).toBe(409);
    recorder!.respond('ListRooms', () => ({ status: 503, body: { code: 'unavailable', msg: 'down' } }));
    const down = await server.inject({
      method: 'POST',
      url: '/api/livekit/spotlight',
      headers: { authorization: `Bearer ${host.session('host', 'm1', 'v-main')}` },
      payload: { venueId: 'v-county' },
    });
    expect(down.statusCode).toBe(502);
    expect(down.json().error).toEqual({ code: 'livekit_unavailable', message: '视频会议服务暂时不可用，请稍后再试' });
  });
});
