/**
 * npm run bench:exports [-- --venues 200 --requirements 40 --segments 2000 --rounds 3]
 *
 * Render time of every export for a large meeting, and what rendering costs the server's main
 * thread: the longest event-loop stall while the export renders in the worker thread (what the
 * routes do) against rendering it on the main thread (the same-run baseline). Prints JSON.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { EXPORT_KINDS } from '../exports/catalogue.ts';
import { createThreadRenderer } from '../exports/render-thread.ts';
import { largeSnapshot } from '../exports/samples/large-snapshot.ts';

const { values } = parseArgs({
  options: {
    venues: { type: 'string', default: '200' },
    requirements: { type: 'string', default: '40' },
    segments: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
const venues = Number(values.venues);
const requirements = Number(values.requirements);
const segments = Number(values.segments);
const rounds = Number(values.rounds);
if (![venues, requirements, segments, rounds].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('usage: bench:exports -- [--venues N] [--requirements N] [--segments N] [--rounds N]\n');
  process.exit(2);
}

const lists = Math.max(1, Math.ceil(requirements / 10));
const snapshot = largeSnapshot({ venues, lists, perList: Math.ceil(requirements / lists), segments });

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` `rounds` times; fastest wall time and the longest gap between 1 ms timer ticks on
 * this thread while it ran (a synchronous render shows up as one long gap), ms.
 */
async function measure(fn: () => Promise<Uint8Array> | Uint8Array): Promise<{ ms: number; maxStallMs: number; bytes: number }> {
  let best = Infinity;
  let stall = 0;
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);
    await tick(10);
    maxGap = 0;
    last = performance.now();
    const t0 = performance.now();
    bytes = (await fn()).byteLength;
    best = Math.min(best, performance.now() - t0);
    await tick(10); // let the ticker see the end of a synchronous stretch
    clearInterval(ticker);
    stall = Math.max(stall, maxGap);
  }
  return { ms: Math.round(best), maxStallMs: Math.round(stall), bytes };
}

const renderer = createThreadRenderer();
await renderer.render('minutes.md', snapshot); // start the worker outside the measurement
const results: Record<string, unknown> = {};
for (const kind of EXPORT_KINDS) {
  const worker = await measure(() => renderer.render(kind.name, snapshot));
  const inline = await measure(() => kind.render(snapshot));
  results[kind.name] = { bytes: worker.bytes, worker: { ms: worker.ms, maxStallMs: worker.maxStallMs }, mainThread: { ms: inline.ms, maxStallMs: inline.maxStallMs } };
}
await renderer.close();
process.stdout.write(
  JSON.stringify(
    { tool: 'bench:exports', cores: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100), venues, requirements: lists * Math.ceil(requirements / lists), segments, acks: snapshot.acks.length, rounds, results },
    null,
    2,
  ) + '\n',
);
