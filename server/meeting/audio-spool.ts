/**
 * Crash safety for heard audio: an append-only spool of every chunk a meeting's audio stream
 * accepted, written before the sender gets its acknowledgement. Whatever the recogniser has not
 * settled yet (no final stored) can be replayed after a crash (kill -9, power cut within the
 * sync interval excepted); settled audio is trimmed away as the meeting goes on, and a stream
 * that ended cleanly deletes its spool. Layout, one folder per stream:
 *
 *   <root>/<meetingId>/<streamId>/stream.json          SpoolMeta
 *   <root>/<meetingId>/<streamId>/<startMs>.pcm        records, rolled every SPOOL_FILE_MS
 *
 * A record is a 16-byte little-endian header (u32 chunkSeq or NO_SEQ, u32 sample rate,
 * u16 channels, u16 reserved, u32 byte length) followed by Int16 interleaved PCM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AudioChunk } from '../transcription/types.ts';

/** Audio per spool file before a new one is started, ms: the granularity of trimming. */
export const SPOOL_FILE_MS = 30_000;
/** At most this much audio is kept per stream, ms; beyond it the oldest file goes (logged). */
export const SPOOL_MAX_MS = 10 * 60_000;
/** Written data is flushed to disk (fdatasync) at most this often, ms. A killed process loses nothing; a power cut up to this much. */
export const SPOOL_SYNC_INTERVAL_MS = 1000;
/** Settled audio is trimmed only this far behind the settled point, ms (resampler delay, rounding). */
export const SPOOL_TRIM_MARGIN_MS = 1000;
/** chunkSeq of a record from a source without sequence numbers (LiveKit). */
export const NO_SEQ = 0xffffffff;
const HEADER_BYTES = 16;
const META_FILE = 'stream.json';

/** What a spool folder records about its stream. */
export interface SpoolMeta {
  meetingId: string;
  streamId: string;
  /** The sender's uplink id (host browser), when it gave one: lets it resume after a crash. */
  uplinkId: string | null;
  /** Offset the stream added to its segment times, ms (meeting timeline). */
  startOffsetMs: number;
  /** When the stream opened, ISO-8601. */
  createdAt: string;
  /**
   * Epoch of the meeting's ASR lease this node held when the stream opened (asr-lease.ts): a
   * restarted node replays the spool only if nobody took the meeting over since. Null: no lease.
   */
  leaseEpoch?: number | null;
}

/** One spooled chunk, as read back. */
export interface SpooledChunk {
  /** Sender's sequence number, or null. */
  chunkSeq: number | null;
  /** Start of the chunk in stream time, ms since the stream's first sample. */
  startMs: number;
  chunk: AudioChunk;
}

/** Writer of one stream's spool. */
export interface SpoolWriter {
  readonly meta: SpoolMeta;
  /** Append a chunk (before acknowledging it). */
  append(chunk: AudioChunk, chunkSeq: number | null): void;
  /** Drop whole files that end before `settledMs` (stream time, ms) minus the margin. */
  trim(settledMs: number): void;
  /** Close; with `remove` the stream's folder is deleted (everything was settled). */
  close(remove: boolean): void;
}

/** Log sink (structured fields, never transcript text). */
export type SpoolLog = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => void;

const fileName = (startMs: number) => `${String(Math.round(startMs)).padStart(12, '0')}.pcm`;

function toInt16(chunk: AudioChunk): Int16Array {
  if (chunk.samples instanceof Int16Array) return chunk.samples;
  const out = new Int16Array(chunk.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round((chunk.samples[i] ?? 0) * 32767)));
  return out;
}

