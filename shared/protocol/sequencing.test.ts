import { describe, expect, it } from 'vitest';
import { decide, drainBuffer } from './sequencing.ts';

const ev = (seq: number, prevSeq = seq - 1) => ({ seq, prevSeq });

describe('decide', () => {
  it('applies the next event in the chain and drops duplicates', () => {
    expect(decide(4, ev(5))).toBe('apply');
    expect(decide(4, ev(4))).toBe('duplicate');
    expect(decide(4, ev(2))).toBe('duplicate');
  });

  it('applies across staff-only numbers a venue never sees (prevSeq below seq - 1)', () => {
    expect(decide(4, ev(9, 4))).toBe('apply');
  });

  it('reports a gap when an event the recipient should have seen is missing', () => {
    expect(decide(4, ev(7, 6))).toBe('gap');
    expect(decide(null, ev(1, 0))).toBe('gap');
  });
});

describe('drainBuffer', () => {
  it('releases the continuous chain in order and keeps the rest waiting', () => {
    const { ready, waiting } = drainBuffer(3, [ev(6), ev(4), ev(3), ev(5), ev(9, 8)]);
    expect(ready.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(waiting.map((e) => e.seq)).toEqual([9]);
  });

  it('drops everything at or below lastSeq', () => {
    expect(drainBuffer(10, [ev(8), ev(10)])).toEqual({ ready: [], waiting: [] });
  });
});
