/**
 * The labelled corpora under a fixtures folder ($LUOSHI_FIXTURES): news reports (texts/: seeds and
 * dev texts) and whole speeches (speeches/). Node only (reads files), so it lives with the CLIs: the
 * eval CLI, the bench and the extractor's tests load them here; the extractor never imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fixture } from '../../../shared/extraction/evaluation/score-corpus.ts';
import type { Label } from '../../../shared/extraction/evaluation/scoring.ts';

export type { Fixture };

// The label files follow the schema in the fixtures' texts/README.md (checked by the fixture tests' scores).
const readLabel = (file: string): Label => JSON.parse(fs.readFileSync(file, 'utf8')) as Label;

/** Loads seeds and dev texts with their labels from a fixtures folder. */
export function loadFixtures(fixtures: string): Fixture[] {
  const texts = path.join(fixtures, 'texts');
  const out: Fixture[] = [];
  for (const seed of fs.readdirSync(texts).filter((f) => /^seed-.*\.txt$/.test(f)).sort()) {
    const id = seed.replace(/\.txt$/, '');
    out.push({ id, text: fs.readFileSync(path.join(texts, seed), 'utf8'), label: readLabel(path.join(texts, 'labels', `${id}.json`)) });
  }
  const dev = path.join(texts, 'dev');
  for (const f of fs.readdirSync(path.join(dev, 'texts')).filter((n) => n.endsWith('.txt')).sort()) {
    const id = f.replace(/\.txt$/, '');
    out.push({ id: `dev/${id}`, text: fs.readFileSync(path.join(dev, 'texts', f), 'utf8'), label: readLabel(path.join(dev, 'labels', `${id}.json`)) });
  }
  return out;
}

/** Loads the whole speeches (speeches/texts/NN.txt + labels/NN.json); [] when the folder is absent. */
export function loadSpeeches(fixtures: string): Fixture[] {
  const dir = path.join(fixtures, 'speeches');
  if (!fs.existsSync(path.join(dir, 'texts'))) return [];
  return fs.readdirSync(path.join(dir, 'texts')).filter((n) => n.endsWith('.txt')).sort().map((f) => {
    const id = f.replace(/\.txt$/, '');
    return { id, text: fs.readFileSync(path.join(dir, 'texts', f), 'utf8'), label: readLabel(path.join(dir, 'labels', `${id}.json`)) };
  });
}
