/**
 * npm run bench:search [-- --organisers 3 --meetings 100 --segments 400 --rounds 20 --database postgres://…]
 *
 * Search latency over a synthetic archive in a real SQLite file — or, with `--database`, in a new
 * database created on that PostgreSQL server and dropped afterwards (the migrations' triggers
 * fill the index): every organiser has `meetings` meetings of `segments` transcript sentences.
 * For each query: the archive search as the route runs it (trigram index for 3+ characters, the
 * organiser-scoped scan for 2-character terms; 50 hits, ranked) against a same-run baseline —
 * counting LIKE matches over every document in the database. Prints JSON with the index build
 * time and database size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createScratchDatabase } from './lib/scratch.ts';
import { searchMeetings } from '../archive/search-service.ts';
import { type Database, isPostgresUrl, openDatabase } from '../db/database.ts';
import { createStore } from '../db/store.ts';
import { summarise } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    organisers: { type: 'string', default: '3' },
    meetings: { type: 'string', default: '100' },
    segments: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '20' },
    database: { type: 'string' },
  },
});
const organisers = Number(values.organisers);
const meetings = Number(values.meetings);
const segments = Number(values.segments);
const rounds = Number(values.rounds);
const pgServer = values.database;
if (![organisers, meetings, segments, rounds].every((n) => Number.isInteger(n) && n > 0) || (pgServer !== undefined && !isPostgresUrl(pgServer))) {
  process.stderr.write('usage: bench:search -- [--organisers N] [--meetings N] [--segments N] [--rounds N] [--database postgres://…]\n');
  process.exit(2);
}

/** Phrases of the kind spoken at deployment meetings (our own wording), combined at random. */
const PHRASES = [
  '要加强森林防火工作', '各单位要压实安全生产责任', '要严格落实值班值守制度', '各县区要开展隐患排查整治', '要做好防汛抗旱准备',
  '要加强宣传教育引导', '相关部门要密切协作配合', '要强化督导检查', '对工作不力的要严肃问责', '要及时报送工作进展',
  '林区入口要设卡检查', '要组织应急演练', '要加强队伍建设', '各分县局要制定实施方案', '下周开始对重点单位进行约谈',
  '要抓好问题整改', '要确保各项措施落到实处', '要加大执法力度', '市局将适时组织考核', '要建立长效工作机制',
];

/** Places (ours) that open a sentence, so terms range from common to rare. */
const PLACES = ['东城区', '西山县', '南湖区', '北河县', '开发区', '高新区', '滨江区', '青山县', '白云区', '龙泉县', '石门县', '清水河县'];

/** Deterministic PRNG (mulberry32), so every run builds the same archive. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A scratch database: a temporary SQLite file, or a new database on the PostgreSQL server. */
async function scratch(): Promise<{ target: string; bytes: (d: Database) => Promise<number>; remove: () => Promise<void> }> {
  if (pgServer === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-search-'));
    const file = path.join(dir, 'luoshi.db');
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return {
      target: file,
      bytes: async () => size(file) + size(`${file}-wal`),
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createScratchDatabase(pgServer, 'luoshi_bench_search');
  return {
    target: database.url,
    bytes: async (d) => (await sql<{ n: number }>`SELECT pg_database_size(current_database()) AS n`.execute(d.kysely)).rows[0]?.n ?? 0,
    remove: () => database.drop(),
  };
}

const db = await scratch();
const store = createStore(await openDatabase(db.target));
const kysely = store.database.kysely;
const random = rng(11);
const pick = () => PHRASES[Math.floor(random() * PHRASES.length)] ?? '';
const place = () => PLACES[Math.floor(random() * PLACES.length)] ?? '';

const t0 = performance.now();
for (let o = 0; o < organisers; o++) {
  const organiserId = `org-${o}`;
  await store.organisers.insert({ id: organiserId, username: `bench${o}`, displayName: `单位${o}`, passwordHash: 'x', isAdmin: false, createdAt: '2026-01-01T00:00:00Z', createdBy: null });
  for (let m = 0; m < meetings; m++) {
    const meetingId = `m-${o}-${m}`;
    const day = new Date(Date.UTC(2026, 0, 1) + m * 86_400_000).toISOString();
    await store.tx(async () => {
      await store.meetings.insert({
        id: meetingId, title: `第${m + 1}次全市工作推进会`, organiser: '市公安局', scheduledAt: day, status: 'ended', publishMode: 'auto',
        speakers: [], currentSpeakerId: null, glossary: [], createdAt: day, startedAt: null, endedAt: null, reopenedForCorrections: false,
      }, organiserId);
      for (let s = 0; s < segments; s++) {
        // About one sentence in a thousand is about something rare.
        const text = random() < 0.001 ? `${place()}要做好古树名木保护工作。` : `${place()}${pick()}，${pick()}。`;
        await store.segments.insert({ id: `${meetingId}-s${s}`, meetingId, startMs: s * 4000, endMs: s * 4000 + 3500, text, originalText: text, isFinal: true, editedAt: null, speakerId: null });
      }
    });
  }
}
const buildMs = performance.now() - t0;
const docs = (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM search_docs`.execute(kysely)).rows[0]?.n ?? 0;

/** Common 4-character, rare 4-character, 2-character (common, rare), mixed, and a term found nowhere. */
const QUERIES = ['森林防火', '古树名木', '防火', '古树', '清水河县 防火', '无此内容'];
// ILIKE on PostgreSQL: the ASCII-case-insensitive match SQLite's LIKE is (as the search uses).
const like = sql.raw(store.dialect === 'postgres' ? 'ILIKE' : 'LIKE');
const baseline = (pattern: string) => sql`SELECT COUNT(*) AS n FROM search_docs WHERE body ${like} ${pattern} ESCAPE '\\'`.execute(kysely);

const brief = (samples: number[]) => {
  const { p50, p95, max } = summarise(samples);
  return { p50, p95, max };
};

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm the statement and the page cache
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

const results = [];
for (const q of QUERIES) {
  const reply = await searchMeetings(store, 'org-0', q, 50);
  const first = q.split(' ')[0] ?? q;
  results.push({
    query: q,
    method: reply.method,
    hits: reply.hits.length,
    truncated: reply.truncated,
    searchMs: brief(await time(() => searchMeetings(store, 'org-0', q, 50))),
    likeAllDocsMs: brief(await time(() => baseline(`%${first}%`))),
  });
}

const bytes = await db.bytes(store.database);
await store.database.close();
await db.remove();
process.stdout.write(`${JSON.stringify({
  database: store.dialect,
  cores: os.cpus().length,
  loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  organisers, meetingsPerOrganiser: meetings, segmentsPerMeeting: segments, documents: docs,
  buildMs: Math.round(buildMs), databaseMB: Math.round(bytes / 1e5) / 10,
  results,
})}\n`);
