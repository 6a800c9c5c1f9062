/**
 * Webhooks through the real Fastify route (app.inject) and the SDK's real WebhookReceiver,
 * with bodies signed the way LiveKit signs them. Unsigned, tampered or foreign-signed bodies → 401.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveKitEnabled } from './config.ts';
import { LiveKitLifecycle } from './lifecycle.ts';
import { LiveKitRooms } from './room-service.ts';
import { liveKitRoutes } from './routes.ts';
import { MemoryHost } from './testing/memory-host.ts';
import { meeting, TEST_API_KEY, TEST_API_SECRET, venue } from './testing/records.ts';
import { signWebhook, webhookBody } from './testing/sign-webhook.ts';
import { startTwirpRecorder, type TwirpRecorder } from './testing/twirp-recorder.ts';
import { AGENT_IDENTITY } from './tokens.ts';

const JOINED_AT_S = 1_790_000_000n;
/** ISO time of JOINED_AT_S + offset seconds. */
const iso = (offsetS: number) => new Date((Number(JOINED_AT_S) + offsetS) * 1000).toISOString();
let app: FastifyInstance;
let host: MemoryHost;
let recorder: TwirpRecorder;
let lifecycle: LiveKitLifecycle;

const silentLog = { info: () => undefined, warn: () => undefined };

