/** The seven-points speech as its utterance transcripts, read from the team fixtures (never copied). */
import fs from 'node:fs';
import { fixturePath } from '../env.ts';

export function sevenPointsUtterances(): string[] {
  const all = JSON.parse(fs.readFileSync(fixturePath('audio', 'transcripts.json'), 'utf8')) as Record<string, { text: string }>;
  return Array.from({ length: 10 }, (_, i) => all[`u${String(i + 1).padStart(2, '0')}.wav`]?.text ?? '');
}
