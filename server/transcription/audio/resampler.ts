/**
 * Streaming rational resampler: polyphase windowed-sinc (Kaiser window) low-pass filter.
 * Converts between any two integer sample rates; the anti-aliasing cut-off sits just below
 * the lower of the two Nyquist frequencies, so 48 kHz → 16 kHz removes everything above ~7.6 kHz
 * instead of folding it back into the speech band as naive decimation would.
 */

/** Options of {@link Resampler}. */
export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side of the centre; more = steeper filter. Default 24. */
  zeroCrossings?: number;
  /** Pass-band edge as a fraction of the lower Nyquist frequency (0..1). Default 0.92. */
  rolloff?: number;
  /** Kaiser window β; 8.6 ≈ 85 dB stop-band attenuation. Default 8.6. */
  kaiserBeta?: number;
}

export const RESAMPLER_DEFAULTS: Required<ResamplerOptions> = {
  zeroCrossings: 24,
  rolloff: 0.92,
  kaiserBeta: 8.6,
};

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/**
 * Prototype low-pass filter at the up-sampled rate (inRate × up), length `2 · half + 1`,
 * scaled by `up` so every polyphase branch has unity DC gain.
 */
function designKernel(up: number, down: number, opts: Required<ResamplerOptions>): Float32Array {
  const widest = Math.max(up, down);
  const cutoff = (0.5 * opts.rolloff) / widest; // cycles per up-sampled sample
  const half = opts.zeroCrossings * widest;
  const kernel = new Float32Array(2 * half + 1);
  const i0Beta = besselI0(opts.kaiserBeta);
  for (let n = -half; n <= half; n++) {
    const x = 2 * cutoff * n;
    const sinc = n === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = n / half;
    const window = besselI0(opts.kaiserBeta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    kernel[n + half] = up * 2 * cutoff * sinc * window;
  }
  return kernel;
}

/**
 * Streaming resampler. Feed blocks with {@link process}; call {@link flush} at the end to get
 * the filter's tail. Output is time-aligned with the input (the filter delay is compensated).
 */
export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  private readonly up: number;
  private readonly down: number;
  private readonly kernel: Float32Array;
  private readonly centre: number;
  /** Input samples kept for the filter, starting at global input index `historyStart`. */
  private history = new Float32Array(0);
  private historyStart = 0;
  /** Total input samples received. */
  private received = 0;
  /** Index of the next output sample. */
  private nextOut = 0;

  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
      throw new RangeError(`sample rates must be positive integers (got ${inRate} → ${outRate})`);
    }
    const g = gcd(inRate, outRate);
    this.inRate = inRate;
    this.outRate = outRate;
    this.up = outRate / g;
    this.down = inRate / g;
    const opts = { ...RESAMPLER_DEFAULTS, ...options };
    this.kernel = this.up === this.down ? new Float32Array([1]) : designKernel(this.up, this.down, opts);
    this.centre = (this.kernel.length - 1) / 2;
  }

  /** Resample one block; returns the output samples that are complete so far. */
  process(input: Float32Array): Float32Array {
    if (this.up === this.down) return input.slice();
    this.append(input);
    return this.produce(this.received);
  }

  /** Emit the remaining output (input padded with zeros) and reset the stream. */
  flush(): Float32Array {
    if (this.up === this.down) return new Float32Array(0);
    const totalOut = Math.ceil((this.received * this.up) / this.down);
    const out = this.produce(Number.POSITIVE_INFINITY, totalOut);
    this.history = new Float32Array(0);
    this.historyStart = 0;
    this.received = 0;
    this.nextOut = 0;
    return out;
  }

  private append(input: Float32Array): void {
    const merged = new Float32Array(this.history.length + input.length);
    merged.set(this.history, 0);
    merged.set(input, this.history.length);
    this.history = merged;
    this.received += input.length;
  }

  /**
   * Compute outputs while the input they need has arrived (`available` samples; Infinity
   * treats missing samples as zeros), up to `limit` outputs in total.
   */
  private produce(available: number, limit = Number.POSITIVE_INFINITY): Float32Array {
    const { up, down, kernel, centre } = this;
    const values: number[] = [];
    for (;;) {
      const n = this.nextOut;
      if (n >= limit) break;
      const pos = n * down + centre; // up-sampled position aligned with kernel index 0
      const kMax = Math.floor(pos / up);
      if (kMax >= available) break;
      const kMin = Math.max(0, Math.ceil((pos - (kernel.length - 1)) / up));
      let acc = 0;
      const last = Math.min(kMax, this.received - 1);
      const history = this.history;
      const offset = this.historyStart;
      for (let k = kMin; k <= last; k++) {
        acc += (history[k - offset] ?? 0) * (kernel[pos - k * up] ?? 0);
      }
      values.push(acc);
      this.nextOut = n + 1;
    }
    this.trimHistory();
    return Float32Array.from(values);
  }

  /** Drop input samples no future output can reach. */
  private trimHistory(): void {
    const pos = this.nextOut * this.down + this.centre;
    const keepFrom = Math.max(0, Math.ceil((pos - (this.kernel.length - 1)) / this.up));
    const drop = Math.min(keepFrom - this.historyStart, this.history.length);
    if (drop > 0) {
      this.history = this.history.slice(drop);
      this.historyStart += drop;
    }
  }
}
