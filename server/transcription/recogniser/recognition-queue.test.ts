import { describe, expect, it } from 'vitest';
import type { DecodeOptions } from './protocol.ts';
import { type DecodeOutcome, RecognitionQueue } from './recognition-queue.ts';
import { FakeDecoder } from './testing/fake-decoder.ts';

const OPTIONS: DecodeOptions = { language: 'chinese', task: 'transcribe', noRepeatNgramSize: 6, repetitionPenalty: 1.1, maxNewTokens: 200 };
const audio = (n: number) => new Float32Array(n);
const flush = () => new Promise((r) => setTimeout(r, 0));

/** Release decodes one by one until none waits. */
async function releaseAll(fake: FakeDecoder): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await flush();
    if (!fake.release()) {
      await flush();
      if (fake.waitingCount === 0) return;
    }
  }
}

describe('RecognitionQueue', () => {
  it('decodes finals one at a time, in FIFO order per key', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS);
    const order: string[] = [];
    const jobs = [
      q.enqueueFinal('m1', 's1', audio(1)).then(() => order.push('m1/s1')),
      q.enqueueFinal('m2', 's1', audio(2)).then(() => order.push('m2/s1')),
      q.enqueueFinal('m1', 's2', audio(3)).then(() => order.push('m1/s2')),
    ];
    await flush();
    expect(fake.waitingCount).toBe(1); // one decode at a time
    expect(q.pendingFinals('m1')).toBe(2);
    await releaseAll(fake);
    await Promise.all(jobs);
    expect(order).toEqual(['m1/s1', 'm2/s1', 'm1/s2']);
    expect(fake.calls.map((c) => c.audio.length)).toEqual([1, 2, 3]);
    expect(fake.calls[0]?.options).toEqual(OPTIONS);
    expect(q.idle).toBe(true);
  });

  it('runs waiting finals before interims and replaces a stale interim', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS);
    const first = q.enqueueFinal('m1', 's1', audio(10));
    const interimOld = q.enqueueInterim('m2', 's7', audio(20));
    const interimNew = q.enqueueInterim('m2', 's7', audio(21));
    const second = q.enqueueFinal('m1', 's2', audio(11));
    expect(await interimOld).toEqual({ status: 'dropped' });
    await releaseAll(fake);
    const results = await Promise.all([first, second, interimNew]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.calls.map((c) => c.audio.length)).toEqual([10, 11, 21]);
  });

  it('hands each job the prompt it was queued with, finals and interims alike', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS);
    const p1 = { terms: ['两为整治'], previousText: '第一，要精心组织部署。' };
    const p2 = { terms: [], previousText: '第二，要走访听取意见。' };
    const jobs = [q.enqueueFinal('m', 's1', audio(1), p1), q.enqueueInterim('m', 's2', audio(2), 'periodic', p2), q.enqueueFinal('n', 's1', audio(3))];
    await releaseAll(fake);
    const outcomes = await Promise.all(jobs);
    expect(fake.calls.map((c) => c.prompt)).toEqual([p1, null, p2]); // finals first, then the interim
    expect(outcomes.map((o) => (o.status === 'ok' ? o.promptTokens : -1))).toEqual([16, 11, 0]);
  });

  it('drops a waiting interim when the same segment closes', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS);
    const busy = q.enqueueFinal('m9', 's1', audio(1));
    const interim = q.enqueueInterim('m1', 's3', audio(5));
    const final = q.enqueueFinal('m1', 's3', audio(6));
    expect(await interim).toEqual({ status: 'dropped' });
    await releaseAll(fake);
    await Promise.all([busy, final]);
    expect(fake.calls.map((c) => c.audio.length)).toEqual([1, 6]);
  });

  it('refuses finals beyond its bound with QUEUE_FULL (backpressure) and recovers', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS, { maxQueuedFinals: 2 });
    const accepted = [q.enqueueFinal('m', 'a', audio(1)), q.enqueueFinal('m', 'b', audio(1)), q.enqueueFinal('m', 'c', audio(1))];
    await flush();
    const refused = await q.enqueueFinal('m', 'd', audio(1));
    expect(refused.status).toBe('failed');
    expect(refused.status === 'failed' && refused.error.code).toBe('QUEUE_FULL');
    await releaseAll(fake);
    const outcomes: DecodeOutcome[] = await Promise.all(accepted);
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
    const later = q.enqueueFinal('m', 'e', audio(1));
    await releaseAll(fake);
    expect((await later).status).toBe('ok');
  });

  it('reports decoder failures as { code, message } and keeps going', async () => {
    const fake = new FakeDecoder({ failWhen: (a) => a.length === 13 });
    const q = new RecognitionQueue(fake, OPTIONS);
    const bad = await q.enqueueFinal('m', 'x', audio(13));
    const good = await q.enqueueFinal('m', 'y', audio(14));
    expect(bad).toMatchObject({ status: 'failed', error: { code: 'DECODE_FAILED' } });
    expect(good).toMatchObject({ status: 'ok', text: '14 samples' });
  });

  it('fails every job when the decoder never loaded', async () => {
    const failed = Promise.reject(new Error('no model'));
    failed.catch(() => undefined);
    const q = new RecognitionQueue(failed, OPTIONS);
    expect(await q.enqueueFinal('m', 'x', audio(1))).toMatchObject({ status: 'failed' });
  });

  it('runs pause interims before periodic ones, and a periodic one never replaces a pending pause one', async () => {
    const fake = new FakeDecoder({ manual: true });
    const q = new RecognitionQueue(fake, OPTIONS);
    const busy = q.enqueueFinal('m0', 's1', audio(1)); // occupies the decoder
    await flush();
    const periodicOther = q.enqueueInterim('m1', 's3', audio(30), 'periodic');
    const pause = q.enqueueInterim('m2', 's5', audio(50), 'pause');
    const periodicSame = q.enqueueInterim('m2', 's5', audio(51), 'periodic');
    expect(await periodicSame).toEqual({ status: 'dropped' });
    await releaseAll(fake);
    await Promise.all([busy, periodicOther, pause]);
    expect(fake.calls.map((c) => c.audio.length)).toEqual([1, 50, 30]);
    // A newer pause interim (the next pause of the utterance) does replace a pending one.
    const busyAgain = q.enqueueFinal('m0', 's2', audio(2));
    await flush();
    const a = q.enqueueInterim('m3', 's1', audio(60), 'pause');
    const b = q.enqueueInterim('m3', 's1', audio(61), 'pause');
    expect(await a).toEqual({ status: 'dropped' });
    await releaseAll(fake);
    await busyAgain;
    expect((await b).status).toBe('ok');
  });

  it('keeps a running average of decode times', async () => {
    const q = new RecognitionQueue(new FakeDecoder(), OPTIONS);
    expect(q.averageDecodeMs).toBeNull();
    await q.enqueueFinal('m', 's1', audio(1));
    expect(q.averageDecodeMs).toBe(1);
  });
});
