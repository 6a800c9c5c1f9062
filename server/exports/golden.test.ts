/**
 * Golden files: the sample meeting's exports, as committed in fixtures/. A renderer change that
 * alters any byte shows up here as a diff to review; rewrite the files with
 * `UPDATE_GOLDEN=1 npx vitest run server/exports/golden.test.ts` when the change is intended.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_KINDS, exportKind } from './catalogue.ts';
import { renderMinutesDocx } from './minutes-docx.ts';
import { sampleSnapshot } from './samples/sample-snapshot.ts';
import { entry, readPackage } from './testing/read-package.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = path.join(FIXTURES, name);
  if (update) {
    fs.mkdirSync(FIXTURES, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('golden exports of the sample meeting', () => {
  it.each(['minutes.md', 'requirements.csv', 'acks.csv', 'transcript.txt', 'transcript.srt'])('%s', async (name) => {
    const kind = exportKind(name);
    if (!kind) throw new Error(`no export ${name}`);
    const bytes = await kind.render(sampleSnapshot());
    golden(`sample-${name}`, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  });

  it('minutes.docx word/document.xml', async () => {
    const xml = entry(readPackage(await renderMinutesDocx(sampleSnapshot())), 'word/document.xml');
    // One element per line, so a change reads as a small diff.
    golden('sample-minutes.document.xml', xml.replace(/></g, '>\n<'));
  });
});

describe('every export is byte-stable', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it.each(EXPORT_KINDS.map((k) => k.name))('%s renders the same bytes under another clock and time zone', async (name) => {
    const kind = exportKind(name);
    if (!kind) throw new Error(name);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-01T08:00:00Z'));
    process.env.TZ = 'Asia/Shanghai';
    const a = await kind.render(sampleSnapshot());
    vi.setSystemTime(new Date('2030-10-27T01:30:03Z'));
    process.env.TZ = 'Europe/London';
    const b = await kind.render(sampleSnapshot());
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });
});
