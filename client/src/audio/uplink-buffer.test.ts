import { describe, expect, it } from 'vitest';
import { UplinkBuffer } from './uplink-buffer.ts';

const pcm = () => new Uint8Array(3200);

describe('UplinkBuffer', () => {
  it('keeps chunks until confirmed, hands out each once until retried, and forgets what the server has', () => {
    const b = new UplinkBuffer(10_000);
    for (let seq = 0; seq < 5; seq++) b.add(seq, pcm(), 100);
    const first = b.nextToSend(3);
    expect(first.map((c) => c.seq)).toEqual([0, 1, 2]);
    for (const c of first) c.inFlight = true;
    expect(b.nextToSend(10).map((c) => c.seq)).toEqual([3, 4]);
    b.confirm(1);
    b.retry(2);
    expect(b.nextToSend(10).map((c) => c.seq)).toEqual([2, 3, 4]);
    b.resetInFlight();
    expect(b.nextToSend(10).map((c) => c.seq)).toEqual([0, 2, 3, 4]);
    b.confirmBelow(3);
    expect(b.nextToSend(10).map((c) => c.seq)).toEqual([3, 4]);
    expect(b.pendingMs).toBe(200);
    expect(b.dropped).toBe(0);
  });

  it('drops and counts the oldest audio only beyond its cap', () => {
    const b = new UplinkBuffer(1000);
    let dropped = 0;
    for (let seq = 0; seq < 15; seq++) dropped += b.add(seq, pcm(), 100);
    expect(dropped).toBe(5);
    expect(b.dropped).toBe(5);
    expect(b.size).toBe(10);
    expect(b.nextToSend(1)[0]?.seq).toBe(5);
    expect(b.clear()).toBe(10);
    expect(b.pendingMs).toBe(0);
  });
  it('keeps a bounded history of confirmed chunks, and puts them back in order when a new node asks to rewind', () => {
    const b = new UplinkBuffer(10_000, 500);
    for (let seq = 0; seq < 10; seq++) b.add(seq, pcm(), 100);
    // Confirmed out of order, then in bulk: the history holds the newest 500 ms, sorted.
    b.confirm(8);
    b.confirmBelow(7);
    expect(b.oldestSeq).toBe(7);
    expect(b.oldestReplayableSeq).toBe(3);
    expect(b.pendingMs).toBe(200);
    // A node that took over has everything before 5: 5–8 come back, 9 stays queued after them.
    expect(b.rewind(5)).toBe(3);
    expect(b.nextToSend(10).map((c) => c.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(b.pendingMs).toBe(500);
    expect(b.oldestReplayableSeq).toBe(3);
    // Rewinding to where the server already is changes nothing.
    expect(b.rewind(5)).toBe(0);
    expect(b.clear()).toBe(5);
    expect(b.oldestReplayableSeq).toBeNull();
  });
});
