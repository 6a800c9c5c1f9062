import { describe, expect, it } from 'vitest';
import { SENTENCE_PAUSE_MS, Segmenter, type SegmenterEvent } from './segmenter.ts';
import { FRAME_MS, FRAME_SAMPLES } from './speech-detector.ts';

/** A frame of a 200 Hz tone at the given peak amplitude (0 = digital silence). */
function frame(amplitude: number): Float32Array {
  const f = new Float32Array(FRAME_SAMPLES);
  for (let i = 0; i < f.length; i++) f[i] = amplitude * Math.sin((2 * Math.PI * 200 * i) / 16_000);
  return f;
}

interface Part {
  ms: number;
  prob: number;
  amplitude?: number;
}

/** Feed a script of (duration, probability, level) parts; returns every event. */
function run(parts: Part[], seg = new Segmenter()): SegmenterEvent[] {
  const events: SegmenterEvent[] = [];
  for (const p of parts) {
    const n = Math.round(p.ms / FRAME_MS);
    for (let i = 0; i < n; i++) events.push(...seg.push(frame(p.amplitude ?? (p.prob > 0.5 ? 0.3 : 0)), p.prob));
  }
  events.push(...seg.flush());
  return events;
}

const ended = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'segment-ended');

describe('Segmenter', () => {
  it('keeps a 0.35 s sentence pause inside one segment and reports speech times', () => {
    const events = run([
      { ms: 992, prob: 0 },
      { ms: 1504, prob: 0.9 },
      { ms: 352, prob: 0.05 },
      { ms: 1504, prob: 0.9 },
      { ms: 1504, prob: 0 },
    ]);
    const segs = ended(events);
    expect(segs).toHaveLength(1);
    const s = segs[0]!;
    expect(s.startMs).toBe(992);
    expect(s.endMs).toBe(992 + 1504 + 352 + 1504);
    expect(s.reason).toBe('silence');
    // audio = pre-pad + speech + post-pad
    expect(s.audio.length / 16).toBe(192 + 1504 + 352 + 1504 + 192);
    expect(events[0]).toEqual({ type: 'speech-started', segmentId: 's0001', startMs: 992, audioStartMs: 992 - 192 });
  });

  it('closes a segment after the hangover (0.8 s gap → two segments)', () => {
    const segs = ended(
      run([
        { ms: 992, prob: 0.9 },
        { ms: 800, prob: 0.1 },
        { ms: 992, prob: 0.9 },
        { ms: 992, prob: 0 },
      ]),
    );
    expect(segs.map((s) => s.segmentId)).toEqual(['s0001', 's0002']);
    expect(segs[1]!.startMs).toBe(992 + 800);
  });

  it('discards speech shorter than the minimum length', () => {
    const events = run([
      { ms: 480, prob: 0 },
      { ms: 96, prob: 0.9 },
      { ms: 992, prob: 0 },
    ]);
    expect(ended(events)).toHaveLength(0);
    expect(events).toContainEqual({ type: 'speech-discarded', segmentId: 's0001', reason: 'too-short' });
  });

  it('never passes near-silence on, even when the detector is fooled', () => {
    const events = run([
      { ms: 1504, prob: 0.9, amplitude: 0.001 },
      { ms: 992, prob: 0 },
    ]);
    expect(ended(events)).toHaveLength(0);
    expect(events).toContainEqual({ type: 'speech-discarded', segmentId: 's0001', reason: 'too-quiet' });
  });

  it('cuts a long utterance at its quietest point, then continues with a new segment', () => {
    const events = run([
      { ms: 14_400, prob: 0.9, amplitude: 0.3 },
      { ms: 160, prob: 0.6, amplitude: 0.01 }, // a quiet breath, too short to close the segment
      { ms: 9_600, prob: 0.9, amplitude: 0.3 },
      { ms: 992, prob: 0 },
    ]);
    const segs = ended(events);
    expect(segs).toHaveLength(2);
    const [first, second] = [segs[0]!, segs[1]!];
    expect(first.reason).toBe('max-length');
    expect(first.endMs).toBeGreaterThanOrEqual(14_400);
    expect(first.endMs).toBeLessThanOrEqual(14_400 + 160 + FRAME_MS);
    expect(first.endMs - first.startMs).toBeLessThanOrEqual(20_000);
    expect(second.startMs).toBe(first.endMs);
    expect(second.endMs).toBeCloseTo(14_400 + 160 + 9_600, -2);
    expect(events.filter((e) => e.type === 'speech-started')).toHaveLength(2);
  });

  it('cuts at the maximum length even without a quiet point', () => {
    const segs = ended(run([{ ms: 45_000, prob: 0.9 }]));
    expect(segs.length).toBeGreaterThanOrEqual(3);
    for (const s of segs) expect(s.endMs - s.startMs).toBeLessThanOrEqual(20_000);
    expect(segs.at(-1)!.endMs).toBeCloseTo(45_000, -2);
  });

  it('exposes the running utterance for interim decoding', () => {
    const seg = new Segmenter();
    for (let i = 0; i < 31; i++) seg.push(frame(0.3), 0.9);
    const snap = seg.snapshot();
    expect(snap?.segmentId).toBe('s0001');
    expect(snap?.speaking).toBe(true);
    expect(snap?.audio.length).toBe(31 * FRAME_SAMPLES);
    seg.push(frame(0), 0.01);
    expect(seg.snapshot()?.speaking).toBe(false);
  });
});

describe('Segmenter sentence pauses', () => {
  const pauses = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'pause-detected');

  it('reports a 0.35 s sentence pause once, 224 ms after the last speech frame, inside the segment', () => {
    const events = run([
      { ms: 992, prob: 0 },
      { ms: 1504, prob: 0.9 },
      { ms: 352, prob: 0.05 },
      { ms: 1504, prob: 0.9 },
      { ms: 1504, prob: 0 },
    ]);
    const found = pauses(events);
    // One at the 。 pause, one at the end of the utterance (before the hangover closes it).
    expect(found).toEqual([
      { type: 'pause-detected', segmentId: 's0001', speechEndMs: 992 + 1504, atMs: 992 + 1504 + SENTENCE_PAUSE_MS },
      { type: 'pause-detected', segmentId: 's0001', speechEndMs: 992 + 1504 + 352 + 1504, atMs: 992 + 1504 + 352 + 1504 + SENTENCE_PAUSE_MS },
    ]);
    const order = events.map((e) => e.type);
    expect(order.indexOf('pause-detected')).toBeLessThan(order.indexOf('segment-ended'));
    expect(ended(events)).toHaveLength(1);
  });

  it('ignores comma pauses (160 ms) and noise blips shorter than the minimum speech', () => {
    const comma = run([
      { ms: 992, prob: 0.9 },
      { ms: 160, prob: 0.05 },
      { ms: 992, prob: 0.9 },
    ]);
    // Only the end-of-stream flush closes it: no pause was long enough.
    expect(pauses(comma)).toEqual([]);
    const blip = run([
      { ms: 480, prob: 0 },
      { ms: 96, prob: 0.9 },
      { ms: 992, prob: 0 },
    ]);
    expect(pauses(blip)).toEqual([]);
  });

  it('can be switched off', () => {
    const events = run(
      [
        { ms: 1504, prob: 0.9 },
        { ms: 352, prob: 0.05 },
        { ms: 1504, prob: 0.9 },
      ],
      new Segmenter({ sentencePauseMs: 0 }),
    );
    expect(pauses(events)).toEqual([]);
  });
});
