/**
 * Requirements aggregate: requirement lists and their requirements. A requirement keeps the
 * extractor's fields (`machine`) apart from a secretary's (`edited`); effective = machine ∪ edited.
 * Reads inside a transaction take the meeting's write lock first (meeting-lock.ts): callers read,
 * derive (next version, sort key, list index) and write back within it.
 */
import { sql } from 'kysely';
import type {
  Requirement,
  RequirementFields,
  RequirementList,
  RequirementOrigin,
  RequirementStatus,
} from '../../../shared/protocol/domain.ts';
import type { Sql } from '../sql.ts';
import { meetingLock } from './meeting-lock.ts';

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

const LIST_SELECT = sql`SELECT l.*, (SELECT COUNT(*) FROM requirements r WHERE r.list_id = l.id AND r.parent_id IS NULL
  AND r.status != 'withdrawn' AND r.retracted_at IS NULL) AS found FROM requirement_lists l`;

const REQ_COLUMNS = sql.raw(`id, meeting_id, list_id, parent_id, path, ordinal, sort_key, marker, status, closed, machine, edited,
  created_at, updated_at, provisional, retracted_at, version, nominal, nominal_end, origin, orphaned, reviewed_at, published_at`);

const flag = (b: boolean): number => (b ? 1 : 0);

function reqValues(r: StoredRequirement, edited: Partial<RequirementFields>) {
  return sql`${r.id}, ${r.meetingId}, ${r.listId}, ${r.parentId}, ${r.path}, ${r.ordinal}, ${r.sortKey}, ${r.marker}, ${r.status},
    ${flag(r.closed)}, ${JSON.stringify(r.machine)}, ${JSON.stringify(edited)}, ${r.createdAt}, ${r.updatedAt}, ${flag(r.provisional)},
    ${r.retractedAt}, ${r.version}, ${r.nominal}, ${r.nominalEnd}, ${r.origin}, ${flag(r.orphaned)}, ${r.reviewedAt}, ${r.publishedAt}`;
}

