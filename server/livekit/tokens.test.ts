import { TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ATTR } from '../../shared/livekit/metadata.ts';
import { PARTICIPANT_TOKEN_TTL_SECONDS, type LiveKitEnabled } from './config.ts';
import {
  AGENT_IDENTITY,
  createAgentToken,
  createParticipantToken,
  grantForRole,
  identityFor,
  meetingIdFromRoomName,
  roomNameForMeeting,
  venueIdFromIdentity,
} from './tokens.ts';
import { meeting, TEST_API_KEY, TEST_API_SECRET, venue } from './testing/records.ts';

const CONFIG: LiveKitEnabled = { enabled: true, url: 'ws://127.0.0.1:7880', apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
const MEETING_A = meeting('m-a');
const MEETING_B = meeting('m-b');
const MAIN_A = venue('v-main-a', 'm-a', '省应急管理厅主会场', true);
const COUNTY_A = venue('v-county-a', 'm-a', '青山县应急管理局');
const COUNTY_B = venue('v-county-b', 'm-b', '白水县应急管理局');

const verifier = new TokenVerifier(TEST_API_KEY, TEST_API_SECRET);

describe('participant tokens', () => {
  it('gives the host camera + microphone, subscribe and data in its own meeting room', async () => {
    const issued = await createParticipantToken(CONFIG, { role: 'host', meeting: MEETING_A, venue: MAIN_A });
    const claims = await verifier.verify(issued.token);
    expect(claims.sub).toBe('v-main-a');
    expect(claims.name).toBe('省应急管理厅主会场');
    expect(claims.iss).toBe(TEST_API_KEY);
    expect(claims.video).toEqual({
      room: 'luoshi-m-a',
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    expect(claims.attributes).toEqual({
      [PARTICIPANT_ATTR.role]: 'host',
      [PARTICIPANT_ATTR.venueId]: 'v-main-a',
      [PARTICIPANT_ATTR.isMain]: '1',
      [PARTICIPANT_ATTR.level]: 'province',
    });
    expect(issued).toMatchObject({ room: 'luoshi-m-a', identity: 'v-main-a' });
  });

  it('lets a branch venue subscribe and publish its own camera/microphone but no data', async () => {
    const issued = await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_A });
    const claims = await verifier.verify(issued.token);
    expect(claims.sub).toBe('v-county-a');
    expect(claims.video?.canPublishData).toBe(false);
    expect(claims.video?.canSubscribe).toBe(true);
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(claims.video?.canPublishSources).not.toContain('screen_share');
    expect(claims.video?.roomAdmin).toBeUndefined();
    expect(claims.video?.hidden).toBeUndefined();
    expect(claims.attributes?.[PARTICIPANT_ATTR.isMain]).toBe('0');
  });

  it('gives the secretary its own identity so it never kicks the host out of the room', async () => {
    const issued = await createParticipantToken(CONFIG, { role: 'secretary', meeting: MEETING_A, venue: MAIN_A });
    const claims = await verifier.verify(issued.token);
    expect(claims.sub).toBe('v-main-a:secretary');
    expect(claims.sub).not.toBe(identityFor('host', 'v-main-a'));
    expect(claims.video?.canPublishData).toBe(true);
    expect(venueIdFromIdentity(claims.sub ?? '')).toBe('v-main-a');
  });

  it('expires after the documented short TTL', async () => {
    const nowMs = Date.now();
    const issued = await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_A }, nowMs);
    const claims = await verifier.verify(issued.token);
    expect(PARTICIPANT_TOKEN_TTL_SECONDS).toBe(600);
    expect(claims.exp! - claims.nbf!).toBe(PARTICIPANT_TOKEN_TTL_SECONDS);
    expect(Math.abs(issued.expiresAtSec - claims.exp!)).toBeLessThanOrEqual(1);
  });

  it('is rejected once expired, and by a verifier with another secret', async () => {
    const issued = await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_A }, Date.now(), 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // Zero clock tolerance: the SDK default tolerates skew, which would hide the 1 s expiry.
    await expect(verifier.verify(issued.token, 0)).rejects.toThrow(/exp/);
    const fresh = await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_A });
    await expect(new TokenVerifier(TEST_API_KEY, 'another-secret-another-secret-xx').verify(fresh.token)).rejects.toThrow();
  });

  it('never names another meeting’s room, and refuses a venue from another meeting', async () => {
    const a = await verifier.verify((await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_A })).token);
    const b = await verifier.verify((await createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_B, venue: COUNTY_B })).token);
    expect(a.video?.room).toBe(roomNameForMeeting('m-a'));
    expect(b.video?.room).toBe(roomNameForMeeting('m-b'));
    expect(a.video?.room).not.toBe(b.video?.room);
    await expect(createParticipantToken(CONFIG, { role: 'venue', meeting: MEETING_A, venue: COUNTY_B })).rejects.toThrow(
      /does not belong/,
    );
  });

  // Issue 13 #12: LiveKit servers before 1.10.1 reject a token whose roomConfig carries fields they
  // do not know (metadata, tags). The payload must hold only claims every supported server reads.
  it('carries no roomConfig: only identity, name, grant, attributes and the time claims', async () => {
    for (const role of ['host', 'secretary', 'venue'] as const) {
      const venue = role === 'venue' ? COUNTY_A : MAIN_A;
      const { token } = await createParticipantToken(CONFIG, { role, meeting: MEETING_A, venue });
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['attributes', 'exp', 'iss', 'name', 'nbf', 'sub', 'video']);
      expect(payload).not.toHaveProperty('roomConfig');
      expect(Object.keys(payload.video as object).sort()).toEqual(
        ['canPublish', 'canPublishData', 'canPublishSources', 'canSubscribe', 'canUpdateOwnMetadata', 'room', 'roomJoin'],
      );
    }
  });
});

describe('agent token', () => {
  it('is hidden, an agent, subscribes and publishes data only, in the one meeting room', async () => {
    const claims = await verifier.verify(await createAgentToken(CONFIG, 'm-b'));
    expect(claims.sub).toBe(AGENT_IDENTITY);
    expect(claims.video).toEqual({
      room: 'luoshi-m-b',
      roomJoin: true,
      hidden: true,
      agent: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: true,
    });
  });
});

describe('names and grants', () => {
  it('round-trips room names and ignores foreign rooms', () => {
    expect(meetingIdFromRoomName(roomNameForMeeting('abc'))).toBe('abc');
    expect(meetingIdFromRoomName('someone-elses-room')).toBeNull();
    expect(meetingIdFromRoomName('luoshi-')).toBeNull();
    expect(venueIdFromIdentity(AGENT_IDENTITY)).toBeNull();
  });

  it('keeps grants by role as protocol track sources', () => {
    expect(grantForRole('venue', 'r').canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
    expect(grantForRole('host', 'r').canPublishData).toBe(true);
    expect(grantForRole('venue', 'r').canPublishData).toBe(false);
  });
});
