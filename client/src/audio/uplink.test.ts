/**
 * The uplink's stop against a fake socket on fake timers: `audio:stop` answers only once the
 * server stored every final (seconds under load), so it gets far more than an ordinary command's
 * 8 s; and audio the server has not confirmed is never thrown away by stop — it stays queued, the
 * host gets a Chinese message, and the stream is closed once the server confirms it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_TIMEOUT_MS, type MeetingSocket } from '../api/socket.ts';
import { UserFacingError } from '../api/errors.ts';
import { createAudioUplink, STOP_ANSWER_TIMEOUT_MS, STOP_STALL_TIMEOUT_MS, type UplinkStats } from './uplink.ts';

type Ack = (err: Error | null, result?: unknown) => void;

/** One message the fake server received and has not answered yet. */
interface Received {
  event: string;
  payload: { chunkSeq?: number };
  timeoutMs: number;
  answer(result: unknown): void;
}

/**
 * The part of a socket.io client socket the uplink uses: connect/disconnect listeners and
 * `timeout(ms).emit(…, ack)` / `timeout(ms).emitWithAck(…)`, whose acks fail after ms like
 * socket.io's. The test plays the server: `auto` answers, or holds messages for later.
 */
class FakeSocket {
  connected = true;
  readonly received: Received[] = [];
  /** Answer chunks at once (true), or hold them unanswered (false). */
  answerChunks = true;
  /** Answer audio:stop after this many ms (null: hold it). */
  stopAnswerMs: number | null = 0;
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  private lastTaken = -1;

  on(event: string, fn: (...args: unknown[]) => void): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
    return this;
  }

  off(event: string, fn: (...args: unknown[]) => void): this {
    this.listeners.get(event)?.delete(fn);
    return this;
  }

  timeout(timeoutMs: number) {
    const send = (event: string, payload: { chunkSeq?: number }, ack: Ack) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        ack(new Error('operation has timed out'));
      }, timeoutMs);
      const message: Received = {
        event,
        payload,
        timeoutMs,
        answer: (result) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          ack(null, result);
        },
      };
      this.received.push(message);
      this.serve(message);
    };
    return {
      emit: (event: string, payload: { chunkSeq?: number }, ack: Ack) => send(event, payload, ack),
      emitWithAck: (event: string, payload: { chunkSeq?: number }) =>
        new Promise((resolve, reject) => send(event, payload, (err, result) => (err ? reject(err) : resolve(result)))),
    };
  }

  /** Answer every held chunk now, in order. */
  answerHeldChunks(): void {
    for (const m of this.received) if (m.event === 'audio:chunk') this.takeChunk(m);
  }

  private takeChunk(m: Received): void {
    const seq = m.payload.chunkSeq ?? 0;
    if (seq === this.lastTaken + 1) this.lastTaken = seq;
    m.answer({ ok: true, data: { accepted: true, nextChunkSeq: this.lastTaken + 1 } });
  }

  private serve(m: Received): void {
    if (m.event === 'audio:start') m.answer({ ok: true, data: { streamId: 's', nextChunkSeq: this.lastTaken + 1, resumed: false } });
    else if (m.event === 'audio:chunk' && this.answerChunks) this.takeChunk(m);
    else if (m.event === 'audio:stop' && this.stopAnswerMs !== null) {
      setTimeout(() => m.answer({ ok: true, data: { segments: 10 } }), this.stopAnswerMs);
    }
  }

  count(event: string): number {
    return this.received.filter((m) => m.event === event).length;
  }
}

/** 100 ms of 16 kHz Int16 PCM. */
const chunk = () => new Int16Array(1600).buffer;

let socket: FakeSocket;
let stats: UplinkStats;
function uplink() {
  // The fake implements exactly what the uplink calls on a socket.io client socket.
  return createAudioUplink(() => socket as unknown as MeetingSocket, (s) => (stats = s));
}

beforeEach(() => {
  vi.useFakeTimers();
  socket = new FakeSocket();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('stopping the capture', () => {
  it('waits for a slow audio:stop (the server drains its finals) far beyond a command timeout', async () => {
    const up = uplink();
    await up.start(16000);
    for (let i = 0; i < 20; i++) up.push(chunk());
    await vi.advanceTimersByTimeAsync(10);
    // The server needs 30 s to store the last finals (a loaded machine, a real model).
    socket.stopAnswerMs = 30_000;
    let result: 'pending' | 'done' | Error = 'pending';
    const stopping = up.stop().then(() => (result = 'done'), (e: unknown) => (result = e as Error));
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS + 1000);
    expect(result).toBe('pending');
    await vi.advanceTimersByTimeAsync(30_000);
    await stopping;
    expect(result).toBe('done');
    expect(socket.received.find((m) => m.event === 'audio:stop')?.timeoutMs).toBe(STOP_ANSWER_TIMEOUT_MS);
    expect(stats).toMatchObject({ sent: 20, dropped: 0, rejected: 0, pendingMs: 0 });
  });

  it('tells the host in Chinese when even that is too long (the audio is all at the server)', async () => {
    const up = uplink();
    await up.start(16000);
    up.push(chunk());
    await vi.advanceTimersByTimeAsync(10);
    socket.stopAnswerMs = null;
    const stopping = up.stop().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(STOP_ANSWER_TIMEOUT_MS + 10);
    const error = await stopping;
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ code: 'audio_stop_slow', message: expect.stringContaining('已全部送达') });
  });

  it('keeps unconfirmed audio when the server stops answering, says so, and closes the stream once the server confirms it', async () => {
    const up = uplink();
    await up.start(16000);
    for (let i = 0; i < 10; i++) up.push(chunk());
    await vi.advanceTimersByTimeAsync(10);
    // The server stalls: the last 3 s of speech are never answered (resent every 10.5 s meanwhile).
    socket.answerChunks = false;
    for (let i = 0; i < 30; i++) up.push(chunk());
    const stopping = up.stop().catch((e: unknown) => e);
    // The old stop gave up after 15 s and counted the rest as dropped; now only silence for 20 s ends the wait.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(socket.count('audio:stop')).toBe(0);
    await vi.advanceTimersByTimeAsync(STOP_STALL_TIMEOUT_MS);
    const error = await stopping;
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ code: 'audio_unsent', message: expect.stringMatching(/还有 30 段讲话音频（约 3 秒）未送达服务器，已保留在本机/) });
    expect(stats).toMatchObject({ dropped: 0, rejected: 0, pendingMs: 3000 });
    expect(socket.count('audio:stop')).toBe(0);
    // A new capture must not replace (and drop) the audio still waiting.
    await expect(up.start(16000)).rejects.toMatchObject({ code: 'audio_unsent' });

    // The server answers again: the resent chunks are confirmed, then the stream is closed.
    socket.answerChunks = true;
    await vi.advanceTimersByTimeAsync(11_000);
    socket.answerHeldChunks();
    await vi.advanceTimersByTimeAsync(10);
    expect(stats).toMatchObject({ sent: 40, dropped: 0, rejected: 0, pendingMs: 0 });
    expect(socket.count('audio:stop')).toBe(1);
    // Every chunk number reached the server, in order, once taken.
    const taken = new Set(socket.received.filter((m) => m.event === 'audio:chunk').map((m) => m.payload.chunkSeq));
    expect([...taken].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // And a new capture may start.
    await up.start(16000);
  });
});
