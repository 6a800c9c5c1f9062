/**
 * What an uploaded file really is, from its bytes (pure): PDF, JPEG, PNG or DOCX. The name and
 * the uploader's Content-Type are never trusted; a macro-enabled Word file (a vbaProject inside)
 * or any other zip is refused. The stored name gets the extension of the detected type.
 */
import { unzipSync } from 'fflate';

/** Largest attachment, bytes (20 MB: scanned documents and phone photos fit). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface DetectedType {
  mediaType: string;
  extension: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

/** The zip's entry names (central directory only, nothing is inflated); null when not a readable zip. */
function zipEntryNames(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return null;
  }
  return names;
}

/** The type of `bytes`, or null when it is none of the accepted ones. */
export function detectFileType(bytes: Uint8Array): DetectedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mediaType: 'application/pdf', extension: 'pdf' }; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png', extension: 'png' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(bytes);
    if (!names) return null;
    const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
    if (has('[Content_Types].xml') && has('word/document.xml') && !names.some((n) => /vbaProject\.bin$/i.test(n))) {
      return { mediaType: DOCX, extension: 'docx' };
    }
  }
  return null;
}

/** Characters no file system or shell should see in a name: separators, controls, reserved ones. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const MAX_NAME_CHARS = 100;

/**
 * A safe display and download name: the uploader's name without path or control characters,
 * at most 100 characters, ending in the detected type's extension (`报告.exe` that is a PDF → `报告.exe.pdf`).
 */
export function safeFileName(raw: string | undefined, type: DetectedType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = [...base.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')].slice(0, MAX_NAME_CHARS).join('').trim();
  if (name === '') name = '附件';
  const ext = `.${type.extension}`;
  const lower = name.toLowerCase();
  const same = lower.endsWith(ext) || (type.extension === 'jpg' && lower.endsWith('.jpeg'));
  return same ? name : `${name}${ext}`;
}