beforeEach(async () => {
  recorder = await startTwirpRecorder();
  const config: LiveKitEnabled = { enabled: true, url: recorder.url, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
  host = new MemoryHost().add(meeting('m1'), venue('v-main', 'm1', '主会场', true), venue('v-county', 'm1', '青山县'));
  const rooms = new LiveKitRooms(config);
  lifecycle = new LiveKitLifecycle(rooms, async () => ({ switchSpeaker: () => undefined, stop: async () => undefined }), async () => 'v-main', silentLog);
  app = Fastify();
  await app.register(liveKitRoutes, { config, host, rooms, lifecycle });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  await lifecycle.close();
  await recorder.close();
});

function participantEvent(event: 'participant_joined' | 'participant_left', identity: string, id: string, createdAt: bigint) {
  return webhookBody({
    id,
    event,
    createdAt,
    room: { name: 'luoshi-m1', sid: 'RM_1' },
    participant: { identity, sid: `PA_${identity}`, joinedAt: JOINED_AT_S },
  });
}

async function post(body: string, authorization?: string, contentType = 'application/webhook+json') {
  return app.inject({
    method: 'POST',
    url: '/api/livekit/webhook',
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
    payload: body,
  });
}

describe('POST /api/livekit/webhook', () => {
  it('marks a venue online on participant_joined and offline on participant_left', async () => {
    const joined = participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S);
    const res1 = await post(joined, await signWebhook(joined, TEST_API_KEY, TEST_API_SECRET));
    expect(res1.statusCode).toBe(200);
    const left = participantEvent('participant_left', 'v-county', 'EV_2', JOINED_AT_S + 120n);
    const res2 = await post(left, await signWebhook(left, TEST_API_KEY, TEST_API_SECRET), 'application/json');
    expect(res2.statusCode).toBe(200);
    expect(host.attendance).toEqual([
      { meetingId: 'm1', presence: { venueId: 'v-county', online: true, joinedAt: iso(0), leftAt: null } },
      {
        meetingId: 'm1',
        presence: { venueId: 'v-county', online: false, joinedAt: iso(0), leftAt: iso(120) },
      },
    ]);
  });

  it('rejects an unsigned body with 401 and records nothing', async () => {
    const res = await post(participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: '身份验证失败，请重新加入会议' } });
    expect(host.attendance).toEqual([]);
  });

  it('rejects a tampered body whose hash no longer matches the signature', async () => {
    const signed = participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S);
    const auth = await signWebhook(signed, TEST_API_KEY, TEST_API_SECRET);
    const tampered = signed.replace('v-county', 'v-main');
    expect(tampered).not.toBe(signed);
    expect((await post(tampered, auth)).statusCode).toBe(401);
    // Whitespace alone changes the bytes: the raw body must reach the receiver unparsed.
    expect((await post(`${signed} `, auth)).statusCode).toBe(401);
    expect(host.attendance).toEqual([]);
  });

  it('rejects a body signed with another secret or a garbage Authorization header', async () => {
    const body = participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S);
    expect((await post(body, await signWebhook(body, TEST_API_KEY, 'some-other-secret-some-other-secret'))).statusCode).toBe(401);
    expect((await post(body, await signWebhook(body, 'otherkey', TEST_API_SECRET))).statusCode).toBe(401);
    expect((await post(body, 'Bearer not-a-jwt')).statusCode).toBe(401);
    expect(host.attendance).toEqual([]);
  });

  it('ignores duplicates, stale leaves, the hidden agent, secretaries and unknown venues', async () => {
    const send = async (body: string) => post(body, await signWebhook(body, TEST_API_KEY, TEST_API_SECRET));
    const joined = participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S);
    await send(joined);
    await send(joined); // LiveKit retried
    // Reconnect: the new session's join arrives before the old session's leave.
    const rejoined = webhookBody({
      id: 'EV_3',
      event: 'participant_joined',
      createdAt: JOINED_AT_S + 60n,
      room: { name: 'luoshi-m1' },
      participant: { identity: 'v-county', joinedAt: JOINED_AT_S + 60n },
    });
    await send(rejoined);
    await send(participantEvent('participant_left', 'v-county', 'EV_2', JOINED_AT_S + 61n));
    await send(participantEvent('participant_joined', AGENT_IDENTITY, 'EV_4', JOINED_AT_S));
    await send(participantEvent('participant_joined', 'v-main:secretary', 'EV_5', JOINED_AT_S));
    await send(participantEvent('participant_joined', 'v-from-elsewhere', 'EV_6', JOINED_AT_S));
    expect(host.attendance.map((a) => [a.presence.venueId, a.presence.online, a.presence.joinedAt])).toEqual([
      ['v-county', true, iso(0)],
      ['v-county', true, iso(60)],
    ]);
  });

  it('room_finished while live ends the meeting and takes everyone offline', async () => {
    host.setStatus(meeting('m1', 'live'));
    const send = async (body: string) => post(body, await signWebhook(body, TEST_API_KEY, TEST_API_SECRET));
    await send(participantEvent('participant_joined', 'v-county', 'EV_1', JOINED_AT_S));
    const finished = webhookBody({ id: 'EV_9', event: 'room_finished', createdAt: JOINED_AT_S + 600n, room: { name: 'luoshi-m1' } });
    expect((await send(finished)).statusCode).toBe(200);
    expect(host.ended).toEqual(['m1']);
    expect((await host.getMeeting('m1'))?.status).toBe('ended');
    expect(host.attendance.at(-1)?.presence).toMatchObject({ venueId: 'v-county', online: false, leftAt: iso(600) });
  });

  it('room_finished after the meeting ended (our own deleteRoom) changes nothing', async () => {
    host.setStatus(meeting('m1', 'ended'));
    const finished = webhookBody({ id: 'EV_9', event: 'room_finished', room: { name: 'luoshi-m1' } });
    expect((await post(finished, await signWebhook(finished, TEST_API_KEY, TEST_API_SECRET))).statusCode).toBe(200);
    expect(host.ended).toEqual([]);
  });

  it('ignores rooms Luoshi did not create', async () => {
    const body = webhookBody({ id: 'EV_1', event: 'participant_joined', room: { name: 'other-room' }, participant: { identity: 'v-county' } });
    expect((await post(body, await signWebhook(body, TEST_API_KEY, TEST_API_SECRET))).statusCode).toBe(200);
    expect(host.attendance).toEqual([]);
  });

  it('refuses oversized bodies', async () => {
    const huge = JSON.stringify({ event: 'room_started', pad: 'x'.repeat(300 * 1024) });
    const res = await post(huge, await signWebhook(huge, TEST_API_KEY, TEST_API_SECRET));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});
