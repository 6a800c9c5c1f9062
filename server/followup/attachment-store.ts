/**
 * Where attachment bytes live. On SQLite (one node): files on disk beside the database
 * (`<LUOSHI_DATA>.attachments/<meetingId>/<id>`), like the audio spool. On PostgreSQL several
 * nodes serve the same meetings, so the bytes go into the shared database instead
 * (attachment-blobs.ts): a file uploaded through one node downloads through any other.
 *
 * On disk: Files are named by their random id only (no user input reaches a path),
 * written with mode 600 (never executable) through a temporary file, fsynced and renamed, so a
 * crash leaves a whole file or none. A file is written before its row, so a row never points at
 * nothing; files without a row (a crash in between, a deleted meeting) are removed by `prune`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface AttachmentFiles {
  write(meetingId: string, id: string, bytes: Uint8Array): Promise<void>;
  read(meetingId: string, id: string): Promise<Buffer>;
  remove(meetingId: string, id: string): Promise<void>;
  /** Remove what no attachment record keeps (`keep`: the ids that have one now); returns how many went. */
  prune(keep: ReadonlySet<string>): Promise<number>;
}

export function createAttachmentFiles(dataFile: string): AttachmentFiles {
  // An in-memory database (tests) keeps its files in a temporary folder.
  const dir = dataFile === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-attachments-')) : `${dataFile}.attachments`;
  const fileOf = (meetingId: string, id: string): string => {
    if (!ID.test(meetingId) || !ID.test(id)) throw new Error('bad attachment path');
    return path.join(dir, meetingId, id);
  };
  return {
    async write(meetingId, id, bytes) {
      const file = fileOf(meetingId, id);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    },
    async read(meetingId, id) {
      return fs.readFileSync(fileOf(meetingId, id));
    },
    async remove(meetingId, id) {
      fs.rmSync(fileOf(meetingId, id), { force: true });
    },
    async prune(keep) {
      let removed = 0;
      if (!fs.existsSync(dir)) return 0;
      for (const meeting of fs.readdirSync(dir)) {
        const folder = path.join(dir, meeting);
        if (!fs.statSync(folder).isDirectory()) continue;
        for (const name of fs.readdirSync(folder)) {
          if (keep.has(name)) continue;
          fs.rmSync(path.join(folder, name), { force: true });
          removed++;
        }
        if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
      }
      return removed;
    },
  };
}
