import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, pixelStats } from './png.ts';

/** Build a tiny RGB PNG with the given filter on every row. */
function encode(width: number, height: number, rgb: (x: number, y: number) => [number, number, number], filter = 0): Buffer {
  const rows: number[] = [];
  const raw: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row: number[] = [];
    for (let x = 0; x < width; x++) row.push(...rgb(x, y));
    raw.push(row);
  }
  for (let y = 0; y < height; y++) {
    rows.push(filter);
    const row = raw[y]!;
    for (let i = 0; i < row.length; i++) {
      const left = i >= 3 ? row[i - 3]! : 0;
      rows.push(filter === 1 ? (row[i]! - left) & 0xff : row[i]!);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodePng / pixelStats', () => {
  it('decodes filtered rows and tells a flat image from a varied one', () => {
    const flat = decodePng(encode(12, 12, () => [250, 250, 250], 1));
    expect(flat.pixels[0]).toBe(250);
    expect(pixelStats(flat, 1)).toMatchObject({ lumaVariance: 0, distinctColours: 1 });
    const stripes = decodePng(encode(12, 12, (x) => (x % 2 ? [179, 18, 31] : [255, 255, 255]), 1));
    expect(Array.from(stripes.pixels.subarray(0, 6))).toEqual([255, 255, 255, 179, 18, 31]);
    const stats = pixelStats(stripes, 1);
    expect(stats.distinctColours).toBe(2);
    expect(stats.lumaVariance).toBeGreaterThan(1000);
  });

  it('rejects non-PNG input', () => {
    expect(() => decodePng(Buffer.from('hello world, not a png'))).toThrow('not a PNG');
  });
});
