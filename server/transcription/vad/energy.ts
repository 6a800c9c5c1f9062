/**
 * Energy-based speech detector: the fallback when the Silero model cannot be loaded.
 * Speech = frame level well above an adaptive noise floor and above an absolute minimum.
 */
import { frameDbfs, scoreInTurn, type SpeechDetector, type SpeechDetectorFactory } from './speech-detector.ts';

/** Frames quieter than this are never speech, dBFS. */
export const ENERGY_MIN_SPEECH_DBFS = -48;
/** Margin above the tracked noise floor that counts as speech, dB. */
export const ENERGY_MARGIN_DB = 12;
/** Initial noise-floor estimate, dBFS. */
export const ENERGY_INITIAL_FLOOR_DBFS = -70;
/** How fast the floor rises during sustained sound, dB per frame (≈1.5 dB/s): speech cannot lift it much. */
export const ENERGY_FLOOR_RISE_DB = 0.05;
/** Width of the soft decision around the threshold, dB. */
export const ENERGY_SOFTNESS_DB = 6;

class EnergyDetector implements SpeechDetector {
  private floorDb = ENERGY_INITIAL_FLOOR_DBFS;

  probability(frame: Float32Array): Promise<number> {
    const db = frameDbfs(frame);
    // The floor follows quiet frames at once and louder ones only slowly.
    this.floorDb = db < this.floorDb ? Math.max(db, -120) : this.floorDb + ENERGY_FLOOR_RISE_DB;
    const threshold = Math.max(ENERGY_MIN_SPEECH_DBFS, this.floorDb + ENERGY_MARGIN_DB);
    const p = 0.5 + (db - threshold) / ENERGY_SOFTNESS_DB;
    return Promise.resolve(Math.min(1, Math.max(0, p)));
  }

  probabilities(frames: readonly Float32Array[]): Promise<number[]> {
    return scoreInTurn(this, frames);
  }

  reset(): void {
    this.floorDb = ENERGY_INITIAL_FLOOR_DBFS;
  }

  close(): void {}
}

/** Factory for the energy detector (no model to load). */
export function createEnergyDetectorFactory(): SpeechDetectorFactory {
  return {
    kind: 'energy',
    create: () => new EnergyDetector(),
    close: () => Promise.resolve(),
  };
}
