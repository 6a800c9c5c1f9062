/** Undoable secretary operations (merge, split): what to restore, stored until undone. */
import { sql } from 'kysely';
import type { Sql } from '../sql.ts';

export type UndoKind = 'merge' | 'split';

export interface UndoOp<S = unknown> {
  id: string;
  meetingId: string;
  kind: UndoKind;
  /** What the undo restores; shaped by the service that wrote it. */
  state: S;
  createdAt: string;
  undoneAt: string | null;
}

interface UndoRow {
  id: string;
  meeting_id: string;
  kind: UndoKind;
  state: string;
  created_at: string;
  undone_at: string | null;
}

export function createUndoRepo(db: Sql) {
  return {
    async insert(op: Omit<UndoOp, 'undoneAt'>): Promise<void> {
      await db.run(sql`INSERT INTO undo_ops (id, meeting_id, kind, state, created_at)
        VALUES (${op.id}, ${op.meetingId}, ${op.kind}, ${JSON.stringify(op.state)}, ${op.createdAt})`);
    },
    async get(id: string): Promise<UndoOp | null> {
      const r = await db.one(sql<UndoRow>`SELECT * FROM undo_ops WHERE id = ${id}`);
      if (!r) return null;
      return { id: r.id, meetingId: r.meeting_id, kind: r.kind, state: JSON.parse(r.state) as unknown, createdAt: r.created_at, undoneAt: r.undone_at };
    },
    /** Mark undone; false when it already was (an undo applies once, even when two nodes race: one conditional UPDATE). */
    async markUndone(id: string, at: string): Promise<boolean> {
      return (await db.run(sql`UPDATE undo_ops SET undone_at = ${at} WHERE id = ${id} AND undone_at IS NULL`)) === 1;
    },
  };
}

export type UndoRepo = ReturnType<typeof createUndoRepo>;
