/**
 * Requirements aggregate: requirement lists and their requirements. A requirement keeps the
 * extractor's fields (`machine`) apart from a secretary's (`edited`); effective = machine ∪ edited.
 */
import type {
  Requirement,
  RequirementFields,
  RequirementList,
  RequirementOrigin,
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
  provisional: number;
  retracted_at: string | null;
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
  provisional: number;
  retracted_at: string | null;
  version: number;
  nominal: number | null;
  nominal_end: number | null;
  origin: RequirementOrigin;
  orphaned: number;
  reviewed_at: string | null;
  published_at: string | null;
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
    provisional: r.provisional === 1,
    retracted: r.retracted_at !== null,
  };
}

/** A stored requirement plus what stays on the server. */
export interface StoredRequirement extends Requirement {
  /** Extractor path ("2", "2.0") within its list; null for split halves and items added by hand. */
  path: string | null;
  /** Spoken number (第四 → 4), or the number a secretary gave an added item; null when none. */
  nominal: number | null;
  /** Last spoken number the item stands for after merges; null: same as `nominal`. */
  nominalEnd: number | null;
  /** Last secretary action on the item (edit, approval, addition); such items are never retracted. */
  reviewedAt: string | null;
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
    provisional: r.provisional === 1,
    retractedAt: r.retracted_at,
    version: r.version,
    origin: r.origin,
    orphaned: r.orphaned === 1,
    fields: { ...machine, ...edited },
    machine,
    editedFields: FIELD_NAMES.filter((f) => f in edited),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    path: r.path,
    nominal: r.nominal,
    nominalEnd: r.nominal_end,
    reviewedAt: r.reviewed_at,
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

/** Strip what stays on the server before a requirement crosses the wire. */
export function toWire(r: StoredRequirement): Requirement {
  const { path: _path, nominal: _nominal, nominalEnd: _end, reviewedAt: _reviewed, ...wire } = r;
  return wire;
}

/** Live: neither withdrawn by a secretary nor retracted by the machine (the rule of shared/protocol/board.ts). */
export { isLive } from '../../../shared/protocol/board.ts';

const LIST_SELECT = `SELECT l.*, (SELECT COUNT(*) FROM requirements r WHERE r.list_id = l.id AND r.parent_id IS NULL
  AND r.status != 'withdrawn' AND r.retracted_at IS NULL) AS found FROM requirement_lists l`;

const REQ_COLUMNS = `id, meeting_id, list_id, parent_id, path, ordinal, sort_key, marker, status, closed, machine, edited,
  created_at, updated_at, provisional, retracted_at, version, nominal, nominal_end, origin, orphaned, reviewed_at, published_at`;
const REQ_VALUES = `@id, @meetingId, @listId, @parentId, @path, @ordinal, @sortKey, @marker, @status, @closed, @machine, @edited,
  @createdAt, @updatedAt, @provisional, @retractedAt, @version, @nominal, @nominalEnd, @origin, @orphaned, @reviewedAt, @publishedAt`;

function reqParams(r: StoredRequirement, edited: Partial<RequirementFields>) {
  return {
    ...r,
    closed: r.closed ? 1 : 0,
    provisional: r.provisional ? 1 : 0,
    orphaned: r.orphaned ? 1 : 0,
    machine: JSON.stringify(r.machine),
    edited: JSON.stringify(edited),
  };
}

export function createRequirementsRepo(db: Db) {
  const insertList = db.prepare(`INSERT INTO requirement_lists (id, meeting_id, list_index, speaker_name, speaker_role, announced_count,
    closed, provisional, retracted_at) VALUES (@id, @meetingId, @index, @speakerName, @speakerRole, @announcedCount, @closed, @provisional, NULL)`);
  const updateList = db.prepare(`UPDATE requirement_lists SET speaker_name=@speakerName, speaker_role=@speakerRole,
    announced_count=@announcedCount, closed=@closed, provisional=@provisional WHERE id=@id`);
  const retractList = db.prepare('UPDATE requirement_lists SET retracted_at = ? WHERE id = ?');
  const listById = db.prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.id = ?`);
  const listsByMeeting = db.prepare<[string], ListRow>(`${LIST_SELECT} WHERE l.meeting_id = ? ORDER BY l.list_index`);
  const listsInRange = db.prepare<[string, number, number], ListRow>(
    `${LIST_SELECT} WHERE l.meeting_id = ? AND l.list_index >= ? AND l.list_index < ? ORDER BY l.list_index`,
  );

  const insertReq = db.prepare(`INSERT INTO requirements (${REQ_COLUMNS}) VALUES (${REQ_VALUES})`);
  const updateReq = db.prepare(`UPDATE requirements SET parent_id=@parentId, path=@path, ordinal=@ordinal, sort_key=@sortKey, marker=@marker,
    status=@status, closed=@closed, machine=@machine, edited=@edited, updated_at=@updatedAt, provisional=@provisional,
    retracted_at=@retractedAt, version=@version, nominal=@nominal, nominal_end=@nominalEnd, origin=@origin, orphaned=@orphaned,
    reviewed_at=@reviewedAt, published_at=@publishedAt WHERE id=@id`);
  const setPath = db.prepare('UPDATE requirements SET path = ? WHERE id = ?');
  const reqById = db.prepare<[string], RequirementRow>('SELECT * FROM requirements WHERE id = ?');
  const reqByPath = db.prepare<[string, string], RequirementRow>('SELECT * FROM requirements WHERE list_id = ? AND path = ?');
  const reqsByList = db.prepare<[string], RequirementRow>('SELECT * FROM requirements WHERE list_id = ? ORDER BY parent_id IS NOT NULL, sort_key, ordinal, created_at, id');
  // Display order (shared/requirements/order.ts): each top-level item, then its children.
  const reqsByMeeting = db.prepare<[string], RequirementRow>(`SELECT r.* FROM requirements r JOIN requirement_lists l ON l.id = r.list_id
    LEFT JOIN requirements p ON p.id = r.parent_id
    WHERE r.meeting_id = ? ORDER BY l.list_index, COALESCE(p.sort_key, r.sort_key), COALESCE(p.ordinal, r.ordinal), COALESCE(p.created_at, r.created_at),
    COALESCE(p.id, r.id), r.parent_id IS NOT NULL, r.sort_key, r.ordinal, r.created_at, r.id`);
  const nextSibling = db.prepare<[string, string | null, string | null, number], { k: number | null }>(
    'SELECT MIN(sort_key) AS k FROM requirements WHERE list_id = ? AND (parent_id IS ? OR parent_id = ?) AND sort_key > ?',
  );

  return {
    insertList(l: RequirementList): void {
      insertList.run({ ...l, closed: l.closed ? 1 : 0, provisional: l.provisional ? 1 : 0 });
    },
    saveList(l: RequirementList): void {
      updateList.run({ ...l, closed: l.closed ? 1 : 0, provisional: l.provisional ? 1 : 0 });
    },
    /** Mark a list retracted (it keeps its row: its items may carry acknowledgements). */
    retractList(id: string, at: string): void {
      retractList.run(at, id);
    },
    getList(id: string): RequirementList | null {
      const r = listById.get(id);
      return r ? toList(r) : null;
    },
    lists(meetingId: string): RequirementList[] {
      return listsByMeeting.all(meetingId).map(toList);
    },
    /** Lists with `from <= index < to`, retracted ones included, in index order. */
    listsInRange(meetingId: string, from: number, to: number): RequirementList[] {
      return listsInRange.all(meetingId, from, to).map(toList);
    },
    insert(r: StoredRequirement, edited: Partial<RequirementFields> = {}): void {
      insertReq.run(reqParams(r, edited));
    },
    /** Persist the record; `edited` holds only the fields a secretary set. */
    save(r: StoredRequirement, edited: Partial<RequirementFields>): void {
      updateReq.run(reqParams(r, edited));
    },
    /**
     * Move items to new extractor paths (after a re-extraction shifted them). Two passes, so a
     * path another item is leaving can be taken (paths are unique per list).
     */
    movePaths(moves: readonly { id: string; path: string | null }[]): void {
      for (const m of moves) setPath.run(`~${m.id}`, m.id);
      for (const m of moves) setPath.run(m.path, m.id);
    },
    get(id: string): StoredRequirement | null {
      const r = reqById.get(id);
      return r ? toRequirement(r) : null;
    },
    findByPath(listId: string, path: string): StoredRequirement | null {
      const r = reqByPath.get(listId, path);
      return r ? toRequirement(r) : null;
    },
    /** Every requirement of a list (retracted and withdrawn too): top level first, by sortKey. */
    byList(listId: string): StoredRequirement[] {
      return reqsByList.all(listId).map(toRequirement);
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
