/**
 * MeetingTranscriber: hand-made speaker streams of real AudioFrames → the meeting's audio sink,
 * speaker switches, and segments → captions in LiveKit's transcription convention (recorded
 * from the streamText calls a LocalParticipant would receive).
 */
import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import type { TranscriptSegment } from '../transcription/types.ts';
import {
  ATTR_SEGMENT_ID,
  ATTR_TRANSCRIBED_TRACK_ID,
  ATTR_TRANSCRIPTION_FINAL,
  CaptionQueue,
  MAX_PENDING_CAPTIONS,
  TOPIC_TRANSCRIPTION,
  type CaptionPublisher,
} from './agent-captions.ts';
import { MeetingTranscriber, type SpeakerStream } from './agent-session.ts';
import { MemoryHost } from './testing/memory-host.ts';

const silentLog = { info: () => undefined, warn: () => undefined };

function frames(count: number, value: number): AudioFrame[] {
  return Array.from({ length: count }, () => new AudioFrame(new Int16Array(480).fill(value), 48_000, 1, 480));
}

function speaker(
  identity: string,
  trackSid: string,
  list: AudioFrame[],
  keepOpen = false,
  takeOver = false,
): SpeakerStream & { cancelled: () => boolean } {
  let i = 0;
  let cancelled = false;
  const input = new AbortController();
  return {
    identity,
    trackSid,
    signal: input.signal,
    takeOver,
    cancelled: () => cancelled,
    frames: new ReadableStream({
      pull(controller) {
        const next = list[i++];
        if (next) controller.enqueue(next);
        else if (!keepOpen) controller.close();
        else return new Promise<void>(() => undefined);
      },
      cancel() {
        cancelled = true;
      },
    }),
  };
}

interface PublishedCaption {
  topic: string;
  attributes: Record<string, string>;
  senderIdentity: string | undefined;
  text: string;
  closed: boolean;
}

function recordingPublisher(delayMs = 0) {
  const published: PublishedCaption[] = [];
  const publisher: CaptionPublisher = {
    async streamText(options) {
      const caption: PublishedCaption = { ...options, senderIdentity: options.senderIdentity, text: '', closed: false };
      published.push(caption);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return {
        write: async (text) => void (caption.text += text),
        close: async () => void (caption.closed = true),
      };
    },
  };
  return { publisher, published };
}

const segment = (id: string, text: string, isFinal: boolean): TranscriptSegment => ({ id, startMs: 0, endMs: 1000, text, isFinal });

