/**
 * Boot-time replay of spooled audio (see audio-spool.ts): for each stream a crashed process left
 * behind, the audio after the end of the stream's last stored final segment is transcribed again
 * through the meeting's normal audio path, so the words heard before the crash reach the
 * transcript (and the extractor) in order, before any new audio of the meeting. The spool is
 * deleted only after the replay's finals are stored; a crash during the replay replays again
 * from the last stored final, so nothing is stored twice. With several nodes, a spool is replayed
 * only when this node can take back the meeting's ASR lease at the epoch the spool was written
 * under; if another node took the meeting over meanwhile, the host's uplink resent that audio to
 * it, and the spool is dropped.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/store.ts';
import type { AudioChunk } from '../transcription/types.ts';
import type { AudioSpool, SpoolMeta, SpooledChunk } from './audio-spool.ts';
import type { MeetingAudioStream, OpenOptions, RecoveryReport, UplinkState } from './meeting-audio-types.ts';

export interface RecoveryDeps {
  spool: AudioSpool;
  store: Store;
  log: FastifyBaseLogger;
  /** Resolves when the recogniser can transcribe; a rejection keeps the spools for a later boot. */
  ready: () => Promise<void>;
  open: (meetingId: string, sourceLabel: string, options: OpenOptions) => Promise<MeetingAudioStream>;
  /** Let a reconnecting sender continue after the last chunk the crashed process took. */
  rememberUplink: (meetingId: string, uplinkId: string, state: UplinkState) => void;
  /** Take the meeting's ASR lease back from the crashed process if still at `epoch`; false when another node took it. */
  reclaim?: (meetingId: string, epoch: number) => Promise<boolean>;
}

const durationMs = (c: AudioChunk) => (c.samples.length / c.channels / c.sampleRate) * 1000;

/** The part of `chunks` from stream time `fromMs` on (the first chunk cut at a frame boundary). */
export function audioFrom(chunks: readonly SpooledChunk[], fromMs: number): { startMs: number; chunks: AudioChunk[] } {
  const out: AudioChunk[] = [];
  let startMs: number | null = null;
  for (const c of chunks) {
    const endMs = c.startMs + durationMs(c.chunk);
    if (endMs <= fromMs) continue;
    if (c.startMs >= fromMs) {
      startMs ??= c.startMs;
      out.push(c.chunk);
      continue;
    }
    const skipFrames = Math.floor(((fromMs - c.startMs) * c.chunk.sampleRate) / 1000);
    const { samples, channels, sampleRate } = c.chunk;
    out.push({ samples: samples.subarray(skipFrames * channels), sampleRate, channels });
    startMs ??= c.startMs + (skipFrames * 1000) / sampleRate;
  }
  return { startMs: startMs ?? fromMs, chunks: out };
}

/** End of the stream's stored segments in its own time (0 when none was stored). */
async function storedEndMs(store: Store, meta: SpoolMeta): Promise<number> {
  const prefix = `${meta.streamId}-`;
  let end = 0;
  for (const s of await store.segments.list(meta.meetingId)) if (s.id.startsWith(prefix)) end = Math.max(end, s.endMs - meta.startOffsetMs);
  return end;
}

export async function recoverSpooledAudio(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { spool, store, log } = deps;
  const report: RecoveryReport = { streams: 0, replayedMs: 0, removed: 0 };
  const leftover = spool.leftover();
  if (leftover.length === 0) return report;
  try {
    await deps.ready();
  } catch (err) {
    log.error({ err, streams: leftover.length }, 'spooled audio kept for a later start: the recogniser is unavailable');
    return report;
  }
  for (const meta of leftover) {
    const meeting = await store.meetings.get(meta.meetingId);
    const chunks = spool.read(meta);
    const lastSeq = chunks.reduce((m, c) => Math.max(m, c.chunkSeq ?? -1), -1);
    const last = chunks.at(-1);
    const spooledEndMs = last ? last.startMs + durationMs(last.chunk) : 0;
    if (!meeting || meeting.status !== 'live') {
      log.warn({ meetingId: meta.meetingId, streamId: meta.streamId, status: meeting?.status ?? 'missing' }, 'spooled audio of a meeting that is not live removed');
      spool.remove(meta);
      report.removed += 1;
      continue;
    }
    if (meta.leaseEpoch && deps.reclaim && !(await deps.reclaim(meta.meetingId, meta.leaseEpoch))) {
      log.warn({ meetingId: meta.meetingId, streamId: meta.streamId }, 'spooled audio dropped: another node took the meeting over and heard it again');
      spool.remove(meta);
      report.removed += 1;
      continue;
    }
    if (meta.uplinkId && lastSeq >= 0) deps.rememberUplink(meta.meetingId, meta.uplinkId, { lastChunkSeq: lastSeq, endMs: meta.startOffsetMs + spooledEndMs });
    const fromMs = await storedEndMs(store, meta);
    const replay = audioFrom(chunks, fromMs);
    const replayMs = replay.chunks.reduce((sum, c) => sum + durationMs(c), 0);
    if (replayMs <= 0) {
      spool.remove(meta);
      report.removed += 1;
      continue;
    }
    log.info({ meetingId: meta.meetingId, streamId: meta.streamId, fromMs: Math.round(replay.startMs), replayMs: Math.round(replayMs) }, 'replaying spooled audio after a crash');
    const stream = await deps.open(meta.meetingId, 'recovery', {
      // Ids start with the spooled stream's id, so a crash during this replay resumes after it.
      streamId: `${meta.streamId}-r${randomBytes(2).toString('hex')}`,
      startOffsetMs: meta.startOffsetMs + replay.startMs,
      // The spool being replayed stays on disk until the replay is stored.
      spool: false,
    });
    for (const chunk of replay.chunks) if (!stream.push(chunk)) await stream.drain();
    await stream.end();
    spool.remove(meta);
    report.streams += 1;
    report.replayedMs += replayMs;
  }
  log.info({ ...report, replayedMs: Math.round(report.replayedMs) }, 'audio spool recovery done');
  return report;
}
