import { Document, Packer, Paragraph } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFileType, safeFileName } from './file-type.ts';

const PDF = strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

describe('detectFileType: the bytes decide', () => {
  it('accepts PDF, PNG, JPEG and a real DOCX', async () => {
    expect(detectFileType(PDF)).toEqual({ mediaType: 'application/pdf', extension: 'pdf' });
    expect(detectFileType(PNG)?.mediaType).toBe('image/png');
    expect(detectFileType(JPEG)?.mediaType).toBe('image/jpeg');
    const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('落实情况')] }] })));
    expect(detectFileType(docx)?.extension).toBe('docx');
  });
  it('refuses executables, scripts, other zips, macro-enabled Word files and broken zips', () => {
    expect(detectFileType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00]))).toBeNull(); // MZ: a Windows executable
    expect(detectFileType(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]))).toBeNull(); // ELF
    expect(detectFileType(strToU8('#!/bin/sh\nrm -rf /\n'))).toBeNull();
    expect(detectFileType(strToU8('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectFileType(zipSync({ 'a.txt': strToU8('x') }))).toBeNull();
    const docm = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>'), 'word/vbaProject.bin': strToU8('macro') });
    expect(detectFileType(docm)).toBeNull();
    expect(detectFileType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
    expect(detectFileType(new Uint8Array(0))).toBeNull();
  });
});

describe('safeFileName', () => {
  const pdf = { mediaType: 'application/pdf', extension: 'pdf' };
  it('keeps a plain name, strips paths and control characters, forces the detected extension', () => {
    expect(safeFileName('整改报告.pdf', pdf)).toBe('整改报告.pdf');
    expect(safeFileName('..\\..\\windows\\system32\\报告.PDF', pdf)).toBe('报告.PDF');
    expect(safeFileName('/etc/passwd', pdf)).toBe('passwd.pdf');
    expect(safeFileName('run.exe', pdf)).toBe('run.exe.pdf');
    expect(safeFileName('a\u0000b\r\n"c".pdf', pdf)).toBe('a b c .pdf');
    expect(safeFileName('...hidden', pdf)).toBe('hidden.pdf');
    expect(safeFileName(undefined, pdf)).toBe('附件.pdf');
    expect(safeFileName('照片.jpeg', { mediaType: 'image/jpeg', extension: 'jpg' })).toBe('照片.jpeg');
    expect([...safeFileName('长'.repeat(300), pdf)].length).toBe(104);
  });
});
