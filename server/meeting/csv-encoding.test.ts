import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { decodeCsvBytes } from './csv-encoding.ts';

const TEXT = '名称,级别\n甲县,县\n';
/** TEXT as Excel on Chinese Windows saves "CSV (逗号分隔)": GBK. */
const GBK = new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbc, 0xb6, 0xb1, 0xf0, 0x0a, 0xbc, 0xd7, 0xcf, 0xd8, 0x2c, 0xcf, 0xd8, 0x0a]);

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = bigEndian ? c >> 8 : c & 0xff;
    out[3 + i * 2] = bigEndian ? c & 0xff : c >> 8;
  }
  return out;
}

const refusal = (bytes: Uint8Array) => {
  try {
    decodeCsvBytes(bytes);
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
};

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with and without a BOM, GBK as GB18030, and UTF-16 with a BOM', () => {
    const utf8 = new TextEncoder().encode(TEXT);
    expect(decodeCsvBytes(utf8)).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeCsvBytes(GBK)).toEqual({ text: TEXT, encoding: 'gb18030' });
    expect(decodeCsvBytes(utf16(TEXT, false))).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeCsvBytes(utf16(TEXT, true))).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('refuses what it cannot tell, with csv_encoding', () => {
    // UTF-16 without its BOM (NUL bytes), Latin-1 text (valid GB18030 bytes, but not Chinese), binary junk.
    expect(refusal(utf16(TEXT, false).subarray(2))).toBe('csv_encoding');
    expect(refusal(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x4e, 0x69, 0xf1, 0x6f, 0x0a]))).toBe('csv_encoding');
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]))).toBe('csv_encoding');
    // A UTF-8 BOM in front of bytes that are not UTF-8.
    expect(refusal(new Uint8Array([0xef, 0xbb, 0xbf, ...GBK]))).toBe('csv_encoding');
  });
});