export function createRequirementsRepo(db: Sql) {
  const lock = meetingLock(db);
  const ofList = (listId: string) => sql`(SELECT meeting_id FROM requirement_lists WHERE id = ${listId})`;
  const ofRequirement = (id: string) => sql`(SELECT meeting_id FROM requirements WHERE id = ${id})`;

  return {
    async insertList(l: RequirementList): Promise<void> {
      await db.run(sql`INSERT INTO requirement_lists (id, meeting_id, list_index, speaker_name, speaker_role, announced_count, closed, provisional, retracted_at)
        VALUES (${l.id}, ${l.meetingId}, ${l.index}, ${l.speakerName}, ${l.speakerRole}, ${l.announcedCount}, ${flag(l.closed)}, ${flag(l.provisional)}, NULL)`);
    },
    async saveList(l: RequirementList): Promise<void> {
      await db.run(sql`UPDATE requirement_lists SET speaker_name = ${l.speakerName}, speaker_role = ${l.speakerRole},
        announced_count = ${l.announcedCount}, closed = ${flag(l.closed)}, provisional = ${flag(l.provisional)} WHERE id = ${l.id}`);
    },
    /** Mark a list retracted (it keeps its row: its items may carry acknowledgements). */
    async retractList(id: string, at: string): Promise<void> {
      await db.run(sql`UPDATE requirement_lists SET retracted_at = ${at} WHERE id = ${id}`);
    },
    async getList(id: string): Promise<RequirementList | null> {
      await lock(ofList(id));
      const r = await db.one(sql<ListRow>`${LIST_SELECT} WHERE l.id = ${id}`);
      return r ? toList(r) : null;
    },
    async lists(meetingId: string): Promise<RequirementList[]> {
      await lock(meetingId);
      return (await db.all(sql<ListRow>`${LIST_SELECT} WHERE l.meeting_id = ${meetingId} ORDER BY l.list_index`)).map(toList);
    },
    /** Lists with `from <= index < to`, retracted ones included, in index order. */
    async listsInRange(meetingId: string, from: number, to: number): Promise<RequirementList[]> {
      await lock(meetingId);
      return (await db.all(sql<ListRow>`${LIST_SELECT} WHERE l.meeting_id = ${meetingId} AND l.list_index >= ${from} AND l.list_index < ${to}
        ORDER BY l.list_index`)).map(toList);
    },
    async insert(r: StoredRequirement, edited: Partial<RequirementFields> = {}): Promise<void> {
      await db.run(sql`INSERT INTO requirements (${REQ_COLUMNS}) VALUES (${reqValues(r, edited)})`);
    },
    /** Persist the record; `edited` holds only the fields a secretary set. */
    async save(r: StoredRequirement, edited: Partial<RequirementFields>): Promise<void> {
      await db.run(sql`UPDATE requirements SET parent_id = ${r.parentId}, path = ${r.path}, ordinal = ${r.ordinal}, sort_key = ${r.sortKey},
        marker = ${r.marker}, status = ${r.status}, closed = ${flag(r.closed)}, machine = ${JSON.stringify(r.machine)}, edited = ${JSON.stringify(edited)},
        updated_at = ${r.updatedAt}, provisional = ${flag(r.provisional)}, retracted_at = ${r.retractedAt}, version = ${r.version},
        nominal = ${r.nominal}, nominal_end = ${r.nominalEnd}, origin = ${r.origin}, orphaned = ${flag(r.orphaned)},
        reviewed_at = ${r.reviewedAt}, published_at = ${r.publishedAt} WHERE id = ${r.id}`);
    },
    /**
     * Move items to new extractor paths (after a re-extraction shifted them). Two passes, so a
     * path another item is leaving can be taken (paths are unique per list, checked per statement).
     */
    async movePaths(moves: readonly { id: string; path: string | null }[]): Promise<void> {
      for (const m of moves) await db.run(sql`UPDATE requirements SET path = ${`~${m.id}`} WHERE id = ${m.id}`);
      for (const m of moves) await db.run(sql`UPDATE requirements SET path = ${m.path} WHERE id = ${m.id}`);
    },
    async get(id: string): Promise<StoredRequirement | null> {
      await lock(ofRequirement(id));
      const r = await db.one(sql<RequirementRow>`SELECT * FROM requirements WHERE id = ${id}`);
      return r ? toRequirement(r) : null;
    },
    async findByPath(listId: string, path: string): Promise<StoredRequirement | null> {
      await lock(ofList(listId));
      const r = await db.one(sql<RequirementRow>`SELECT * FROM requirements WHERE list_id = ${listId} AND path = ${path}`);
      return r ? toRequirement(r) : null;
    },
    /** Every requirement of a list (retracted and withdrawn too): top level first, by sortKey. */
    async byList(listId: string): Promise<StoredRequirement[]> {
      await lock(ofList(listId));
      return (await db.all(sql<RequirementRow>`SELECT * FROM requirements WHERE list_id = ${listId}
        ORDER BY parent_id IS NOT NULL, sort_key, ordinal, created_at, id`)).map(toRequirement);
    },
    /** All requirements of a meeting in display order (list, parent, sortKey): each top-level item, then its children (shared/requirements/order.ts). */
    async list(meetingId: string): Promise<StoredRequirement[]> {
      await lock(meetingId);
      return (await db.all(sql<RequirementRow>`SELECT r.* FROM requirements r JOIN requirement_lists l ON l.id = r.list_id
        LEFT JOIN requirements p ON p.id = r.parent_id
        WHERE r.meeting_id = ${meetingId} ORDER BY l.list_index, COALESCE(p.sort_key, r.sort_key), COALESCE(p.ordinal, r.ordinal),
        COALESCE(p.created_at, r.created_at), COALESCE(p.id, r.id), r.parent_id IS NOT NULL, r.sort_key, r.ordinal, r.created_at, r.id`)).map(toRequirement);
    },
    /** sortKey of the next sibling after `sortKey`, or null when it is the last. */
    async nextSortKey(listId: string, parentId: string | null, sortKey: number): Promise<number | null> {
      await lock(ofList(listId));
      const sibling = parentId === null ? sql`parent_id IS NULL` : sql`parent_id = ${parentId}`;
      const r = await db.one(sql<{ k: number | null }>`SELECT MIN(sort_key) AS k FROM requirements WHERE list_id = ${listId} AND ${sibling} AND sort_key > ${sortKey}`);
      return r?.k ?? null;
    },
  };
}

export type RequirementsRepo = ReturnType<typeof createRequirementsRepo>;
