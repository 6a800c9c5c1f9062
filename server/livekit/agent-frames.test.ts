/**
 * The agent's frame → PCM path with real rtc-node AudioFrames fed through hand-made streams
 * (the shape rtc-node's AudioStream yields), as the agent receives them from a LiveKit track.
 */
import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../transcription/types.ts';
import { AGENT_SAMPLE_RATE_HZ, BadFrameError, frameToChunk, pumpFrames, type PcmFrame } from './agent-frames.ts';

/** 10 ms frames at 48 kHz, as WebRTC delivers them. */
const FRAME_SAMPLES = 480;

/** `count` consecutive 10 ms frames of a 440 Hz sine (amplitude 8000), one AudioFrame each. */
function sineFrames(count: number, channels = 1): AudioFrame[] {
  const frames: AudioFrame[] = [];
  for (let f = 0; f < count; f++) {
    const frame = AudioFrame.create(AGENT_SAMPLE_RATE_HZ, channels, FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const t = (f * FRAME_SAMPLES + i) / AGENT_SAMPLE_RATE_HZ;
      const v = Math.round(8000 * Math.sin(2 * Math.PI * 440 * t));
      for (let c = 0; c < channels; c++) frame.data[i * channels + c] = v;
    }
    frames.push(frame);
  }
  return frames;
}

/** A stream that yields the frames, then ends; records whether it was cancelled. */
function streamOf(frames: PcmFrame[], keepOpen = false) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<PcmFrame>({
    pull(controller) {
      const next = frames[state.pulled++];
      if (next) controller.enqueue(next);
      else if (!keepOpen) controller.close();
      else return new Promise<void>(() => undefined); // a live track: no more frames yet
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

function concat(chunks: AudioChunk[]): Int16Array {
  const total = chunks.reduce((n, c) => n + c.samples.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const c of chunks) {
    if (!(c.samples instanceof Int16Array)) throw new Error('expected Int16 PCM');
    out.set(c.samples, offset);
    offset += c.samples.length;
  }
  return out;
}

describe('frameToChunk', () => {
  it('turns a real 48 kHz mono AudioFrame into an Int16 chunk with its own copy of the samples', () => {
    const [frame] = sineFrames(1);
    const chunk = frameToChunk(frame!);
    expect(chunk.sampleRate).toBe(48_000);
    expect(chunk.channels).toBe(1);
    expect(chunk.samples).toBeInstanceOf(Int16Array);
    expect(Array.from(chunk.samples)).toEqual(Array.from(frame!.data));
    frame!.data[10] = 12345;
    expect(chunk.samples[10]).not.toBe(12345);
  });

  it('keeps stereo interleaved and downmixes more channels to mono', () => {
    const stereo = frameToChunk(sineFrames(1, 2)[0]!);
    expect(stereo.channels).toBe(2);
    expect(stereo.samples.length).toBe(2 * FRAME_SAMPLES);
    const quad = new AudioFrame(new Int16Array([100, 200, 300, 400, -4, -4, -4, -4]), 48_000, 4, 2);
    const mono = frameToChunk(quad);
    expect(mono.channels).toBe(1);
    expect(Array.from(mono.samples)).toEqual([250, -4]);
  });

  it('rejects frames whose header does not match their data', () => {
    expect(() => frameToChunk(new AudioFrame(new Int16Array(100), 48_000, 1, 480))).toThrow(BadFrameError);
    expect(() => frameToChunk(new AudioFrame(new Int16Array(480), 0, 1, 480))).toThrow(/sample rate/);
    expect(() => frameToChunk(new AudioFrame(new Int16Array(480), 48_000, 0, 480))).toThrow(/layout/);
  });
});

describe('pumpFrames', () => {
  it('pushes one second of real frames into the sink unchanged and in order', async () => {
    const frames = sineFrames(100);
    const pushed: AudioChunk[] = [];
    const stats = await pumpFrames(streamOf(frames).stream, { push: (c) => (pushed.push(c), true) });
    expect(stats).toMatchObject({ frames: 100, samples: 48_000, backpressured: 0, badFrames: 0 });
    expect(stats.audioMs).toBeCloseTo(1000, 6);
    const expected = concat(frames.map((f) => frameToChunk(f)));
    expect(concat(pushed)).toEqual(expected);
    expect(pushed.every((c) => c.sampleRate === 48_000 && c.channels === 1)).toBe(true);
  });

  it('counts backpressure and skips malformed frames without stopping', async () => {
    const frames: PcmFrame[] = [...sineFrames(3)];
    frames.splice(1, 0, new AudioFrame(new Int16Array(5), 48_000, 1, 480));
    let calls = 0;
    const stats = await pumpFrames(streamOf(frames).stream, { push: () => ++calls % 2 === 1 });
    expect(stats).toMatchObject({ frames: 3, badFrames: 1, backpressured: 1 });
  });

  it('stops and cancels a live stream when aborted', async () => {
    const { stream, state } = streamOf(sineFrames(5), true);
    const stop = new AbortController();
    let pushes = 0;
    const done = pumpFrames(stream, {
      push: () => {
        if (++pushes === 5) setTimeout(() => stop.abort(), 5);
        return true;
      },
    }, stop.signal);
    const stats = await done;
    expect(stats.frames).toBe(5);
    expect(state.cancelled).toBe(true);
  });
});

describe('pumpFrames when another source takes the meeting over', () => {
  it('stops pumping and cancels the stream once the sink has ended', async () => {
    const { stream, state } = streamOf(sineFrames(20), true);
    const sink = { ended: false, pushes: 0, push: () => (++sink.pushes === 3 ? ((sink.ended = true), false) : !sink.ended) };
    const stats = await pumpFrames(stream, sink);
    expect(stats.superseded).toBe(true);
    expect(stats.frames).toBe(2);
    expect(sink.pushes).toBe(3);
    expect(state.cancelled).toBe(true);
  });
});
