import { describe, expect, it } from 'vitest';
import { CODE_PREFIX_LENGTH, createJoinGuard } from './join-guard.ts';

const REFILL_MS = 6000;

describe('join guard', () => {
  it('lets one IP guess its burst, then limits it with a wait; other IPs and later guesses go on', async () => {
    const g = createJoinGuard({ burst: 3, refillMs: REFILL_MS });
    for (let i = 0; i < 3; i++) expect(await g.wrongCode('10.0.0.1', `guess${i}aaaaaaaaaaaa`, 0)).toBeNull();
    expect(await g.wrongCode('10.0.0.1', 'guess9aaaaaaaaaaaa', 0)).toEqual({ scope: 'ip', retryAfterMs: REFILL_MS });
    expect(await g.wrongCode('10.0.0.2', 'other0aaaaaaaaaaaa', 0)).toBeNull();
    expect(await g.wrongCode('10.0.0.1', 'later0aaaaaaaaaaaa', 2 * REFILL_MS)).toBeNull();
  });

  it('limits guesses around one code prefix from many IPs, and not other prefixes', async () => {
    const g = createJoinGuard({ burst: 100, refillMs: REFILL_MS, prefixBurst: 2 });
    const prefix = 'AbCd';
    expect(prefix).toHaveLength(CODE_PREFIX_LENGTH);
    expect(await g.wrongCode('10.1.0.1', `${prefix}1111111111111111`, 0)).toBeNull();
    expect(await g.wrongCode('10.1.0.2', `${prefix}2222222222222222`, 0)).toBeNull();
    expect(await g.wrongCode('10.1.0.3', `${prefix}3333333333333333`, 0)).toMatchObject({ scope: 'prefix' });
    expect(await g.wrongCode('10.1.0.3', 'XyZw3333333333333333', 0)).toBeNull();
  });
});
