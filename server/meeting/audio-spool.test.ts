/**
 * The audio spool on a real temp folder: chunks read back in order with their numbers and times,
 * a record torn by a crash is skipped, settled audio is trimmed by whole files, the per-stream
 * cap bounds the disk, and a clean close leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioFrom } from './audio-recovery.ts';
import { AudioSpool, SPOOL_FILE_MS, SPOOL_MAX_MS, SPOOL_TRIM_MARGIN_MS, type SpoolMeta } from './audio-spool.ts';

const logs: string[] = [];
const newSpool = () => new AudioSpool(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-spool-')), (_level, _fields, message) => logs.push(message));
const meta = (streamId = 'abcd1234'): SpoolMeta => ({ meetingId: 'm-1', streamId, uplinkId: 'uplink-0001', startOffsetMs: 5000, createdAt: new Date().toISOString() });
/** 100 ms of 16 kHz mono whose samples all equal `n`. */
const chunk = (n: number) => ({ samples: new Int16Array(1600).fill(n), sampleRate: 16000, channels: 1 as const });
const pcmFiles = (spool: AudioSpool, m: SpoolMeta) => fs.readdirSync(path.join(spool.root, m.meetingId, m.streamId)).filter((f) => f.endsWith('.pcm'));

describe('AudioSpool', () => {
  it('reads back what a crashed writer left, in order, with chunk numbers and stream times', () => {
    const spool = newSpool();
    const w = spool.open(meta());
    for (let n = 0; n < 5; n++) w.append(chunk(n), n);
    w.append({ samples: new Float32Array(480).fill(0.5), sampleRate: 48000, channels: 1 }, null);
    // No close(): the process died. A torn record at the end (half a header) is ignored.
    const file = path.join(spool.root, 'm-1', 'abcd1234', pcmFiles(spool, meta())[0]!);
    fs.appendFileSync(file, Buffer.alloc(7));
    const [left] = spool.leftover();
    expect(left).toMatchObject({ meetingId: 'm-1', streamId: 'abcd1234', uplinkId: 'uplink-0001', startOffsetMs: 5000 });
    const read = spool.read(left!);
    expect(read.map((c) => c.chunkSeq)).toEqual([0, 1, 2, 3, 4, null]);
    expect(read.map((c) => Math.round(c.startMs))).toEqual([0, 100, 200, 300, 400, 500]);
    expect(read[3]!.chunk.samples[0]).toBe(3);
    expect(read[5]!.chunk).toMatchObject({ sampleRate: 48000, channels: 1 });
    expect(read[5]!.chunk.samples[0]).toBe(Math.round(0.5 * 32767));
    spool.remove(left!);
    expect(spool.leftover()).toEqual([]);
    expect(fs.readdirSync(spool.root)).toEqual([]);
  });

  it('trims whole files once the recogniser settled past them, and deletes everything on a clean close', () => {
    const spool = newSpool();
    const m = meta();
    const w = spool.open(m);
    const chunks = (3 * SPOOL_FILE_MS) / 100;
    for (let n = 0; n < chunks; n++) w.append(chunk(n), n);
    expect(pcmFiles(spool, m)).toHaveLength(3);
    w.trim(SPOOL_FILE_MS); // not yet past the margin
    expect(pcmFiles(spool, m)).toHaveLength(3);
    w.trim(2 * SPOOL_FILE_MS + SPOOL_TRIM_MARGIN_MS);
    expect(pcmFiles(spool, m)).toHaveLength(1);
    expect(spool.read(m)[0]!.chunkSeq).toBe((2 * SPOOL_FILE_MS) / 100);
    w.close(true);
    expect(fs.readdirSync(spool.root)).toEqual([]);
  });

  it('keeps at most SPOOL_MAX_MS per stream, dropping the oldest with a warning', () => {
    const spool = newSpool();
    const m = meta('capped01');
    const w = spool.open(m);
    // One second per chunk keeps this quick: 16 000 samples × (max + 2 files).
    const second = { samples: new Int16Array(16000), sampleRate: 16000, channels: 1 as const };
    for (let s = 0; s < (SPOOL_MAX_MS + 2 * SPOOL_FILE_MS) / 1000; s++) w.append(second, s);
    const kept = spool.read(m);
    const keptMs = kept.length * 1000;
    expect(keptMs).toBeLessThanOrEqual(SPOOL_MAX_MS + SPOOL_FILE_MS);
    expect(keptMs).toBeGreaterThanOrEqual(SPOOL_MAX_MS);
    expect(logs.some((l) => l.includes('over its cap'))).toBe(true);
    w.close(true);
  });

  it('drops unreadable folders instead of failing the boot', () => {
    const spool = newSpool();
    fs.mkdirSync(path.join(spool.root, 'm-2', 'broken'), { recursive: true });
    fs.writeFileSync(path.join(spool.root, 'm-2', 'broken', 'stream.json'), '{"meetingId": "../etc"}');
    expect(spool.leftover()).toEqual([]);
    expect(fs.existsSync(path.join(spool.root, 'm-2', 'broken'))).toBe(false);
  });
});

describe('audioFrom (the part of a spool to replay)', () => {
  it('starts at the end of the last stored segment, cutting the first chunk at a sample', () => {
    const spooled = [0, 1, 2].map((n) => ({ chunkSeq: n, startMs: n * 100, chunk: chunk(n) }));
    const from = audioFrom(spooled, 150);
    expect(from.startMs).toBe(150);
    expect(from.chunks.map((c) => c.samples.length)).toEqual([800, 1600]);
    expect(audioFrom(spooled, 300).chunks).toEqual([]);
    expect(audioFrom(spooled, 0).chunks).toHaveLength(3);
  });
});
