/**
 * The room adapter against a loopback endpoint that records the Twirp requests the real
 * RoomServiceClient sends: paths, JSON bodies and the signed Authorization each call carries.
 */
import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRoomMetadata, encodeRoomMetadata, initialRoomMetadata } from '../../shared/livekit/metadata.ts';
import { ROOM_DEPARTURE_TIMEOUT_SECONDS, ROOM_EMPTY_TIMEOUT_SECONDS, type LiveKitEnabled } from './config.ts';
import { LiveKitRooms, LiveKitUnavailableError, VenueNotInRoomError } from './room-service.ts';
import { startTwirpRecorder, type TwirpRecorder } from './testing/twirp-recorder.ts';
import { TEST_API_KEY, TEST_API_SECRET } from './testing/records.ts';

const verifier = new TokenVerifier(TEST_API_KEY, TEST_API_SECRET);
let recorder: TwirpRecorder;
let rooms: LiveKitRooms;

/** The room's metadata as the recorder's LiveKit would hold it. */
let storedMetadata = '';

beforeEach(async () => {
  recorder = await startTwirpRecorder();
  // The client-facing URL is ws://; the adapter's Twirp calls must go to http:// on the same host.
  const config: LiveKitEnabled = { enabled: true, url: recorder.url.replace('http', 'ws'), apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
  rooms = new LiveKitRooms(config);
  storedMetadata = '';
  recorder.respond('CreateRoom', (call) => {
    storedMetadata = String(call.body.metadata ?? '');
    return { status: 200, body: { name: call.body.name, metadata: storedMetadata } };
  });
  recorder.respond('ListRooms', () => ({ status: 200, body: { rooms: [{ name: 'luoshi-m1', metadata: storedMetadata }] } }));
  recorder.respond('UpdateRoomMetadata', (call) => {
    storedMetadata = String(call.body.metadata ?? '');
    return { status: 200, body: { name: call.body.room, metadata: storedMetadata } };
  });
});

afterEach(async () => {
  await recorder.close();
});

async function grantOf(authorization: string | undefined) {
  expect(authorization).toMatch(/^Bearer /);
  return (await verifier.verify(authorization!.slice('Bearer '.length))).video;
}

describe('LiveKitRooms', () => {
  it('creates the meeting room with metadata and timeouts, signed with roomCreate', async () => {
    await rooms.openMeetingRoom({ id: 'm1', title: '全市防汛工作推进会' });
    expect(recorder.calls).toHaveLength(1);
    const call = recorder.calls[0]!;
    expect(call.path).toBe('/twirp/livekit.RoomService/CreateRoom');
    expect(call.contentType).toMatch(/^application\/json/);
    expect(call.body).toMatchObject({
      name: 'luoshi-m1',
      emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS,
      departureTimeout: ROOM_DEPARTURE_TIMEOUT_SECONDS,
    });
    expect(decodeRoomMetadata(String(call.body.metadata))).toEqual(initialRoomMetadata({ id: 'm1', title: '全市防汛工作推进会' }));
    expect(await grantOf(call.authorization)).toMatchObject({ roomCreate: true });
  });

  it('deletes the room when the meeting ends, and treats an already-gone room as done', async () => {
    await rooms.closeMeetingRoom('m1');
    recorder.respond('DeleteRoom', () => ({ status: 404, body: { code: 'not_found', msg: 'room not found' } }));
    await rooms.closeMeetingRoom('m1');
    expect(recorder.calls.map((c) => c.path)).toEqual([
      '/twirp/livekit.RoomService/DeleteRoom',
      '/twirp/livekit.RoomService/DeleteRoom',
    ]);
    expect(recorder.calls[0]!.body).toEqual({ room: 'luoshi-m1' });
  });

  it('mutes only the venue’s microphone tracks, with roomAdmin on that room', async () => {
    recorder.respond('GetParticipant', () => ({
      status: 200,
      body: {
        identity: 'v-county',
        tracks: [
          { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA' },
          { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE', muted: false },
        ],
      },
    }));
    recorder.respond('MutePublishedTrack', (call) => ({ status: 200, body: { track: { sid: call.body.trackSid, muted: true } } }));
    const result = await rooms.muteVenue('m1', 'v-county', true);
    expect(result).toEqual({ tracks: 1 });
    expect(recorder.calls.map((c) => c.method)).toEqual(['GetParticipant', 'MutePublishedTrack']);
    expect(recorder.calls[0]!.body).toEqual({ room: 'luoshi-m1', identity: 'v-county' });
    expect(recorder.calls[1]!.body).toEqual({ room: 'luoshi-m1', identity: 'v-county', trackSid: 'TR_mic', muted: true });
    expect(await grantOf(recorder.calls[1]!.authorization)).toMatchObject({ roomAdmin: true, room: 'luoshi-m1' });
  });

  it('reports a venue that is not in the room', async () => {
    recorder.respond('GetParticipant', () => ({ status: 404, body: { code: 'not_found', msg: 'participant not found' } }));
    await expect(rooms.muteVenue('m1', 'v-absent', true)).rejects.toBeInstanceOf(VenueNotInRoomError);
  });

  it('spotlights through the room metadata, keeping other fields', async () => {
    await rooms.openMeetingRoom({ id: 'm1', title: '推进会' });
    await rooms.setTranscribedSpeaker('m1', 'v-county');
    const metadata = await rooms.spotlight('m1', 'v-county');
    expect(metadata).toMatchObject({ spotlightVenueId: 'v-county', speakerVenueId: 'v-county', title: '推进会' });
    const updates = recorder.calls.filter((c) => c.method === 'UpdateRoomMetadata');
    expect(updates).toHaveLength(2);
    expect(updates[1]!.path).toBe('/twirp/livekit.RoomService/UpdateRoomMetadata');
    expect(decodeRoomMetadata(String(updates[1]!.body.metadata))).toEqual(metadata);
  });

  it('never loses one of two concurrent metadata edits', async () => {
    await rooms.openMeetingRoom({ id: 'm1', title: '推进会' });
    await Promise.all([rooms.spotlight('m1', 'v-a'), rooms.setTranscribedSpeaker('m1', 'v-b')]);
    expect(decodeRoomMetadata(storedMetadata)).toMatchObject({ spotlightVenueId: 'v-a', speakerVenueId: 'v-b' });
  });

  it('roll call highlights, spotlights and unmutes the venue', async () => {
    storedMetadata = encodeRoomMetadata(initialRoomMetadata({ id: 'm1', title: '推进会' }));
    recorder.respond('GetParticipant', () => ({
      status: 200,
      body: { identity: 'v-county', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE', muted: true }] },
    }));
    const result = await rooms.rollCall('m1', 'v-county');
    expect(result.unmuted).toBe(1);
    expect(result.metadata).toMatchObject({ rollCallVenueId: 'v-county', spotlightVenueId: 'v-county' });
    const mute = recorder.calls.find((c) => c.method === 'MutePublishedTrack');
    expect(mute?.body).toEqual({ room: 'luoshi-m1', identity: 'v-county', trackSid: 'TR_mic' });
    // proto3 JSON omits false: `muted` absent means unmute.
    expect(mute?.body.muted).toBeUndefined();
  });

  it('keeps the roll-call highlight when the venue has not joined video yet', async () => {
    recorder.respond('GetParticipant', () => ({ status: 404, body: { code: 'not_found', msg: 'participant not found' } }));
    const result = await rooms.rollCall('m1', 'v-late');
    expect(result).toMatchObject({ unmuted: 0, metadata: { rollCallVenueId: 'v-late' } });
  });

  it('turns a LiveKit server error into a retryable LiveKitUnavailableError', async () => {
    recorder.respond('CreateRoom', () => ({ status: 500, body: { code: 'internal', msg: 'boom' } }));
    const error = await rooms.openMeetingRoom({ id: 'm1', title: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveKitUnavailableError);
    expect((error as LiveKitUnavailableError).retryable).toBe(true);
  });
});
