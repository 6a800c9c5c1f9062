/**
 * Where another node would take a host uplink over: the first chunk whose audio is not yet stored
 * as transcript. Each whole chunk heard leaves a mark (its number, where it starts in the stream);
 * as finals are stored the point moves up to the last mark everything before which is stored.
 * Ended uplinks are remembered by where they stopped.
 */
import type { AudioChunk } from '../transcription/types.ts';
import type { UplinkHandover, UplinkState } from './meeting-audio-types.ts';

export const chunkDurationMs = (c: AudioChunk): number => (c.samples.length / c.channels / c.sampleRate) * 1000;

/**
 * Drop the first `skipMs` of audio (a previous holder already transcribed it): the part of `chunk`
 * still to be heard (null: none of it) and what remains to skip after it.
 */
export function skipHeard(chunk: AudioChunk, skipMs: number): { heard: AudioChunk | null; leftMs: number } {
  if (skipMs <= 0) return { heard: chunk, leftMs: 0 };
  const ms = chunkDurationMs(chunk);
  if (ms <= skipMs) return { heard: null, leftMs: skipMs - ms };
  const frames = Math.floor((skipMs * chunk.sampleRate) / 1000);
  return { heard: { ...chunk, samples: chunk.samples.subarray(frames * chunk.channels) }, leftMs: 0 };
}

export interface HandoverTracker {
  /** A numbered chunk arrived at stream-local `localMs`: the first one is the point until finals move it. */
  arrived(chunkSeq: number, localMs: number): void;
  /** A numbered chunk was heard whole (none of it skipped) from stream-local `localMs`. */
  heard(chunkSeq: number, localMs: number): void;
  /** Move the point up to the last whole chunk that starts at or before `safeMs` (stream-local). */
  advance(safeMs: number): UplinkHandover | null;
  current(): UplinkHandover | null;
}

export function createHandoverTracker(uplinkId: string, streamId: string, startOffsetMs: number, initial: UplinkHandover | null): HandoverTracker {
  let point = initial;
  /** The start of each later whole chunk heard (stream time), oldest first. */
  const marks: { chunkSeq: number; localMs: number }[] = [];
  return {
    arrived(chunkSeq, localMs) {
      point ??= { uplinkId, streamId, chunkSeq, atMs: startOffsetMs + localMs };
    },
    heard(chunkSeq, localMs) {
      marks.push({ chunkSeq, localMs });
    },
    advance(safeMs) {
      if (point === null) return null;
      while (marks.length > 0 && (marks[0]?.localMs ?? Infinity) <= safeMs) {
        const m = marks.shift()!;
        point = { uplinkId, streamId, chunkSeq: m.chunkSeq, atMs: startOffsetMs + m.localMs };
      }
      return point;
    },
    current: () => point,
  };
}

/** Uplinks whose next chunk number is remembered after their stream ended (oldest forgotten first). */
const MAX_REMEMBERED_UPLINKS = 1000;

/**
 * Where ended host uplinks stopped, so a sender that comes back (a reconnect after the stream's
 * grace, a restart that replayed its spool) is told which chunk to send next.
 */
export function createUplinkMemory(): {
  remember(meetingId: string, uplinkId: string, state: UplinkState): void;
  get(meetingId: string, uplinkId: string): UplinkState | null;
  forgetMeeting(meetingId: string): void;
} {
  const uplinks = new Map<string, UplinkState>();
  return {
    remember(meetingId, uplinkId, state) {
      const key = `${meetingId}|${uplinkId}`;
      uplinks.delete(key);
      uplinks.set(key, state);
      if (uplinks.size > MAX_REMEMBERED_UPLINKS) uplinks.delete(uplinks.keys().next().value ?? key);
    },
    get: (meetingId, uplinkId) => uplinks.get(`${meetingId}|${uplinkId}`) ?? null,
    forgetMeeting(meetingId) {
      for (const key of [...uplinks.keys()]) if (key.startsWith(`${meetingId}|`)) uplinks.delete(key);
    },
  };
}
