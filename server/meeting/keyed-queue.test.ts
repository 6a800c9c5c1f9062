/** Per-key order, independent keys, and a failure that stays with its own task. */
import { expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

it('runs one key\'s tasks in call order, one at a time; other keys do not wait', async () => {
  const q = createKeyedQueue();
  const log: string[] = [];
  const task = (name: string, steps: number) => async () => {
    log.push(`${name}:start`);
    for (let i = 0; i < steps; i++) await tick();
    log.push(`${name}:end`);
    return name;
  };
  const results = Promise.all([q.run('a', task('a1', 3)), q.run('a', task('a2', 0)), q.run('b', task('b1', 1))]);
  expect(await results).toEqual(['a1', 'a2', 'b1']);
  expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
  expect(log.indexOf('b1:end')).toBeLessThan(log.indexOf('a1:end'));
});

it('a failed task rejects its own promise only; the next one runs', async () => {
  const q = createKeyedQueue();
  const failed = q.run('a', () => Promise.reject(new Error('boom')));
  const next = q.run('a', async () => 'ran');
  await expect(failed).rejects.toThrow('boom');
  expect(await next).toBe('ran');
});

it('idle waits for everything queued, including tasks queued meanwhile', async () => {
  const q = createKeyedQueue();
  let done = 0;
  void q.run('a', async () => {
    await tick();
    void q.run('b', async () => {
      await tick();
      done += 1;
    });
    done += 1;
  });
  await q.idle();
  expect(done).toBe(2);
});
