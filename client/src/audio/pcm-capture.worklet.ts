/**
 * AudioWorklet processor: microphone render quanta → Int16 PCM chunks at the wire rate, plus a
 * level reading about every 50 ms. Runs on the audio thread; the main thread only forwards
 * the chunks to the socket. Bundled on its own by Vite (`?worker&url`).
 */
import { LinearResampler, meanSquareDbfs, PcmChunker, type WireSampleRate } from './pcm.ts';
import type { WorkletMessage, WorkletOptions } from './worklet-messages.ts';

// The AudioWorkletGlobalScope is not in TypeScript's DOM lib; declare the three names we use.
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new (options: { processorOptions: WorkletOptions }) => object): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

/** How often a level reading is posted, ms. */
const LEVEL_INTERVAL_MS = 50;

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly chunker: PcmChunker;
  private readonly resampler: LinearResampler;
  private readonly levelEvery: number;
  // Running sums, not a sample array: the audio thread must not allocate per render quantum
  // (garbage collection there makes the browser drop captured audio).
  private levelSumSquares = 0;
  private levelCount = 0;
  private stopped = false;

  constructor(options: { processorOptions: WorkletOptions }) {
    super();
    const rate: WireSampleRate = options.processorOptions.wireRate;
    this.chunker = new PcmChunker(options.processorOptions.chunkSamples);
    this.resampler = new LinearResampler(sampleRate, rate);
    this.levelEvery = Math.round((sampleRate * LEVEL_INTERVAL_MS) / 1000);
    this.port.onmessage = (e: MessageEvent<{ type: 'stop' }>) => {
      if (e.data.type === 'stop') this.flushAndStop();
    };
  }

  private post(message: WorkletMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  private flushAndStop(): void {
    const rest = this.chunker.flush();
    // floatToInt16 allocates a fresh ArrayBuffer (never shared), so it can be transferred.
    if (rest.length > 0) this.post({ type: 'chunk', pcm: rest.buffer as ArrayBuffer }, [rest.buffer as ArrayBuffer]);
    this.stopped = true;
    this.post({ type: 'stopped' });
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const channel = inputs[0]?.[0];
    if (channel && channel.length > 0) {
      for (const chunk of this.chunker.push(this.resampler.process(channel))) {
        // Int16Array made by floatToInt16 owns a fresh ArrayBuffer, so transferring it is safe.
        this.post({ type: 'chunk', pcm: chunk.buffer as ArrayBuffer }, [chunk.buffer as ArrayBuffer]);
      }
      for (let i = 0; i < channel.length; i++) {
        const v = channel[i] ?? 0;
        this.levelSumSquares += v * v;
      }
      this.levelCount += channel.length;
      if (this.levelCount >= this.levelEvery) {
        this.post({ type: 'level', dbfs: meanSquareDbfs(this.levelSumSquares / this.levelCount) });
        this.levelSumSquares = 0;
        this.levelCount = 0;
      }
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
