/**
 * Requirements aggregate: requirement lists and their requirements. A requirement keeps the
 * extractor's fields (`machine`) apart from a secretary's (`edited`); effective = machine ∪ edited.
 */
import type {
  Requirement,
  RequirementFields,
  RequirementList,
  RequirementStatus,
} from '../../../shared/protocol/domain.ts';
import type { Db } from '../database.ts';

interface ListRow {
  id: string;
  meeting_id: string;
  list_index: number;
  speaker_name: string | null;
  speaker_role: string | null;
  announced_count: number | null;
  closed: number;
  found: number;
}

interface RequirementRow {
  id: string;
  meeting_id: string;
  list_id: string;
  parent_id: string | null;
  path: string | null;
  ordinal: number;
  sort_key: number;
  marker: string;
  status: RequirementStatus;
  closed: number;
  machine: string;
  edited: string;
  created_at: string;
  updated_at: string;
}

const FIELD_NAMES: (keyof RequirementFields)[] = ['headline', 'text', 'responsible', 'deadline'];

function toList(r: ListRow): RequirementList {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    index: r.list_index,
    speakerName: r.speaker_name,
    speakerRole: r.speaker_role,
    announcedCount: r.announced_count,
    foundCount: r.found,
    countMismatch: r.announced_count !== null && r.announced_count !== r.found,
    closed: r.closed === 1,
  };
}

/** A stored requirement plus its extractor path (null for secretary-created items). */
export interface StoredRequirement extends Requirement {
  path: string | null;
}

function toRequirement(r: RequirementRow): StoredRequirement {
  const machine = JSON.parse(r.machine) as RequirementFields; // written by this repository only
  const edited = JSON.parse(r.edited) as Partial<RequirementFields>; // written by this repository only
  return {
    id: r.id,
    meetingId: r.meeting_id,
    listId: r.list_id,
    parentId: r.parent_id,
    ordinal: r.ordinal,
    sortKey: r.sort_key,
    marker: r.marker,
    status: r.status,
    closed: r.closed === 1,
    fields: { ...machine, ...edited },
    machine,
    editedFields: FIELD_NAMES.filter((f) => f in edited),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    path: r.path,
  };
}

/**
 * The secretary's field overrides of a requirement, derived from the record: an edited field's
 * effective value is the secretary's (effective = machine ∪ edited).
 */
export function editsOf(r: Requirement): Partial<RequirementFields> {
  const edits: Partial<RequirementFields> = {};
  const copy = <K extends keyof RequirementFields>(field: K) => {
    edits[field] = r.fields[field];
  };
  r.editedFields.forEach(copy);
  return edits;
}

/** Strip the storage-only `path` before a requirement crosses the wire. */
export function toWire(r: StoredRequirement): Requirement {
  const { path: _path, ...wire } = r;
  return wire;
}

const LIST_SELECT = `SELECT l.*, (SELECT COUNT(*) FROM requirements r WHERE r.list_id = l.id AND r.parent_id IS NULL
  AND r.status != 'withdrawn') AS found FROM requirement_lists l`;

export function createRequirementsRepo(db: Db) {
  const insertList = db.prepare(`INSERT INTO requirement_lists (id, meeting_id, list_index, speaker_name, speaker_role, announced_count, closed)
    VALUES (@id, @meetingId, @index, @speakerName, @speakerRole, @announcedCount, @closed)`);
  const updateList = db.prepare(`UPDATE requirement_lists SET speaker_name=@speakerName, speaker_role=@speakerRole,
    announced_count=@announcedCount, closed=@closed WHERE id=@id`);
  const listById = db.prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.id = ?`);
  const listByIndex = db.prepare<[string, number], ListRow>(`${LIST_SELECT} WHERE l.meeting_id = ? AND l.list_index = ?`);
  const listsByMeeting = db.prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.meeting_id = ? ORDER BY l.list_index`);

  const insertReq = db.prepare(`INSERT INTO requirements (id, meeting_id, list_id, parent_id, path, ordinal, sort_key, marker,
    status, closed, machine, edited, created_at, updated_at) VALUES (@id, @meetingId, @listId, @parentId, @path, @ordinal,
    @sortKey, @marker, @status, @closed, @machine, @edited, @createdAt, @updatedAt)`);
  const updateReq = db.prepare(`UPDATE requirements SET parent_id=@parentId, ordinal=@ordinal, sort_key=@sortKey, marker=@marker,
    status=@status, closed=@closed, machine=@machine, edited=@edited, updated_at=@updatedAt WHERE id=@id`);
  const reqById = db.prepare<[string], RequirementRow>('SELECT * FROM requirements WHERE id = ?');
  const reqByPath = db.prepare<[string, string], RequirementRow>('SELECT * FROM requirements WHERE list_id = ? AND path = ?');
  const reqsByMeeting = db.prepare<[string], RequirementRow>(`SELECT r.* FROM requirements r JOIN requirement_lists l ON l.id = r.list_id
    WHERE r.meeting_id = ? ORDER BY l.list_index, COALESCE((SELECT p.sort_key FROM requirements p WHERE p.id = r.parent_id), r.sort_key),
    r.parent_id IS NOT NULL, r.sort_key`);
  const nextSibling = db.prepare<[string, string | null, string | null, number], { k: number | null }>(
    'SELECT MIN(sort_key) AS k FROM requirements WHERE list_id = ? AND (parent_id IS ? OR parent_id = ?) AND sort_key > ?',
  );

  return {
    insertList(l: RequirementList): void {
      insertList.run({ ...l, closed: l.closed ? 1 : 0 });
    },
    saveList(l: RequirementList): void {
      updateList.run({ ...l, closed: l.closed ? 1 : 0 });
    },
    getList(id: string): RequirementList | null {
      const r = listById.get(id);
      return r ? toList(r) : null;
    },
    findListByIndex(meetingId: string, index: number): RequirementList | null {
      const r = listByIndex.get(meetingId, index);
      return r ? toList(r) : null;
    },
    lists(meetingId: string): RequirementList[] {
      return listsByMeeting.all(meetingId).map(toList);
    },
    insert(r: StoredRequirement, edited: Partial<RequirementFields> = {}): void {
      insertReq.run({ ...r, closed: r.closed ? 1 : 0, machine: JSON.stringify(r.machine), edited: JSON.stringify(edited) });
    },
    /** Persist status/machine/edits; `edited` holds only the fields a secretary set. */
    save(r: StoredRequirement, edited: Partial<RequirementFields>): void {
      updateReq.run({ ...r, closed: r.closed ? 1 : 0, machine: JSON.stringify(r.machine), edited: JSON.stringify(edited) });
    },
    get(id: string): StoredRequirement | null {
      const r = reqById.get(id);
      return r ? toRequirement(r) : null;
    },
    findByPath(listId: string, path: string): StoredRequirement | null {
      const r = reqByPath.get(listId, path);
      return r ? toRequirement(r) : null;
    },
    /** All requirements of a meeting in display order (list, parent, sortKey). */
    list(meetingId: string): StoredRequirement[] {
      return reqsByMeeting.all(meetingId).map(toRequirement);
    },
    /** sortKey of the next sibling after `sortKey`, or null when it is the last. */
    nextSortKey(listId: string, parentId: string | null, sortKey: number): number | null {
      return nextSibling.get(listId, parentId, parentId, sortKey)?.k ?? null;
    },
  };
}

export type RequirementsRepo = ReturnType<typeof createRequirementsRepo>;
