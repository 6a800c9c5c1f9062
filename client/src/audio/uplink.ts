/**
 * Host audio uplink: PCM chunks from the microphone → numbered `audio:chunk` messages. Nothing
 * heard is thrown away: every chunk stays in a bounded buffer until the server confirmed it
 * (its answer comes after the chunk was taken and spooled). At most MAX_IN_FLIGHT are
 * unanswered at a time; the rest wait (before `audio:start` is answered, while disconnected,
 * while the server is busy). After a reconnect — or a server restart — `audio:start` with the same
 * uplink id resumes the stream, and the reply's `nextChunkSeq` tells which chunks the server
 * already has; the others are sent again. Only a buffer overflow (an outage longer than
 * MAX_QUEUED_AUDIO_MS) loses audio, and that is counted for the operator.
 *
 * With several server nodes, a node that fails takes with it what it had confirmed but not yet
 * transcribed: the uplink keeps the last REPLAY_HISTORY_MS of confirmed audio, and the node that
 * takes the meeting over answers `audio:start` with the chunk to send again from. Until that node
 * may take it (the failed node's lease runs out), `audio:start` answers `transcribing_elsewhere`
 * and is asked again, the audio kept meanwhile.
 */
import type { MeetingSocket } from '../api/socket.ts';
import { command } from '../api/socket.ts';
import { UserFacingError } from '../api/errors.ts';
import { MAX_AUDIO_CHUNK_BYTES } from '../../../shared/protocol/index.ts';
import type { WireSampleRate } from './pcm.ts';
import { UplinkBuffer } from './uplink-buffer.ts';

/** Chunks sent and not yet answered, at most (4 s of 100 ms chunks): flow control, not a drop rule. */
export const MAX_IN_FLIGHT = 40;
/** Unconfirmed audio kept for sending (again), ms; beyond it the oldest is dropped and counted. */
export const MAX_QUEUED_AUDIO_MS = 120_000;
/** Confirmed audio kept for a node that takes the meeting over from a failed one, ms. */
export const REPLAY_HISTORY_MS = 120_000;
/** An unanswered chunk is sent again after this long, ms (the server drops duplicates). */
export const CHUNK_ANSWER_TIMEOUT_MS = 10_000;
/** Pause before sending again after `overloaded` or a timeout, ms. */
export const RETRY_DELAY_MS = 500;
/**
 * stop() waits for the last chunks as long as the server keeps confirming them; after this long
 * without a single confirmation it tells the host (the audio stays queued and is sent, and the
 * stream closed, as soon as the server answers again), ms.
 */
export const STOP_STALL_TIMEOUT_MS = 20_000;
/**
 * How long `audio:stop` may take, ms. The server answers once the stream is drained: the VAD has
 * run over every waiting chunk and every final of the stream is stored — seconds per queued
 * utterance with a real model on a busy machine, far beyond an ordinary command's timeout.
 */
export const STOP_ANSWER_TIMEOUT_MS = 60_000;

export interface UplinkStats {
  /** Chunks sent to the server (each counted once, however often it was re-sent). */
  sent: number;
  /** Chunks lost: the buffer overflowed during a long outage. */
  dropped: number;
  /** Chunks the server refused for good (malformed, meeting no longer live). */
  rejected: number;
  /** Chunks taken while the recogniser was behind (server asks to slow down; audio is kept). */
  throttled: number;
  /** Audio captured but not yet confirmed by the server, ms (absent before the first chunk). */
  pendingMs?: number;
  /** Chinese message of the last error answer, for the operator. */
  lastError: string | null;
}

/** A random id for one capture (works outside secure contexts, unlike randomUUID). */
function newUplinkId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `onTakenOver`: another host console took the meeting's capture over (told by the server, or
 * found when this console reconnected): this one must stop capturing.
 */