/** The spool root: one folder per meeting and stream. */
export class AudioSpool {
  constructor(
    readonly root: string,
    private readonly log: SpoolLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Start spooling a new stream. */
  open(meta: SpoolMeta): SpoolWriter {
    const dir = path.join(this.root, meta.meetingId, meta.streamId);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, META_FILE), JSON.stringify(meta));
    return new FileSpoolWriter(dir, meta, this.log, this.now);
  }

  /** Streams left behind by a previous process (not closed cleanly), oldest first. */
  leftover(): SpoolMeta[] {
    if (!fs.existsSync(this.root)) return [];
    const metas: SpoolMeta[] = [];
    for (const meeting of fs.readdirSync(this.root)) {
      const meetingDir = path.join(this.root, meeting);
      if (!fs.statSync(meetingDir).isDirectory()) continue;
      for (const stream of fs.readdirSync(meetingDir)) {
        const metaFile = path.join(meetingDir, stream, META_FILE);
        try {
          metas.push(parseMeta(fs.readFileSync(metaFile, 'utf8')));
        } catch (err) {
          this.log('warn', { dir: path.join(meetingDir, stream), err: String(err) }, 'unreadable audio spool folder removed');
          fs.rmSync(path.join(meetingDir, stream), { recursive: true, force: true });
        }
      }
    }
    return metas.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Every chunk of a left-over stream in order; a torn last record (crash mid-write) is skipped. */
  read(meta: SpoolMeta): SpooledChunk[] {
    const dir = path.join(this.root, meta.meetingId, meta.streamId);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pcm')).sort();
    const chunks: SpooledChunk[] = [];
    for (const file of files) {
      let startMs = Number(file.slice(0, -4));
      const buf = fs.readFileSync(path.join(dir, file));
      let offset = 0;
      while (offset + HEADER_BYTES <= buf.length) {
        const seq = buf.readUInt32LE(offset);
        const sampleRate = buf.readUInt32LE(offset + 4);
        const channels = buf.readUInt16LE(offset + 8);
        const bytes = buf.readUInt32LE(offset + 12);
        if (offset + HEADER_BYTES + bytes > buf.length || (channels !== 1 && channels !== 2) || sampleRate <= 0) break;
        const samples = new Int16Array(bytes >> 1);
        new Uint8Array(samples.buffer).set(buf.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + samples.byteLength));
        chunks.push({ chunkSeq: seq === NO_SEQ ? null : seq, startMs, chunk: { samples, sampleRate, channels } });
        startMs += (samples.length / channels / sampleRate) * 1000;
        offset += HEADER_BYTES + bytes;
      }
    }
    return chunks;
  }

  /** Delete a left-over stream's folder (and its meeting folder when empty). */
  remove(meta: SpoolMeta): void {
    const meetingDir = path.join(this.root, meta.meetingId);
    fs.rmSync(path.join(meetingDir, meta.streamId), { recursive: true, force: true });
    removeIfEmpty(meetingDir);
  }
}

class FileSpoolWriter implements SpoolWriter {
  private fd: number | null = null;
  private fileStartMs = 0;
  private positionMs = 0;
  private lastSyncMs = 0;
  private failed = false;
  /** Start ms of every file still on disk, oldest first. */
  private readonly files: number[] = [];

  constructor(
    private readonly dir: string,
    readonly meta: SpoolMeta,
    private readonly log: SpoolLog,
    private readonly now: () => number,
  ) {}

  append(chunk: AudioChunk, chunkSeq: number | null): void {
    if (this.failed) return;
    try {
      if (this.fd === null || this.positionMs - this.fileStartMs >= SPOOL_FILE_MS) this.roll();
      const pcm = toInt16(chunk);
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt32LE(chunkSeq ?? NO_SEQ, 0);
      header.writeUInt32LE(chunk.sampleRate, 4);
      header.writeUInt16LE(chunk.channels, 8);
      header.writeUInt32LE(pcm.byteLength, 12);
      // One write per record, header and samples together, so a crash tears at most the last one.
      fs.writeSync(this.fd!, Buffer.concat([header, Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength)]));
      this.positionMs += (pcm.length / chunk.channels / chunk.sampleRate) * 1000;
      if (this.now() - this.lastSyncMs >= SPOOL_SYNC_INTERVAL_MS) {
        fs.fdatasyncSync(this.fd!);
        this.lastSyncMs = this.now();
      }
      this.enforceCap();
    } catch (err) {
      // A full or broken disk must not stop the live meeting: transcription goes on unspooled.
      this.failed = true;
      this.log('error', { meetingId: this.meta.meetingId, streamId: this.meta.streamId, err: String(err) }, 'audio spool write failed; this stream is no longer crash-safe');
    }
  }

  trim(settledMs: number): void {
    // A file can go once the next one starts at or before the settled point.
    while (this.files.length > 1 && (this.files[1] ?? Infinity) <= settledMs - SPOOL_TRIM_MARGIN_MS) this.dropOldest();
  }

  close(remove: boolean): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    if (remove) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      removeIfEmpty(path.dirname(this.dir));
    }
  }

  private roll(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fileStartMs = this.positionMs;
    this.fd = fs.openSync(path.join(this.dir, fileName(this.fileStartMs)), 'a');
    this.files.push(this.fileStartMs);
  }

  private enforceCap(): void {
    while (this.files.length > 1 && this.positionMs - (this.files[1] ?? this.positionMs) >= SPOOL_MAX_MS) {
      this.log('warn', { meetingId: this.meta.meetingId, streamId: this.meta.streamId, droppedFromMs: this.files[0] }, 'audio spool over its cap: oldest unsettled audio is no longer crash-safe');
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const start = this.files.shift();
    if (start !== undefined) fs.rmSync(path.join(this.dir, fileName(start)), { force: true });
  }
}

const spoolId = z.string().regex(/^[\w-]{1,80}$/);
const spoolMetaSchema = z.object({
  meetingId: spoolId,
  streamId: spoolId,
  uplinkId: z.string().max(64).nullable().default(null),
  startOffsetMs: z.number().finite().nonnegative(),
  createdAt: z.string().min(1),
  leaseEpoch: z.number().int().positive().nullable().default(null),
});

function parseMeta(text: string): SpoolMeta {
  return spoolMetaSchema.parse(JSON.parse(text));
}

function removeIfEmpty(dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // already gone
  }
}
