/**
 * Meeting status → room and agent: CreateRoom then agent join when live, agent stop then
 * DeleteRoom when ended (recorded at a loopback Twirp endpoint), retries when LiveKit is down.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveKitEnabled } from './config.ts';
import { LiveKitLifecycle, type AgentHandle } from './lifecycle.ts';
import { LiveKitRooms } from './room-service.ts';
import { meeting, TEST_API_KEY, TEST_API_SECRET } from './testing/records.ts';
import { startTwirpRecorder, type TwirpRecorder } from './testing/twirp-recorder.ts';

const silentLog = { info: () => undefined, warn: () => undefined };
let recorder: TwirpRecorder;
let rooms: LiveKitRooms;
/** Everything that happened, in order: Twirp calls and agent starts/switches/stops. */
let timeline: string[];

function agentRecorder(failures = 0) {
  let remaining = failures;
  return async (meetingId: string, speaker: string): Promise<AgentHandle> => {
    if (remaining-- > 0) throw new Error('connect failed');
    timeline.push(`agent:start ${meetingId} ${speaker}`);
    return {
      switchSpeaker: (id) => void timeline.push(`agent:switch ${id}`),
      stop: async () => void timeline.push(`agent:stop ${meetingId}`),
    };
  };
}

beforeEach(async () => {
  recorder = await startTwirpRecorder();
  timeline = [];
  for (const method of ['CreateRoom', 'DeleteRoom']) {
    recorder.respond(method, (call) => {
      timeline.push(`${method} ${String(call.body.name ?? call.body.room)}`);
      return { status: 200, body: {} };
    });
  }
  const config: LiveKitEnabled = { enabled: true, url: recorder.url, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
  rooms = new LiveKitRooms(config);
});

afterEach(async () => {
  await recorder.close();
});

describe('LiveKitLifecycle', () => {
  it('opens the room then joins the agent on live; stops the agent then deletes the room on end', async () => {
    const lifecycle = new LiveKitLifecycle(rooms, agentRecorder(), async () => 'v-main', silentLog);
    await lifecycle.onMeetingStatus(meeting('m1', 'draft'));
    expect(timeline).toEqual([]);
    await lifecycle.onMeetingStatus(meeting('m1', 'live'));
    await lifecycle.onMeetingStatus(meeting('m1', 'live')); // repeated status: no second room
    expect(lifecycle.switchSpeaker('m1', 'v-county')).toBe(true);
    await lifecycle.onMeetingStatus(meeting('m1', 'ended'));
    expect(timeline).toEqual([
      'CreateRoom luoshi-m1',
      'agent:start m1 v-main',
      'agent:switch v-county',
      'agent:stop m1',
      'DeleteRoom luoshi-m1',
    ]);
    expect(lifecycle.switchSpeaker('m1', 'v-main')).toBe(false);
  });

  it('retries when the agent cannot join, keeping the host’s chosen speaker', async () => {
    const lifecycle = new LiveKitLifecycle(rooms, agentRecorder(1), async () => 'v-main', silentLog, [30]);
    await lifecycle.onMeetingStatus(meeting('m1', 'live'));
    expect(lifecycle.agentOf('m1')).toBeNull();
    lifecycle.switchSpeaker('m1', 'v-county');
    await new Promise((r) => setTimeout(r, 120));
    expect(lifecycle.agentOf('m1')).not.toBeNull();
    expect(timeline).toEqual(['CreateRoom luoshi-m1', 'CreateRoom luoshi-m1', 'agent:start m1 v-county']);
    await lifecycle.close();
    expect(timeline.at(-1)).toBe('agent:stop m1');
  });

  it('gives up after the last retry and does nothing for a meeting without a main venue', async () => {
    const lifecycle = new LiveKitLifecycle(rooms, agentRecorder(5), async (id) => (id === 'm1' ? 'v-main' : null), silentLog, [10]);
    await lifecycle.onMeetingStatus(meeting('m1', 'live'));
    await lifecycle.onMeetingStatus(meeting('m2', 'live'));
    await new Promise((r) => setTimeout(r, 80));
    expect(lifecycle.agentOf('m1')).toBeNull();
    expect(timeline).toEqual(['CreateRoom luoshi-m1', 'CreateRoom luoshi-m1']);
    await lifecycle.close();
  });
});
