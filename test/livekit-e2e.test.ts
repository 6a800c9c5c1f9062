/**
 * End-to-end against a REAL LiveKit server — the only suite that needs one, so it runs only when
 * LIVEKIT_URL is set (e.g. `livekit-server --dev` → LIVEKIT_URL=ws://127.0.0.1:7880, keys
 * devkey/secret) and says so when it is skipped. It checks what nothing else here can: the room
 * really exists with its metadata, the hidden agent hears a published microphone as 48 kHz
 * frames, is invisible to venues, and its captions arrive as lk.transcription text streams.
 */
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
  type TextStreamReader,
} from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRoomMetadata } from '../shared/livekit/metadata.ts';
import { ATTR_SEGMENT_ID, ATTR_TRANSCRIBED_TRACK_ID, ATTR_TRANSCRIPTION_FINAL, TOPIC_TRANSCRIPTION } from '../server/livekit/agent-captions.ts';
import { LiveKitAgent } from '../server/livekit/agent.ts';
import type { LiveKitEnabled } from '../server/livekit/config.ts';
import { LiveKitRooms } from '../server/livekit/room-service.ts';
import { MemoryHost } from '../server/livekit/testing/memory-host.ts';
import { meeting, venue } from '../server/livekit/testing/records.ts';
import { AGENT_IDENTITY, createParticipantToken, roomNameForMeeting } from '../server/livekit/tokens.ts';
import { until as pollUntil } from './helpers/until.ts';

const LIVEKIT_URL = process.env.LIVEKIT_URL;
if (!LIVEKIT_URL) {
  console.info(
    '[livekit e2e] SKIPPED: LIVEKIT_URL is not set. Run `livekit-server --dev` and set LIVEKIT_URL=ws://127.0.0.1:7880 ' +
      '(LIVEKIT_API_KEY/LIVEKIT_API_SECRET default to devkey/secret) to run the real-server suite.',
  );
}

const silentLog = { info: () => undefined, warn: () => undefined };

/** This file's default patience; the polling itself is test/helpers/until.ts. */
const until = (check: () => boolean, what: string, timeoutMs = 15_000) => pollUntil(check, what, timeoutMs);

describe.skipIf(!LIVEKIT_URL)('against a real LiveKit server (LIVEKIT_URL)', () => {
  const config: LiveKitEnabled = {
    enabled: true,
    url: LIVEKIT_URL ?? '',
    apiKey: process.env.LIVEKIT_API_KEY ?? 'devkey',
    apiSecret: process.env.LIVEKIT_API_SECRET ?? 'secret',
  };
  const meetingId = `e2e${Date.now().toString(36)}`;
  const theMeeting = meeting(meetingId, 'live');
  const main = venue('v-main', meetingId, '省厅主会场', true);
  const county = venue('v-county', meetingId, '青山县');
  const host = new MemoryHost().add(theMeeting, main, county);
  const rooms = new LiveKitRooms(config);
  const cleanup: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('creates the meeting room with its metadata', async () => {
    await rooms.openMeetingRoom(theMeeting);
    cleanup.push(() => rooms.closeMeetingRoom(meetingId));
    const listed = await new RoomServiceClient(config.url, config.apiKey, config.apiSecret).listRooms([roomNameForMeeting(meetingId)]);
    expect(listed).toHaveLength(1);
    expect(decodeRoomMetadata(listed[0]!.metadata)).toMatchObject({ meetingId, title: theMeeting.title });
  });

  it('the hidden agent hears the main venue at 48 kHz and publishes captions venues receive', async () => {
    // The main venue joins and publishes a microphone (a 440 Hz tone).
    const mainRoom = new Room();
    cleanup.push(() => mainRoom.disconnect());
    const mainGrant = await createParticipantToken(config, { role: 'host', meeting: theMeeting, venue: main });
    await mainRoom.connect(config.url, mainGrant.token, { autoSubscribe: false, dynacast: false });
    const source = new AudioSource(48_000, 1);
    const track = LocalAudioTrack.createAudioTrack('microphone', source);
    const publication = await mainRoom.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    let playing = true;
    cleanup.push(async () => {
      playing = false;
    });
    void (async () => {
      for (let n = 0; playing && n < 3000; n++) {
        const frame = AudioFrame.create(48_000, 1, 480);
        for (let i = 0; i < 480; i++) frame.data[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * (n * 480 + i)) / 48_000));
        await source.captureFrame(frame);
      }
    })();

    // A county joins and listens for captions.
    const countyRoom = new Room();
    cleanup.push(() => countyRoom.disconnect());
    const captions: { text: string; attributes: Record<string, string>; from: string }[] = [];
    countyRoom.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader: TextStreamReader, participant) => {
      void reader.readAll().then((text) => captions.push({ text, attributes: reader.info.attributes ?? {}, from: participant.identity }));
    });
    const countyGrant = await createParticipantToken(config, { role: 'venue', meeting: theMeeting, venue: county });
    await countyRoom.connect(config.url, countyGrant.token, { autoSubscribe: true, dynacast: false });

    const agent = await LiveKitAgent.start({ config, meetingId, speakerIdentity: 'v-main', audio: host.meetingAudio, log: silentLog });
    cleanup.push(() => agent.stop());

    await until(() => (host.sinks[0]?.chunks.length ?? 0) >= 100, 'one second of audio at the agent');
    const sink = host.sinks[0]!;
    expect(sink.sourceLabel).toBe('livekit:v-main');
    expect(sink.chunks.every((c) => c.sampleRate === 48_000 && c.channels === 1)).toBe(true);

    // Hidden: the county sees the main venue but never the agent.
    expect([...countyRoom.remoteParticipants.keys()]).toContain('v-main');
    expect([...countyRoom.remoteParticipants.keys()]).not.toContain(AGENT_IDENTITY);

    host.emitSegment(meetingId, { id: 's0001', startMs: 0, endMs: 1500, text: '第一，要精心组织部署。', isFinal: true });
    await until(() => captions.length > 0, 'a caption at the county');
    expect(captions[0]).toEqual({
      text: '第一，要精心组织部署。',
      from: 'v-main',
      attributes: expect.objectContaining({
        [ATTR_SEGMENT_ID]: `SG_${meetingId}_s0001`,
        [ATTR_TRANSCRIPTION_FINAL]: 'true',
        [ATTR_TRANSCRIBED_TRACK_ID]: publication.sid,
      }),
    });
  });

  it('mutes the main venue’s microphone through RoomService', async () => {
    const result = await rooms.muteVenue(meetingId, 'v-main', true);
    expect(result.tracks).toBe(1);
    const info = await new RoomServiceClient(config.url, config.apiKey, config.apiSecret).getParticipant(roomNameForMeeting(meetingId), 'v-main');
    expect(info.tracks.find((t) => t.source === 2)?.muted).toBe(true);
  });
});
