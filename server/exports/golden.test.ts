/**
 * Golden files: the sample meeting's exports, as committed in fixtures/. A renderer change that
 * alters any byte shows up here as a diff to review; rewrite the files with
 * `UPDATE_GOLDEN=1 npx vitest run server/exports/golden.test.ts` when the change is intended.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportKind } from './catalogue.ts';
import { renderMinutesDocx } from './minutes-docx.ts';
import { sampleSnapshot } from './testing/sample-snapshot.ts';
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
