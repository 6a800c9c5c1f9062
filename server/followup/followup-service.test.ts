/**
 * The follow-up's once-only decisions under concurrency, on every test database: the same
 * dispatch, warning sweep, 催办 round or venue command run twice at the same moment — on
 * PostgreSQL from two server nodes (two pools on one database) — takes effect once.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Meeting, Venue } from '../../shared/protocol/domain.ts';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../../test/helpers/databases.ts';
import { openDatabase, type Database, type Dialect } from '../db/database.ts';
import type { StoredRequirement } from '../db/repositories/requirements.ts';
import { createStore, type Store } from '../db/store.ts';
import { silentBroadcaster } from '../meeting/broadcaster.ts';
import { createSequencer } from '../meeting/sequencer.ts';
import { createFollowupService, type Actor, type FollowupService } from './followup-service.ts';

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await dropDatabases();
});

const AT = '2026-12-04T01:00:00.000Z';
/** After every task's deadline (12月10日) and its two days to sign: a red and a yellow warning each. */
const LATE = new Date('2026-12-20T02:00:00.000Z');
const ORGANISER: Actor = { party: 'organiser', kind: 'organiser', name: '市政府办公室' };

/** One follow-up service per node over one database: one node on SQLite, two on PostgreSQL. */
async function nodes(dialect: Dialect, clock: () => Date): Promise<{ stores: Store[]; services: FollowupService[] }> {
  const target = dialect === 'postgres' ? await freshDatabaseUrl() : ':memory:';
  const stores: Store[] = [];
  for (let i = 0; i < (dialect === 'postgres' ? 2 : 1); i++) {
    const d = await openDatabase(target);
    opened.push(d);
    stores.push(createStore(d));
  }
  const services = stores.map((store) => createFollowupService({ store, sequencer: createSequencer(store, silentBroadcaster, clock), clock }));
  return { stores, services };
}

/** An ended meeting: a main venue, two branch venues, two published requirements due 12月10日. */
async function seed(store: Store): Promise<void> {
  const meeting: Meeting = {
    id: 'm1', title: '全市安全生产工作会议', organiser: '市政府办公室', scheduledAt: AT, status: 'ended', publishMode: 'auto',
    speakers: [], currentSpeakerId: null, glossary: [], createdAt: AT, startedAt: AT, endedAt: AT, reopenedForCorrections: false,
  };
  const venue = (id: string, name: string, isMain: boolean): Venue => ({ id, meetingId: 'm1', name, level: isMain ? 'prefecture' : 'county', parentId: null, isMain });
  const requirement = (id: string, ordinal: number, headline: string): StoredRequirement => {
    const fields = { headline, text: `${headline}，12月10日前报送落实情况`, responsible: [], deadline: '12月10日前' };
    return {
      id, meetingId: 'm1', listId: 'l1', parentId: null, ordinal, sortKey: ordinal, marker: ['一', '二'][ordinal - 1] ?? '', status: 'published', closed: true,
      provisional: false, retractedAt: null, version: 1, origin: 'machine', orphaned: false, fields, machine: fields, editedFields: [],
      createdAt: AT, updatedAt: AT, publishedAt: AT, path: String(ordinal - 1), nominal: ordinal, nominalEnd: null, reviewedAt: null,
    };
  };
  await store.tx(async () => {
    await store.meetings.insert(meeting);
    await store.venues.insert(venue('main', '市政府', true), 0);
    await store.venues.insert(venue('v1', '城关区', false), 1);
    await store.venues.insert(venue('v2', '七里河区', false), 2);
    await store.requirements.insertList({
      id: 'l1', meetingId: 'm1', index: 0, speakerName: null, speakerRole: null, announcedCount: null,
      foundCount: 2, countMismatch: false, closed: true, provisional: false, retracted: false,
    });
    await store.requirements.insert(requirement('r1', 1, '开展隐患排查整治'));
    await store.requirements.insert(requirement('r2', 2, '压实企业主体责任'));
  });
}

async function count(store: Store, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(store.database.kysely)).rows[0]?.n ?? 0;
}
const entries = (store: Store, action: string) => count(store, sql<{ n: number }>`SELECT COUNT(*) AS n FROM task_entries WHERE action = ${action}`);

describe.each(TEST_DIALECTS)('follow-up once-only decisions on %s', (dialect) => {
  /** Two callers at once: each node once on PostgreSQL, the one node twice on SQLite. */
  const twice = <T>(services: FollowupService[], call: (s: FollowupService) => Promise<T>) =>
    Promise.allSettled([call(services[0] as FollowupService), call((services[1] ?? services[0]) as FollowupService)]);

  it('a dispatch run twice at once issues each task once', async () => {
    const { stores, services } = await nodes(dialect, () => new Date(AT));
    const store = stores[0] as Store;
    await seed(store);
    const results = await twice(services, async (s) => (await s.dispatch('m1')).result.created);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : -1)).reduce((a, b) => a + b)).toBe(4);
    expect(await store.tasks.listByMeeting('m1')).toHaveLength(4);
    expect(await entries(store, 'created')).toBe(4);
  });

  it('a warning sweep run twice at once fires each warning once, and never again', async () => {
    let now = new Date(AT);
    const { stores, services } = await nodes(dialect, () => now);
    const store = stores[0] as Store;
    await seed(store);
    await (services[0] as FollowupService).dispatch('m1');
    now = LATE;
    const results = await twice(services, (s) => s.sweep());
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 0)).reduce((a, b) => a + b)).toBe(8);
    expect(await count(store, sql<{ n: number }>`SELECT COUNT(*) AS n FROM task_warnings`)).toBe(8);
    expect(await entries(store, 'warned')).toBe(8);
    expect(await (services[1] ?? services[0])?.sweep()).toBe(0);
  });

  it('a 催办 round run twice at once reminds each task once', async () => {
    const { stores, services } = await nodes(dialect, () => new Date(AT));
    const store = stores[0] as Store;
    await seed(store);
    await (services[0] as FollowupService).dispatch('m1');
    const results = await twice(services, async (s) => (await s.remindRound('m1', {}, ORGANISER)).result);
    const replies = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(replies).toHaveLength(2);
    expect(replies.flatMap((r) => r.reminded).sort()).toEqual((await store.tasks.listByMeeting('m1')).map((t) => t.id).sort());
    expect(replies.flatMap((r) => r.tooSoon)).toHaveLength(4);
    expect(await entries(store, 'reminded')).toBe(4);
    for (const t of await store.tasks.listByMeeting('m1')) expect(t.reminders).toBe(1);
  });

  it('a venue signing twice at once signs once; the other is refused', async () => {
    const { stores, services } = await nodes(dialect, () => new Date(AT));
    const store = stores[0] as Store;
    await seed(store);
    await (services[0] as FollowupService).dispatch('m1');
    const task = (await store.tasks.listByMeeting('m1'))[0];
    if (!task) throw new Error('no task');
    const venue: Actor = { party: 'venue', kind: 'venue', name: task.venueName };
    const results = await twice(services, (s) => s.act(task.id, { type: 'sign' }, venue));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'task_state' });
    expect(await count(store, sql<{ n: number }>`SELECT COUNT(*) AS n FROM task_entries WHERE action = 'signed' AND task_id = ${task.id}`)).toBe(1);
  });
});
