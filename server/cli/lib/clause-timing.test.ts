/**
 * Clause timing on the seven-points fixture: fifteen sentences; the first sentences of the
 * two-sentence utterances end at their 。 pause found in the audio, the others with their utterance.
 */
import { expect, it } from 'vitest';
import { fixturePath } from '../../../test/env.ts';
import { clauseOfHeadline, loadTimedClauses, sentences } from './clause-timing.ts';
import { spokenToVenue } from './spoken-to-venue.ts';
import type { Requirement } from '../../../shared/protocol/domain.ts';

it('splits sentences keeping their stops', () => {
  expect(sentences('第一，要精心组织部署。各单位要抓好宣传发动工作。')).toEqual(['第一，要精心组织部署。', '各单位要抓好宣传发动工作。']);
  expect(sentences('好，我就讲这些')).toEqual(['好，我就讲这些']);
});

it('times the fifteen clauses of speech-seven-points.wav from transcripts.json and the audio', async () => {
  const clauses = (await loadTimedClauses(fixturePath('audio', 'speech-seven-points.wav')))!;
  expect(clauses).toHaveLength(15);
  const first = clauses.find((c) => c.text === '第一，要精心组织部署。')!;
  // u02 starts at 7.156 s; its 。 pause begins ≈ 2.56 s in (10 ms frames, 40 dB below its peak).
  expect(first.endMs).toBeGreaterThan(9_600);
  expect(first.endMs).toBeLessThan(9_800);
  const second = clauses.find((c) => c.text === '各单位要抓好宣传发动工作。')!;
  expect(second.endMs).toBe(13_432);
  // Simplified, like the transcript: u05 is traditional in the fixture.
  expect(clauses.find((c) => c.text === '第三，要真抓实改问题。')?.endMs).toBe(33_627);
  expect(clauseOfHeadline(clauses, '要走访听取意见', '第二')?.text).toBe('第二，要走访听取意见。');
  expect(clauseOfHeadline(clauses, '', '第七')?.text).toBe('第七，要严肃追究问责。');
});

it('measures spoken → venue per item from the clause end on the feed clock', async () => {
  const clauses = (await loadTimedClauses(fixturePath('audio', 'speech-seven-points.wav')))!;
  const req = { id: 'r1', marker: '第三', fields: { headline: '要真抓实改问题' }, machine: { headline: '要真抓实改问题' } } as unknown as Requirement; // only the fields the measure reads
  const t0 = 1_000_000;
  const result = spokenToVenue({ requirements: [req], clauses, arrivals: { r1: [t0 + 33_627 + 800, t0 + 33_627 + 1200] }, spokenAt: (ms) => t0 + ms });
  expect(result.byItem[0]).toMatchObject({ marker: '第三', clauseEndMs: 33_627, count: 2, p50: 800, max: 1200 });
  expect(result.overall).toMatchObject({ count: 2, p95: 1200 });
});
