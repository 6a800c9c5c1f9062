/**
 * The secretary's last undoable merge or split, remembered per meeting in the tab's sessionStorage:
 * a reload of the desk (or a reconnect that remounts it) keeps the 撤销 button. The server still
 * decides whether the undo applies (each applies once), so a stale entry costs one refused click.
 */

/** What the 撤销 button needs: the server's undo id and its label. */
export interface Undoable {
  undoId: string;
  label: string;
}

/** The part of the Web Storage API used here (sessionStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const keyOf = (meetingId: string) => `luoshi.undo.${meetingId}`;

/** The remembered undo for this meeting, or null when none (or the stored value is not ours). */
export function recallUndoable(storage: KeyValueStorage, meetingId: string): Undoable | null {
  try {
    const raw = storage.getItem(keyOf(meetingId));
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const { undoId, label } = v as Record<string, unknown>;
    return typeof undoId === 'string' && typeof label === 'string' ? { undoId, label } : null;
  } catch {
    // Storage can be disabled or full (private mode); the button then lives for this page only.
    return null;
  }
}

/** Remember (or forget, with null) the undo for this meeting. */
export function rememberUndoable(storage: KeyValueStorage, meetingId: string, undo: Undoable | null): void {
  try {
    if (undo) storage.setItem(keyOf(meetingId), JSON.stringify(undo));
    else storage.removeItem(keyOf(meetingId));
  } catch {
    // See recallUndoable: losing the memory only loses the button after a reload.
  }
}
