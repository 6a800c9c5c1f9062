/** The worker-thread renderer: same bytes as rendering inline, bounded queue, restart after close. */
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { EXPORT_KINDS } from './catalogue.ts';
import { MAX_PENDING, createThreadRenderer, type ExportRenderer } from './render-thread.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';

let renderer: ExportRenderer | null = null;
afterEach(async () => {
  await renderer?.close();
  renderer = null;
});

describe('thread renderer', () => {
  it('renders every export to the same bytes as the pure renderer in this thread', async () => {
    renderer = createThreadRenderer();
    for (const kind of EXPORT_KINDS) {
      const inThread = await kind.render(sampleSnapshot());
      const inWorker = await renderer.render(kind.name, sampleSnapshot());
      expect(Buffer.from(inWorker).equals(Buffer.from(inThread)), kind.name).toBe(true);
    }
  }, 60_000);

  it(`answers overloaded beyond ${MAX_PENDING} pending renders, and keeps the others`, async () => {
    renderer = createThreadRenderer();
    const r = renderer;
    const results = await Promise.allSettled(Array.from({ length: MAX_PENDING + 2 }, () => r.render('minutes.docx', sampleSnapshot())));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(MAX_PENDING);
    const rejected = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(rejected).toHaveLength(2);
    for (const x of rejected) expect(x.reason).toBeInstanceOf(DomainError);
    expect((rejected[0]?.reason as DomainError).code).toBe('overloaded');
  }, 60_000);

  it('rejects an unknown export and starts a new worker after close', async () => {
    renderer = createThreadRenderer();
    await expect(renderer.render('minutes.pdf', sampleSnapshot())).rejects.toThrow('unknown export minutes.pdf');
    await renderer.close();
    const bytes = await renderer.render('minutes.md', sampleSnapshot());
    expect(new TextDecoder().decode(bytes).startsWith('# 全市森林防火工作电视电话会议纪要')).toBe(true);
  }, 60_000);
});
