/**
 * The store's guarantees on both databases (issue 15): the same schema from the same migrations,
 * gapless event numbers and exactly-once acks with concurrent writers — on PostgreSQL from two
 * "nodes" (two pools on one database) — and all-or-nothing transactions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Dialect } from '../../server/db/database.ts';
import { MIGRATIONS } from '../../server/db/migrations/index.ts';
import { createStore, type Store } from '../../server/db/store.ts';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../helpers/databases.ts';

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await dropDatabases();
});

/** A fresh database of `dialect`, and a second connection to the same one (a second node). */
async function fresh(dialect: Dialect): Promise<{ target: string; open: () => Promise<Database> }> {
  const target = dialect === 'postgres' ? await freshDatabaseUrl() : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-store-')), 'luoshi.db');
  return {
    target,
    open: async () => {
      const d = await openDatabase(target);
      opened.push(d);
      return d;
    },
  };
}

/** One meeting with a venue and a published requirement, in plain SQL valid on both databases. */
async function seedMeeting(store: Store, id: string): Promise<{ meetingId: string; venueId: string; requirementId: string }> {
  const at = '2026-12-04T09:00:00.000Z';
  // Plain statements, not one transaction: on SQLite a transaction holds the only connection, and
  // these go straight to Kysely rather than through the store's transaction-aware executor.
  {
    const k = store.database.kysely;
    await sql`INSERT INTO meetings (id, title, organiser, scheduled_at, status, publish_mode, speakers, glossary, created_at)
      VALUES (${id}, ${'全省公安工作推进会'}, ${'省公安厅'}, ${at}, 'live', 'auto', '[]', '[]', ${at})`.execute(k);
    await sql`INSERT INTO venues (id, meeting_id, name, level, is_main, position) VALUES (${`${id}-v`}, ${id}, ${'城关区分局'}, 'county', 0, 1)`.execute(k);
    await sql`INSERT INTO requirement_lists (id, meeting_id, list_index) VALUES (${`${id}-l`}, ${id}, 0)`.execute(k);
    await sql`INSERT INTO requirements (id, meeting_id, list_id, path, ordinal, sort_key, marker, status, machine, created_at, updated_at)
      VALUES (${`${id}-r`}, ${id}, ${`${id}-l`}, '0', 1, 1, ${'第一'}, 'published', ${'{"headline":"要精心组织部署"}'}, ${at}, ${at})`.execute(k);
  }
  return { meetingId: id, venueId: `${id}-v`, requirementId: `${id}-r` };
}

async function columnsOf(d: Database): Promise<Record<string, string[]>> {
  const rows =
    d.dialect === 'postgres'
      ? (await sql<{ t: string; c: string }>`SELECT table_name AS t, column_name AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`.execute(d.kysely)).rows
      : (await sql<{ t: string; c: string }>`SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
          WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'search_fts%'`.execute(d.kysely)).rows;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  for (const t of Object.keys(out)) out[t]!.sort();
  return out;
}

describe.each(TEST_DIALECTS)('store on %s', (dialect) => {
  it('migrates to the schema SQLite has, table for table and column for column', async () => {
    const db = await (await fresh(dialect)).open();
    const sqlite = await openDatabase(':memory:');
    opened.push(sqlite);
    const [mine, reference] = await Promise.all([columnsOf(db), columnsOf(sqlite)]);
    expect(Object.keys(reference).length).toBeGreaterThan(15);
    expect(mine).toEqual(reference);
  });

  it('numbers events gaplessly while concurrent transactions append, from two nodes on PostgreSQL', async () => {
    const f = await fresh(dialect);
    const nodes = dialect === 'postgres' ? [createStore(await f.open()), createStore(await f.open())] : [createStore(await f.open())];
    const { meetingId } = await seedMeeting(nodes[0]!, 'm-seq');
    const perNode = 60;
    await Promise.all(
      nodes.flatMap((store, n) =>
        Array.from({ length: perNode }, (_, i) =>
          store.tx(async () => {
            const audience = i % 3 === 0 ? 'staff' : 'all';
            await store.events.append(meetingId, 'meeting:updated', audience, { meeting: { id: `n${n}-${i}` } } as never, new Date().toISOString());
          }),
        ),
      ),
    );
    const events = await nodes[0]!.events.since(meetingId, 0, 1000);
    const total = perNode * nodes.length;
    expect(events.map((e) => e.event.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Every event names the public event before it: venues check continuity with it.
    let lastPublic = 0;
    for (const e of events) {
      expect(e.prevPublicSeq).toBe(lastPublic);
      if (e.event.audience === 'all') lastPublic = e.event.seq;
    }
    expect(await nodes[0]!.events.lastSeq(meetingId)).toBe(total);
  });

  it('stores a venue acknowledgement once when the same ack races on every node', async () => {
    const f = await fresh(dialect);
    const nodes = dialect === 'postgres' ? [createStore(await f.open()), createStore(await f.open())] : [createStore(await f.open())];
    const { meetingId, venueId, requirementId } = await seedMeeting(nodes[0]!, 'm-ack');
    const ack = (version: number, at: string) => ({ meetingId, venueId, requirementId, kind: 'received' as const, at, version });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => nodes[i % nodes.length]!.tx(() => nodes[i % nodes.length]!.acks.record(ack(1, `2026-12-04T09:00:${String(i).padStart(2, '0')}.000Z`)))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await nodes[0]!.acks.count(meetingId)).toBe(1);
    expect((await nodes[0]!.acks.record(ack(2, '2026-12-04T09:05:00.000Z'))).created).toBe(true);
    expect((await nodes[0]!.acks.record(ack(1, '2026-12-04T09:06:00.000Z'))).created).toBe(false);
    expect((await nodes[0]!.acks.list(meetingId)).map((a) => a.version)).toEqual([2]);
  });

  it('keeps nothing of a transaction that fails half-way', async () => {
    const store = createStore(await (await fresh(dialect)).open());
    const { meetingId } = await seedMeeting(store, 'm-tx');
    await expect(
      store.tx(async () => {
        await store.events.append(meetingId, 'meeting:updated', 'all', { meeting: { id: 'a' } } as never, new Date().toISOString());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.events.lastSeq(meetingId)).toBe(0);
    expect(await store.events.since(meetingId, 0, 10)).toEqual([]);
    await expect(store.events.append(meetingId, 'meeting:updated', 'all', { meeting: { id: 'b' } } as never, new Date().toISOString())).rejects.toThrow(/outside a transaction/);
  });

  it.runIf(dialect === 'postgres')('migrates once when two nodes start on an empty database together', async () => {
    const f = await fresh(dialect);
    const [a] = await Promise.all([f.open(), f.open(), f.open()]);
    const applied = await sql<{ version: number }>`SELECT version FROM schema_migrations ORDER BY version`.execute(a!.kysely);
    expect(applied.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