describe('MeetingTranscriber', () => {
  it('feeds a speaker stream into the meeting’s audio sink and ends the sink when the track ends', async () => {
    const host = new MemoryHost();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: null, log: silentLog });
    const stats = await t.attach(speaker('v-main', 'TR_main', frames(50, 7)));
    expect(stats).toMatchObject({ frames: 50, samples: 24_000 });
    expect(host.sinks).toHaveLength(1);
    const sink = host.sinks[0]!;
    expect(sink).toMatchObject({ meetingId: 'm1', sourceLabel: 'livekit:v-main', ended: true });
    expect(sink.chunks).toHaveLength(50);
    expect(sink.chunks.every((c) => c.sampleRate === 48_000 && c.samples[0] === 7)).toBe(true);
    await t.close();
  });

  it('switching speaker stops the old stream and ends its sink before the new one opens', async () => {
    const host = new MemoryHost();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: null, log: silentLog });
    const main = speaker('v-main', 'TR_main', frames(10, 1), true);
    const first = t.attach(main);
    await new Promise((r) => setTimeout(r, 20));
    expect(host.sinks.map((s) => s.ended)).toEqual([false]);
    const second = t.attach(speaker('v-county', 'TR_county', frames(5, 2)));
    expect(await first).toMatchObject({ frames: 10 });
    expect(main.cancelled()).toBe(true);
    expect(await second).toMatchObject({ frames: 5 });
    expect(host.sinks.map((s) => [s.sourceLabel, s.ended, s.chunks.length])).toEqual([
      ['livekit:v-main', true, 10],
      ['livekit:v-county', true, 5],
    ]);
    await t.close();
  });

  it('leaves the host’s socket microphone alone unless the host switches speaker, then takes over', async () => {
    const host = new MemoryHost();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: null, log: silentLog });
    const socketSource = host.meetingAudio.open('m1', 'socket:host');
    const automatic = speaker('v-main', 'TR_main', frames(5, 1));
    expect(await t.attach(automatic)).toBeNull();
    expect(automatic.cancelled()).toBe(true);
    expect(host.sinks.map((s) => s.sourceLabel)).toEqual(['socket:host']);
    expect(socketSource.ended).toBe(false);

    const commanded = await t.attach(speaker('v-main', 'TR_main', frames(5, 1), false, true));
    expect(commanded).toMatchObject({ frames: 5 });
    expect(socketSource.ended).toBe(true);
    expect(host.sinks.map((s) => s.sourceLabel)).toEqual(['socket:host', 'livekit:v-main']);
    await t.close();
  });

  it('stops feeding when the host’s socket microphone takes the meeting over mid-stream', async () => {
    const host = new MemoryHost();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: null, log: silentLog });
    let sent = 0;
    let cancelled = false;
    // A live track: one 10 ms frame every 5 ms, for up to 2 s of audio.
    const frames = new ReadableStream<AudioFrame>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 5));
        if (sent++ < 200) controller.enqueue(new AudioFrame(new Int16Array(480).fill(1), 48_000, 1, 480));
        else controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const running = t.attach({ identity: 'v-main', trackSid: 'TR_main', frames, signal: new AbortController().signal, takeOver: false });
    await new Promise((r) => setTimeout(r, 60));
    const socketSource = host.meetingAudio.open('m1', 'socket:host');
    const stats = await running;
    expect(stats?.superseded).toBe(true);
    expect(stats!.frames).toBeLessThan(200);
    expect(cancelled).toBe(true);
    expect(socketSource.ended).toBe(false);
    expect(host.meetingAudio.active('m1')?.sourceLabel).toBe('socket:host');
    await t.close();
  });

  it('publishes segments as lk.transcription text streams attributed to the transcribed speaker', async () => {
    const host = new MemoryHost();
    const { publisher, published } = recordingPublisher();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: publisher, log: silentLog });
    const live = t.attach(speaker('v-county', 'TR_county', frames(2, 3), true));
    await new Promise((r) => setTimeout(r, 10));
    host.emitSegment('m1', segment('s0001', '第一，要精心组织', false));
    host.emitSegment('m2', segment('s0001', '别的会议', true));
    host.emitSegment('m1', segment('s0001', '第一，要精心组织部署。', true));
    await t.close();
    await live;
    expect(published).toEqual([
      {
        topic: TOPIC_TRANSCRIPTION,
        attributes: { [ATTR_SEGMENT_ID]: 'SG_m1_s0001', [ATTR_TRANSCRIPTION_FINAL]: 'false', [ATTR_TRANSCRIBED_TRACK_ID]: 'TR_county' },
        senderIdentity: 'v-county',
        text: '第一，要精心组织',
        closed: true,
      },
      {
        topic: TOPIC_TRANSCRIPTION,
        attributes: { [ATTR_SEGMENT_ID]: 'SG_m1_s0001', [ATTR_TRANSCRIPTION_FINAL]: 'true', [ATTR_TRANSCRIBED_TRACK_ID]: 'TR_county' },
        senderIdentity: 'v-county',
        text: '第一，要精心组织部署。',
        closed: true,
      },
    ]);
  });

  it('attributes captions to the main venue without a track id when no LiveKit track is transcribed', async () => {
    const host = new MemoryHost();
    const { publisher, published } = recordingPublisher();
    const t = new MeetingTranscriber({ meetingId: 'm1', defaultIdentity: 'v-main', audio: host.meetingAudio, captions: publisher, log: silentLog });
    host.emitSegment('m1', segment('s0002', '第二，要压实责任。', true));
    await t.close();
    expect(published).toHaveLength(1);
    expect(published[0]!.senderIdentity).toBe('v-main');
    expect(published[0]!.attributes[ATTR_TRANSCRIBED_TRACK_ID]).toBeUndefined();
  });
});

describe('CaptionQueue', () => {
  it('drops superseded interims behind a slow room but never a final', async () => {
    const { publisher, published } = recordingPublisher(20);
    const queue = new CaptionQueue('m1', publisher);
    const source = { participantIdentity: 'v-main', trackSid: 'TR_main' };
    queue.enqueue(segment('s1', '第', false), source); // starts publishing at once
    for (let i = 0; i < 5; i++) queue.enqueue(segment('s1', `第一${'，'.repeat(i)}`, false), source);
    queue.enqueue(segment('s1', '第一，要精心组织部署。', true), source);
    for (let i = 0; i < MAX_PENDING_CAPTIONS + 4; i++) queue.enqueue(segment(`s${i + 2}`, `句${i}`, true), source);
    queue.enqueue(segment('s99', '   ', true), source); // blank: nothing to show
    await queue.idle();
    const finals = published.filter((p) => p.attributes[ATTR_TRANSCRIPTION_FINAL] === 'true');
    expect(finals.map((p) => p.text)).toEqual(['第一，要精心组织部署。', ...Array.from({ length: MAX_PENDING_CAPTIONS + 4 }, (_, i) => `句${i}`)]);
    expect(published.filter((p) => p.attributes[ATTR_TRANSCRIPTION_FINAL] === 'false').map((p) => p.text)).toEqual(['第']);
    expect(queue.dropped).toBe(5);
  });

  it('keeps going when the room refuses a caption', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const publisher: CaptionPublisher = {
      async streamText() {
        if (++calls === 1) throw new Error('not connected');
        return { write: async () => undefined, close: async () => undefined };
      },
    };
    const queue = new CaptionQueue('m1', publisher, (e) => errors.push(e));
    queue.enqueue(segment('s1', '甲', true), { participantIdentity: 'v', trackSid: null });
    queue.enqueue(segment('s2', '乙', true), { participantIdentity: 'v', trackSid: null });
    await queue.idle();
    expect(calls).toBe(2);
    expect(queue.failed).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
