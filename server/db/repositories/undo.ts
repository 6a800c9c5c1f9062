/** Undoable secretary operations (merge, split): what to restore, stored until undone. */
import type { Db } from '../database.ts';

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

export function createUndoRepo(db: Db) {
  const insert = db.prepare('INSERT INTO undo_ops (id, meeting_id, kind, state, created_at) VALUES (@id, @meetingId, @kind, @state, @createdAt)');
  const byId = db.prepare<[string], UndoRow>('SELECT * FROM undo_ops WHERE id = ?');
  const markUndone = db.prepare('UPDATE undo_ops SET undone_at = ? WHERE id = ? AND undone_at IS NULL');
  return {
    insert(op: Omit<UndoOp, 'undoneAt'>): void {
      insert.run({ ...op, state: JSON.stringify(op.state) });
    },
    get(id: string): UndoOp | null {
      const r = byId.get(id);
      if (!r) return null;
      return { id: r.id, meetingId: r.meeting_id, kind: r.kind, state: JSON.parse(r.state) as unknown, createdAt: r.created_at, undoneAt: r.undone_at };
    },
    /** Mark undone; false when it already was (an undo applies once). */
    markUndone(id: string, at: string): boolean {
      return markUndone.run(at, id).changes === 1;
    },
  };
}

export type UndoRepo = ReturnType<typeof createUndoRepo>;
