/**
 * The rehearsal's host console as the browser runs it: the page's own uplink
 * (client/src/audio/uplink.ts, here in Node) fed from a WAV file in 100 ms chunks, each handed
 * over when its last sample has been "spoken" at real time × speed, as the AudioWorklet does. Like
 * a microphone it never waits for the server: chunks go out with up to 40 unanswered and the rest
 * queued, and `accepted: false` (a final is decoding) is only counted. So the time from speech to
 * venue measures the server, not a feeder that paused (host-audio-feeder.ts backs off 200 ms per
 * `accepted: false` and sends one chunk at a time: on a loaded machine it fell 8–10 s behind the
 * speech, measured with rehearse --burn-cpu 2).
 */
import { createAudioUplink, type UplinkStats } from '../../../client/src/audio/uplink.ts';
import type { MeetingSocket } from '../../../client/src/api/socket.ts';
import { readWavPcm } from '../../protocol-client/host-audio-feeder.ts';

/** Audio per chunk, ms (the worklet's chunk length). */
const CHUNK_MS = 100;

export interface UplinkFeedResult {
  chunks: number;
  audioMs: number;
  /** Wall clock (Date.now(), ms) at which audio time 0 was spoken: audio time A at this + A / speed. */
  startedAtEpochMs: number;
  /** The uplink's counters at the end (throttled = answered `accepted: false`; dropped/rejected must be 0). */
  stats: UplinkStats;
}

/** Capture `file` through the browser uplink at `speed` × real time, then stop (all finals stored). */
export async function feedWavThroughUplink(socket: MeetingSocket, file: string, options: { speed?: number } = {}): Promise<UplinkFeedResult> {
  const { samples, sampleRate } = readWavPcm(file);
  const speed = options.speed ?? 1;
  let stats: UplinkStats = { sent: 0, dropped: 0, rejected: 0, throttled: 0, lastError: null };
  const uplink = createAudioUplink(() => socket, (s) => (stats = s));
  await uplink.start(sampleRate);
  const perChunk = (sampleRate * CHUNK_MS) / 1000;
  const count = Math.ceil(samples.length / perChunk);
  const t0 = performance.now();
  const startedAtEpochMs = Date.now();
  for (let i = 0; i < count; i++) {
    const part = samples.slice(i * perChunk, Math.min(samples.length, (i + 1) * perChunk));
    const spokenMs = ((i * perChunk + part.length) / sampleRate) * 1000;
    const early = t0 + spokenMs / speed - performance.now();
    if (early > 1) await new Promise((r) => setTimeout(r, early));
    uplink.push(part.buffer);
  }
  await uplink.stop();
  return { chunks: count, audioMs: (samples.length / sampleRate) * 1000, startedAtEpochMs, stats };
}
