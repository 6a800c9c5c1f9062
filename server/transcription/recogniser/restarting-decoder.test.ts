import { describe, expect, it } from 'vitest';
import { TranscriptionError } from '../errors.ts';
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import type { DecodeOptions } from './protocol.ts';
import { MAX_RESTARTS, RestartingDecoder } from './restarting-decoder.ts';
import type { SegmentDecoder } from './segment-decoder.ts';

const OPTIONS: DecodeOptions = { language: 'chinese', task: 'transcribe', noRepeatNgramSize: 6, repetitionPenalty: 1.1, maxNewTokens: 10 };

/** A decoder that answers `name` (and the prompt's last term) until it "dies", then throws WORKER_EXITED forever. */
function mortal(name: string, diesAfter: number): SegmentDecoder {
  let calls = 0;
  return {
    decode: (_audio, _options, prompt?: RecognitionPrompt | null) => {
      calls++;
      if (calls > diesAfter) return Promise.reject(new TranscriptionError('WORKER_EXITED', 'worker exited', true));
      const term = prompt?.terms.at(-1);
      return Promise.resolve({ text: term ? `${name}:${term}` : name, decodeMs: 1, promptTokens: 0 });
    },
    close: () => Promise.resolve(),
  };
}

describe('RestartingDecoder', () => {
  it('starts a new worker when the old one died and retries the segment on it', async () => {
    const started: string[] = [];
    const restarting = new RestartingDecoder(
      () => {
        started.push('w2');
        return Promise.resolve(mortal('w2', 100));
      },
      Promise.resolve(mortal('w1', 1)),
    );
    expect((await restarting.decode(new Float32Array(1), OPTIONS)).text).toBe('w1');
    // The segment the dead worker dropped is retried on the new one with the same prompt.
    expect((await restarting.decode(new Float32Array(1), OPTIONS, { terms: ['两为整治'], previousText: '' })).text).toBe('w2:两为整治');
    expect((await restarting.decode(new Float32Array(1), OPTIONS)).text).toBe('w2');
    expect(started).toEqual(['w2']);
  });

  it('gives up after MAX_RESTARTS within the window', async () => {
    let starts = 0;
    const restarting = new RestartingDecoder(
      () => {
        starts++;
        return Promise.resolve(mortal(`w${starts}`, 0));
      },
      Promise.resolve(mortal('w0', 0)),
      () => undefined,
      () => 1000,
    );
    for (let i = 0; i < MAX_RESTARTS; i++) await expect(restarting.decode(new Float32Array(1), OPTIONS)).rejects.toThrow();
    await expect(restarting.decode(new Float32Array(1), OPTIONS)).rejects.toMatchObject({ code: 'WORKER_EXITED' });
    expect(starts).toBe(MAX_RESTARTS);
  });

  it('does not restart on other errors', async () => {
    let starts = 0;
    const failing: SegmentDecoder = {
      decode: () => Promise.reject(new TranscriptionError('DECODE_FAILED', 'bad audio')),
      close: () => Promise.resolve(),
    };
    const restarting = new RestartingDecoder(() => {
      starts++;
      return Promise.resolve(failing);
    }, Promise.resolve(failing));
    await expect(restarting.decode(new Float32Array(1), OPTIONS)).rejects.toMatchObject({ code: 'DECODE_FAILED' });
    expect(starts).toBe(0);
  });
});
