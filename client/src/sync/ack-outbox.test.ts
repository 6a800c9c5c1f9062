import { describe, expect, it } from 'vitest';
import { ACK_RETRY_MAX_MS, due, enqueue, isFinalError, markFailed, parseQueue, remove, resetBackoff, retryDelayMs } from './ack-outbox.ts';

describe('ack outbox', () => {
  it('queues each requirement × kind once, keeping the newest version clicked', () => {
    let q = enqueue([], 'r1', 'received', 1, 1000);
    q = enqueue(q, 'r1', 'received', 2, 1001);
    q = enqueue(q, 'r1', 'relayed', 1, 1002);
    q = enqueue(q, 'r1', 'received', 1, 1003);
    expect(q.map((p) => `${p.requirementId}/${p.kind}/v${p.version}`)).toEqual(['r1/received/v2', 'r1/relayed/v1']);
  });

  it('backs off after a failure and is due again later; reconnect makes it due at once', () => {
    let q = enqueue([], 'r1', 'received', 1, 0);
    expect(due(q, 0)).toHaveLength(1);
    q = markFailed(q, { requirementId: 'r1', kind: 'received' }, 0);
    expect(due(q, 500)).toHaveLength(0);
    expect(due(q, 1000)).toHaveLength(1);
    q = markFailed(q, { requirementId: 'r1', kind: 'received' }, 1000);
    expect(q[0]?.notBeforeMs).toBe(3000);
    q = resetBackoff(q, 1200);
    expect(due(q, 1200)).toHaveLength(1);
  });

  it('caps the delay and forgets acks the server answered', () => {
    expect(retryDelayMs(30)).toBe(ACK_RETRY_MAX_MS);
    const q = remove(enqueue([], 'r1', 'received', 1, 0), { requirementId: 'r1', kind: 'received' });
    expect(q).toEqual([]);
  });

  it('treats only non-transient server errors as final', () => {
    expect(isFinalError('not_found')).toBe(true);
    expect(isFinalError('overloaded')).toBe(false);
    expect(isFinalError('timeout')).toBe(false);
  });

  it('restores a persisted queue, dropping malformed entries', () => {
    const raw = JSON.stringify([
      { requirementId: 'r1', kind: 'received', attempts: 5 }, { requirementId: 'r3', kind: 'relayed', version: 3 }, { requirementId: 3 }, { requirementId: 'r2', kind: 'x' },
    ]);
    expect(parseQueue(raw)).toEqual([
      { requirementId: 'r1', kind: 'received', version: 1, attempts: 0, notBeforeMs: 0 },
      { requirementId: 'r3', kind: 'relayed', version: 3, attempts: 0, notBeforeMs: 0 },
    ]);
    expect(parseQueue('{not json')).toEqual([]);
    expect(parseQueue(null)).toEqual([]);
  });
});
