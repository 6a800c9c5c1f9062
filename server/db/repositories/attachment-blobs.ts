/** Attachment bytes in the shared database (the PostgreSQL attachment store, followup/attachment-blobs.ts). */
import { sql } from 'kysely';
import type { Sql } from '../sql.ts';

export function createAttachmentBlobsRepo(db: Sql) {
  return {
    async insert(meetingId: string, id: string, bytes: Uint8Array, createdAt: string): Promise<void> {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      await db.run(sql`INSERT INTO attachment_blobs (id, meeting_id, bytes, created_at) VALUES (${id}, ${meetingId}, ${buffer}, ${createdAt})`);
    },
    async get(meetingId: string, id: string): Promise<Buffer | null> {
      const r = await db.one(sql<{ bytes: Buffer | Uint8Array }>`SELECT bytes FROM attachment_blobs WHERE id = ${id} AND meeting_id = ${meetingId}`);
      return r ? Buffer.from(r.bytes) : null;
    },
    async delete(meetingId: string, id: string): Promise<void> {
      await db.run(sql`DELETE FROM attachment_blobs WHERE id = ${id} AND meeting_id = ${meetingId}`);
    },
    /** Delete bytes stored before `before` (ISO) that no attachment row refers to; returns how many. */
    async deleteOrphans(before: string): Promise<number> {
      const rows = await db.all(sql<{ id: string }>`DELETE FROM attachment_blobs AS b WHERE b.created_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM task_attachments a WHERE a.id = b.id) RETURNING b.id`);
      return rows.length;
    },
  };
}

export type AttachmentBlobsRepo = ReturnType<typeof createAttachmentBlobsRepo>;
