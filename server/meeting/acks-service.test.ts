/**
 * Acknowledgements through the service on every test database: the same ack submitted at once —
 * on PostgreSQL from two nodes (two pools on one database) — is stored once and announced by
 * exactly one `ack:recorded` event; confirming a newer version is one more.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Meeting, Venue } from '../../shared/protocol/domain.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import { openDatabase, type Database, type Dialect } from '../db/database.ts';
import type { StoredRequirement } from '../db/repositories/requirements.ts';
import { createStore, type Store } from '../db/store.ts';
import { dropDatabases, freshDatabaseUrl, TEST_DIALECTS } from '../../test/helpers/databases.ts';
import { createAcksService } from './acks-service.ts';
import { silentBroadcaster } from './broadcaster.ts';
import { createSequencer } from './sequencer.ts';

const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await dropDatabases();
});

/** One store on SQLite; two stores on one fresh PostgreSQL database (two server nodes). */
async function nodes(dialect: Dialect): Promise<Store[]> {
  const target = dialect === 'postgres' ? await freshDatabaseUrl() : ':memory:';
  const count = dialect === 'postgres' ? 2 : 1;
  const stores: Store[] = [];
  for (let i = 0; i < count; i++) {
    const d = await openDatabase(target);
    opened.push(d);
    stores.push(createStore(d));
  }
  return stores;
}

const AT = '2026-12-04T09:00:00.000Z';

async function seed(store: Store): Promise<{ session: SessionClaims; requirementId: string }> {
  const meeting: Meeting = {
    id: 'm1', title: '全省公安工作推进会', organiser: '省公安厅', scheduledAt: AT, status: 'live', publishMode: 'auto',
    speakers: [], currentSpeakerId: null, glossary: [], createdAt: AT, startedAt: AT, endedAt: null, reopenedForCorrections: false,
  };
  const venue: Venue = { id: 'v1', meetingId: 'm1', name: '城关区分局', level: 'county', parentId: null, isMain: false };
  const fields = { headline: '要精心组织部署', text: '要精心组织部署', responsible: [], deadline: null };
  const requirement: StoredRequirement = {
    id: 'r1', meetingId: 'm1', listId: 'l1', parentId: null, ordinal: 1, sortKey: 1, marker: '第一', status: 'published', closed: true,
    provisional: false, retractedAt: null, version: 1, origin: 'machine', orphaned: false, fields, machine: fields, editedFields: [],
    createdAt: AT, updatedAt: AT, publishedAt: AT, path: '0', nominal: 1, nominalEnd: null, reviewedAt: null,
  };
  await store.tx(async () => {
    await store.meetings.insert(meeting);
    await store.venues.insert(venue, 1);
    await store.requirements.insertList({
      id: 'l1', meetingId: 'm1', index: 0, speakerName: null, speakerRole: null, announcedCount: null,
      foundCount: 0, countMismatch: false, closed: true, provisional: false, retracted: false,
    });
    await store.requirements.insert(requirement);
  });
  return { session: { role: 'venue', meetingId: 'm1', venueId: 'v1', exp: 4_000_000_000 }, requirementId: 'r1' };
}

describe.each(TEST_DIALECTS)('acks service on %s', (dialect) => {
  it('stores a racing ack once with one event, and a newer version once more', async () => {
    const stores = await nodes(dialect);
    const { session, requirementId } = await seed(stores[0]!);
    const services = stores.map((store) => createAcksService({ store, sequencer: createSequencer(store, silentBroadcaster) }));
    const race = (version: number) =>
      Promise.all(Array.from({ length: 24 }, (_, i) => services[i % services.length]!.submit(session, requirementId, 'received', version)));

    const first = await race(1);
    expect(first.filter((c) => !c.result.duplicate)).toHaveLength(1);
    expect(first.flatMap((c) => c.events)).toHaveLength(1);

    const r = (await stores[0]!.requirements.get(requirementId))!;
    await stores[0]!.requirements.save({ ...r, version: 2 }, {});
    const second = await race(2);
    expect(second.filter((c) => !c.result.duplicate)).toHaveLength(1);

    const events = await stores[0]!.events.since('m1', 0, 100);
    expect(events.map((e) => [e.event.type, e.event.seq, e.venueId])).toEqual([['ack:recorded', 1, 'v1'], ['ack:recorded', 2, 'v1']]);
    expect((await stores[0]!.acks.list('m1')).map((a) => a.version)).toEqual([2]);
    // An older confirmation arriving late changes nothing and says nothing.
    const late = await services[0]!.submit(session, requirementId, 'received', 1);
    expect([late.result.duplicate, late.events]).toEqual([true, []]);
  });
});
