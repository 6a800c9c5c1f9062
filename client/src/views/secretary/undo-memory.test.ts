import { describe, expect, it } from 'vitest';
import { recallUndoable, rememberUndoable, type KeyValueStorage } from './undo-memory.ts';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('undo memory', () => {
  it('keeps the last undo per meeting across a reload and forgets it once used', () => {
    const storage = memoryStorage();
    rememberUndoable(storage, 'm1', { undoId: 'u1', label: '撤销合并' });
    rememberUndoable(storage, 'm2', { undoId: 'u2', label: '撤销拆分' });
    expect(recallUndoable(storage, 'm1')).toEqual({ undoId: 'u1', label: '撤销合并' });
    expect(recallUndoable(storage, 'm2')).toEqual({ undoId: 'u2', label: '撤销拆分' });
    rememberUndoable(storage, 'm1', null);
    expect(recallUndoable(storage, 'm1')).toBeNull();
    expect(recallUndoable(storage, 'm2')).not.toBeNull();
  });

  it('ignores values that are not ours and storage that throws', () => {
    const storage = memoryStorage();
    storage.map.set('luoshi.undo.m1', '{not json');
    expect(recallUndoable(storage, 'm1')).toBeNull();
    storage.map.set('luoshi.undo.m1', JSON.stringify({ undoId: 7, label: 'x' }));
    expect(recallUndoable(storage, 'm1')).toBeNull();
    const broken: KeyValueStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); }, removeItem: () => {} };
    expect(recallUndoable(broken, 'm1')).toBeNull();
    expect(() => rememberUndoable(broken, 'm1', { undoId: 'u', label: 'l' })).not.toThrow();
  });
});
