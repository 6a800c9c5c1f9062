import { describe, expect, it } from 'vitest';
import { publishDevices, type DevicePublisher } from './publish-devices.ts';

/** A local participant whose devices fail as given; records what was asked, in order. */
function participant(fail: { microphone?: Error; camera?: Error } = {}): DevicePublisher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async setMicrophoneEnabled(enabled) {
      calls.push(`microphone:${enabled}`);
      if (fail.microphone) throw fail.microphone;
    },
    async setCameraEnabled(enabled) {
      calls.push(`camera:${enabled}`);
      if (fail.camera) throw fail.camera;
    },
  };
}

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('publishDevices', () => {
  it('a host PC without a camera still publishes its microphone, first, and is told the camera is missing', async () => {
    const p = participant({ camera: named('NotFoundError', 'Requested device not found') });
    const outcome = await publishDevices(p, 'host', true);
    expect(p.calls).toEqual(['microphone:true', 'camera:true']);
    expect(outcome.microphone).toBe('published');
    expect(outcome.camera).toBe('failed');
    expect(outcome.message).toMatch(/^未检测到摄像头/);
  });

  it('a refused microphone is what the host is told, even when the camera works', async () => {
    const p = participant({ microphone: named('NotAllowedError', 'Permission denied') });
    const outcome = await publishDevices(p, 'host', true);
    expect(outcome).toMatchObject({ microphone: 'failed', camera: 'published' });
    expect(outcome.message).toMatch(/^浏览器或系统未允许使用麦克风/);
  });

  it('a page without getUserMedia says HTTPS is needed; venues publish only their camera, silently; the desk nothing', async () => {
    expect((await publishDevices(participant(), 'host', false)).message).toMatch(/HTTPS/);
    const venue = participant({ camera: named('NotFoundError', '') });
    expect(await publishDevices(venue, 'venue', true)).toEqual({ microphone: 'not_requested', camera: 'failed', message: null });
    expect(venue.calls).toEqual(['camera:true']);
    const desk = participant();
    await publishDevices(desk, 'secretary', true);
    expect(desk.calls).toEqual([]);
  });
});