export function createAudioUplink(getSocket: () => MeetingSocket | null, onStats: (stats: UplinkStats) => void, onTakenOver: () => void = () => {}) {
  let rate: WireSampleRate | null = null;
  let uplinkId = '';
  let nextSeq = 0;
  let open = false;
  /** The server refused the stream for good (meeting over): captured audio is counted, not kept. */
  let refused = false;
  /** Bumped on every (re)connect: answers from an older connection are ignored. */
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let buffer = new UplinkBuffer(MAX_QUEUED_AUDIO_MS, REPLAY_HISTORY_MS);
  /** Highest chunk number sent so far: re-sends are not counted again. */
  let highestSent = -1;
  const stats: UplinkStats = { sent: 0, dropped: 0, rejected: 0, throttled: 0, pendingMs: 0, lastError: null };
  let boundSocket: MeetingSocket | null = null;
  const idleWaiters: Array<() => void> = [];
  /** When the buffer last shrank (a chunk was confirmed or counted), ms since the epoch. */
  let progressAt = 0;
  let lastSize = 0;
  /** stop() was asked for and the stream is not closed yet (its last chunks are still being sent). */
  let stopping = false;
  /** The stream's closing (`audio:stop`) once the last chunk was confirmed, while it runs. */
  let closing: Promise<void> | null = null;

  const report = () => {
    stats.pendingMs = Math.round(buffer.pendingMs);
    if (buffer.size < lastSize) progressAt = Date.now();
    lastSize = buffer.size;
    onStats({ ...stats });
    if (buffer.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const onConnect = () => {
    if (rate !== null) reopenSoon();
  };
  const onDisconnect = () => {
    generation += 1;
    open = false;
    buffer.resetInFlight();
  };
  const onTakenOverEvent = (info: { uplinkId: string }) => {
    if (rate !== null && info.uplinkId === uplinkId) takenOver();
  };

  /** Another console captures now: stop sending (its capture replaced ours at the server). */
  function takenOver(): void {
    refused = true;
    open = false;
    generation += 1;
    stats.rejected += buffer.clear();
    report();
    onTakenOver();
  }

  function bind(socket: MeetingSocket | null): void {
    if (socket === boundSocket) return;
    boundSocket?.off('connect', onConnect);
    boundSocket?.off('disconnect', onDisconnect);
    boundSocket?.off('audio:taken-over', onTakenOverEvent);
    boundSocket = socket;
    socket?.on('connect', onConnect);
    socket?.on('disconnect', onDisconnect);
    socket?.on('audio:taken-over', onTakenOverEvent);
  }

  /** (Re)open the server stream, resuming it when the server still has it. */
  async function reopen(takeover = false): Promise<void> {
    const socket = getSocket();
    if (!socket || rate === null) return;
    open = false;
    const gen = ++generation;
    buffer.resetInFlight();
    const request = { sampleRate: rate, uplinkId, firstChunkSeq: buffer.oldestSeq ?? nextSeq, replayableFromChunkSeq: buffer.oldestReplayableSeq ?? nextSeq };
    const reply = await command(socket, 'audio:start', takeover ? { ...request, takeover: true } : request);
    if (gen !== generation) return;
    buffer.rewind(reply.nextChunkSeq);
    buffer.confirmBelow(reply.nextChunkSeq);
    open = true;
    report();
    pump();
  }

  /** Reopen after a reconnect; a failure is retried while connected, unless the meeting is over. */
  function reopenSoon(): void {
    reopen().catch((error: unknown) => {
      const e = error instanceof UserFacingError ? error : new UserFacingError('internal');
      stats.lastError = e.message;
      if (e.code === 'capture_busy') {
        // While this console was away, another one took the capture over.
        takenOver();
        return;
      }
      if (e.retryable) {
        if (rate !== null && getSocket()?.connected) setTimeout(reopenSoon, RETRY_DELAY_MS);
      } else {
        // The meeting ended (or this session lost the host role): nothing more can be delivered.
        refused = true;
        stats.rejected += buffer.clear();
      }
      report();
    });
  }

  function scheduleRetry(): void {
    retryTimer ??= setTimeout(() => {
      retryTimer = null;
      pump();
    }, RETRY_DELAY_MS);
  }

  function onAnswerError(seq: number, error: UserFacingError): void {
    stats.lastError = error.message;
    if (error.code === 'conflict') {
      // The server has no stream for us any more (it ended after a long outage): open a new one.
      buffer.retry(seq);
      reopenSoon();
    } else if (error.retryable) {
      buffer.retry(seq);
      scheduleRetry();
    } else {
      // Malformed, or the meeting is no longer live: sending it again cannot help.
      buffer.confirm(seq);
      stats.rejected += 1;
    }
  }

  function send(socket: MeetingSocket, seq: number, pcm: Uint8Array<ArrayBuffer>): void {
    const gen = generation;
    if (seq > highestSent) {
      highestSent = seq;
      stats.sent += 1;
    }
    socket.timeout(CHUNK_ANSWER_TIMEOUT_MS).emit('audio:chunk', { chunkSeq: seq, pcm }, (err, result) => {
      if (gen !== generation) return;
      if (err) {
        buffer.retry(seq);
        scheduleRetry();
      } else if (!result.ok) {
        onAnswerError(seq, UserFacingError.fromWire(result.error));
      } else if (result.data.nextChunkSeq > seq) {
        buffer.confirmBelow(result.data.nextChunkSeq);
        buffer.confirm(seq);
        if (!result.data.accepted) stats.throttled += 1;
      } else {
        // Not taken: an earlier chunk is missing at the server. Send again in order; if the
        // missing one is gone from our buffer too, reopen and tell the server where we start.
        buffer.retry(seq);
        if ((buffer.oldestSeq ?? seq) > result.data.nextChunkSeq) reopenSoon();
        else scheduleRetry();
      }
      report();
      pump();
    });
  }

  function pump(): void {
    const socket = getSocket();
    bind(socket);
    if (!open || !socket?.connected || retryTimer) return;
    const room = MAX_IN_FLIGHT - buffer.inFlightCount;
    for (const chunk of buffer.nextToSend(room)) {
      chunk.inFlight = true;
      send(socket, chunk.seq, chunk.pcm);
    }
  }

  /**
   * Open a new capture. `takeover`: replace another console's capture (without it a busy meeting
   * answers `capture_busy`, and the operator is asked first).
   */
  async function start(sampleRate: WireSampleRate, takeover = false): Promise<void> {
    // The previous capture's last chunks are still being sent: a new capture would drop them.
    if (stopping && buffer.size > 0) throw unsentError();
    // Only then yield: chunks pushed right after start() (before its answer) need the state set now.
    if (closing) await closing.catch(() => undefined);
    rate = sampleRate;
    uplinkId = newUplinkId();
    nextSeq = 0;
    highestSent = -1;
    refused = false;
    buffer = new UplinkBuffer(MAX_QUEUED_AUDIO_MS, REPLAY_HISTORY_MS);
    bind(getSocket());
    try {
      await reopen(takeover);
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'transcribing_elsewhere') {
        // Another node's lease runs out shortly: capture now, send once a node takes the meeting.
        stats.lastError = error.message;
        report();
        reopenSoon();
        return;
      }
      rate = null;
      throw error;
    }
  }

  /** Queue a captured chunk (kept until confirmed, also while not yet started or disconnected). */
  function push(pcm: ArrayBuffer): void {
    if (rate === null || pcm.byteLength === 0) return;
    if (refused) {
      stats.rejected += 1;
      report();
      return;
    }
    // The worklet's chunks are far below the cap; split defensively if a device ever sends more.
    for (let offset = 0; offset < pcm.byteLength; offset += MAX_AUDIO_CHUNK_BYTES) {
      const part = new Uint8Array(pcm, offset, Math.min(MAX_AUDIO_CHUNK_BYTES, pcm.byteLength - offset) & ~1);
      stats.dropped += buffer.add(nextSeq++, part, (part.byteLength / 2 / rate) * 1000);
    }
    report();
    pump();
  }

  /** Wait until every captured chunk was confirmed (or `timeoutMs` passed); true when all were. */
  function flushed(timeoutMs: number): Promise<boolean> {
    if (buffer.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(buffer.size === 0), timeoutMs);
      idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Wait until every captured chunk was confirmed; false once `stallMs` passed without any
   * confirmation (the server is down or stuck), counted from the call at the earliest.
   */
  function drained(stallMs: number): Promise<boolean> {
    if (buffer.size === 0) return Promise.resolve(true);
    progressAt = Math.max(progressAt, Date.now());
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const waiter = () => {
        if (timer) clearTimeout(timer);
        resolve(true);
      };
      const check = () => {
        const quietMs = Date.now() - progressAt;
        if (quietMs < stallMs) {
          timer = setTimeout(check, stallMs - quietMs);
          return;
        }
        const i = idleWaiters.indexOf(waiter);
        if (i >= 0) idleWaiters.splice(i, 1);
        resolve(buffer.size === 0);
      };
      idleWaiters.push(waiter);
      timer = setTimeout(check, stallMs);
    });
  }

  /** The host's message when stop() cannot deliver the last audio now (it stays queued). */
  function unsentError(): UserFacingError {
    const seconds = Math.max(1, Math.round(buffer.pendingMs / 1000));
    return new UserFacingError('audio_unsent', `还有 ${buffer.size} 段讲话音频（约 ${seconds} 秒）未送达服务器，已保留在本机，服务器恢复后自动补发；请不要关闭本页面`);
  }

  /** Everything was confirmed: close the server stream, which answers once its finals are stored. */
  async function close(): Promise<void> {
    const socket = getSocket();
    const wasOpen = open;
    stopping = false;
    open = false;
    rate = null;
    generation += 1;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    bind(null);
    report();
    if (!wasOpen || !socket?.connected) return;
    try {
      await command(socket, 'audio:stop', {}, STOP_ANSWER_TIMEOUT_MS);
    } catch (error) {
      // Every chunk is at the server (spooled): it finishes the stream by itself, nothing is lost.
      if (error instanceof UserFacingError && (error.code === 'timeout' || error.code === 'disconnected')) throw new UserFacingError('audio_stop_slow');
      throw error;
    }
  }

  /**
   * Stop: wait while the server confirms the last chunks, then close the server stream (its
   * finals are stored before it answers). If the server stops confirming, nothing is dropped:
   * the audio stays queued and is sent when the server answers again, the stream is closed
   * after it, and stop() rejects with a Chinese message for the host.
   */
  async function stop(): Promise<void> {
    if (rate === null) return;
    if (closing) return closing;
    stopping = true;
    if (await drained(STOP_STALL_TIMEOUT_MS)) {
      closing ??= close().finally(() => (closing = null));
      return closing;
    }
    // Finish in the background once the rest is confirmed (after a reconnect, a server restart).
    idleWaiters.push(() => {
      if (!stopping || closing) return;
      closing = close().finally(() => (closing = null));
      closing.catch(() => undefined);
    });
    throw unsentError();
  }

  return { start, push, stop, flushed };
}
