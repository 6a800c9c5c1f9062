/**
 * Microphone capture at the browser edge: getUserMedia → AudioContext (48 kHz when the device
 * allows) → the `pcm-capture` worklet → Int16 chunks and level readings for the caller.
 * Nothing here knows about sockets; the host console forwards chunks to the server.
 */
import workletUrl from './pcm-capture.worklet.ts?worker&url';
import { chunkSamplesFor, wireRateFor, type WireSampleRate } from './pcm.ts';
import type { WorkletMessage, WorkletOptions } from './worklet-messages.ts';

/** A microphone the user can pick. */
export interface MicrophoneInfo {
  deviceId: string;
  label: string;
}

export interface CaptureHandlers {
  /** One chunk of Int16 LE mono PCM at `wireRate`. */
  onChunk: (pcm: ArrayBuffer) => void;
  /** RMS level of the last ~50 ms, dBFS. */
  onLevel: (dbfs: number) => void;
}

/** A running capture. */
export interface MicrophoneCapture {
  readonly wireRate: WireSampleRate;
  readonly deviceLabel: string;
  /** Flush the last partial chunk and release the device. */
  stop: () => Promise<void>;
}

/** Microphones visible to the page (labels appear once permission was granted). */
export async function listMicrophones(): Promise<MicrophoneInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `麦克风 ${i + 1}` }));
}

export async function startMicrophone(deviceId: string | null, handlers: CaptureHandlers): Promise<MicrophoneCapture> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      channelCount: 1,
      // The recogniser wants the room as it is; browser voice processing smears pauses.
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
    },
    video: false,
  });
  let context: AudioContext;
  try {
    context = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  } catch {
    // Some devices refuse a forced rate; the worklet then resamples to 16 kHz.
    context = new AudioContext({ latencyHint: 'interactive' });
  }
  try {
    await context.audioWorklet.addModule(workletUrl);
    if (context.state === 'suspended') await context.resume();
    const wireRate = wireRateFor(context.sampleRate);
    const processorOptions: WorkletOptions = { wireRate, chunkSamples: chunkSamplesFor(wireRate) };
    const node = new AudioWorkletNode(context, 'pcm-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      channelCount: 1,
      channelCountMode: 'explicit',
      processorOptions,
    });
    const source = context.createMediaStreamSource(stream);
    // A silent sink keeps the graph pulled (a node that reaches no destination may not render).
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(node).connect(sink).connect(context.destination);

    let resolveStopped: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      resolveStopped = resolve;
    });
    node.port.onmessage = (e: MessageEvent<WorkletMessage>) => {
      const message = e.data;
      switch (message.type) {
        case 'chunk':
          handlers.onChunk(message.pcm);
          break;
        case 'level':
          handlers.onLevel(message.dbfs);
          break;
        case 'stopped':
          resolveStopped();
          break;
        default: {
          const unknown: never = message;
          void unknown;
        }
      }
    };
    const track = stream.getAudioTracks()[0];
    return {
      wireRate,
      deviceLabel: track?.label ?? '',
      stop: async () => {
        node.port.postMessage({ type: 'stop' });
        await Promise.race([stopped, new Promise((r) => setTimeout(r, 500))]);
        source.disconnect();
        node.disconnect();
        for (const t of stream.getTracks()) t.stop();
        await context.close();
      },
    };
  } catch (error) {
    for (const t of stream.getTracks()) t.stop();
    await context.close();
    throw error;
  }
}
