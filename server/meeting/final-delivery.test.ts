/** Finals of one meeting are stored one at a time in order, and kept and retried when storing fails. */
import { expect, it } from 'vitest';
import type { TranscriptSegment } from '../transcription/types.ts';
import { createFinalDelivery } from './final-delivery.ts';

const seg = (id: string, startMs: number): TranscriptSegment => ({ id, startMs, endMs: startMs + 1000, text: id, isFinal: true });

it('hands a final over at once, the next only after the previous one is stored', async () => {
  const calls: string[] = [];
  let release: () => void = () => {};
  const finals = createFinalDelivery({
    store: async (_m, s) => {
      calls.push(s.id);
      if (s.id === 'a') await new Promise<void>((r) => (release = r));
    },
    onError: () => {},
    onRecovered: () => {},
  });
  finals.deliver('m', seg('a', 0));
  expect(calls).toEqual(['a']);
  finals.deliver('m', seg('b', 1000));
  await new Promise((r) => setTimeout(r, 5));
  expect(calls).toEqual(['a']);
  expect(finals.unsavedFromMs('m', '')).toBe(0);
  release();
  await finals.drained('m', '');
  expect(calls).toEqual(['a', 'b']);
  expect(finals.pending()).toBe(0);
});

it('keeps a final that failed, with the later ones behind it, and retries until stored', async () => {
  const stored: string[] = [];
  const errors: number[] = [];
  let recovered = 0;
  let failures = 2;
  const finals = createFinalDelivery({
    store: async (_m, s) => {
      if (failures-- > 0) throw new Error('disk full');
      stored.push(s.id);
    },
    onError: (_err, f) => errors.push(f.attempt),
    onRecovered: (f) => (recovered = f.stored),
  });
  finals.deliver('m', seg('a', 0));
  finals.deliver('m', seg('b', 1000));
  expect(finals.pending()).toBe(2);
  await finals.drained('m', 'b');
  expect(stored).toEqual(['a', 'b']);
  expect(errors).toEqual([1, 2]);
  expect(recovered).toBe(2);
  finals.close();
});
