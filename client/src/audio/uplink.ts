/**
 * Host audio uplink: PCM chunks from the microphone → `audio:chunk` messages. Live audio is not
 * queued while disconnected (stale speech would only delay the captions); after a reconnect the
 * stream is re-opened with `audio:start`. Chunks carry a counter for ordering on the server.
 */
import type { MeetingSocket } from '../api/socket.ts';
import { command } from '../api/socket.ts';
import { MAX_AUDIO_CHUNK_BYTES } from '../../../shared/protocol/index.ts';
import type { WireSampleRate } from './pcm.ts';

/** Unanswered chunks beyond this count mean the server is falling behind: skip until it catches up. */
const MAX_IN_FLIGHT = 40;

export interface UplinkStats {
  /** Chunks sent to the server. */
  sent: number;
  /** Chunks not sent (disconnected, stream not open, or too many unanswered). */
  dropped: number;
  /** Chunks the server answered with an error. */
  rejected: number;
  /** Chunks accepted while the recogniser queue was full (server asks to slow down; audio is kept). */
  throttled: number;
  /** Chinese message of the last error answer, for the operator. */
  lastError: string | null;
}

export function createAudioUplink(getSocket: () => MeetingSocket | null, onStats: (stats: UplinkStats) => void) {
  let rate: WireSampleRate | null = null;
  let chunkSeq = 0;
  let inFlight = 0;
  let open = false;
  const stats: UplinkStats = { sent: 0, dropped: 0, rejected: 0, throttled: 0, lastError: null };
  let boundSocket: MeetingSocket | null = null;

  const onReconnect = () => {
    if (rate !== null) void reopen();
  };

  async function reopen(): Promise<void> {
    const socket = getSocket();
    if (!socket || rate === null) return;
    open = false;
    await command(socket, 'audio:start', { sampleRate: rate });
    open = true;
  }

  async function start(sampleRate: WireSampleRate): Promise<void> {
    rate = sampleRate;
    chunkSeq = 0;
    inFlight = 0;
    boundSocket = getSocket();
    boundSocket?.on('connect', onReconnect);
    await reopen();
  }

  function push(pcm: ArrayBuffer): void {
    const socket = getSocket();
    if (!open || !socket?.connected || inFlight >= MAX_IN_FLIGHT || pcm.byteLength === 0) {
      stats.dropped += 1;
      onStats({ ...stats });
      return;
    }
    // The worklet's chunks are far below the cap; split defensively if a device ever sends more.
    for (let offset = 0; offset < pcm.byteLength; offset += MAX_AUDIO_CHUNK_BYTES) {
      const part = new Uint8Array(pcm, offset, Math.min(MAX_AUDIO_CHUNK_BYTES, pcm.byteLength - offset));
      inFlight += 1;
      socket.emit('audio:chunk', { chunkSeq: chunkSeq++, pcm: part }, (result) => {
        inFlight -= 1;
        if (!result.ok) {
          stats.rejected += 1;
          stats.lastError = result.error.message;
        } else if (!result.data.accepted) {
          stats.throttled += 1;
        }
        onStats({ ...stats });
      });
      stats.sent += 1;
    }
  }

  async function stop(): Promise<void> {
    boundSocket?.off('connect', onReconnect);
    boundSocket = null;
    const socket = getSocket();
    const wasOpen = open;
    open = false;
    rate = null;
    if (wasOpen && socket?.connected) await command(socket, 'audio:stop', {});
  }

  return { start, push, stop };
}
