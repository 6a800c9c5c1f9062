import { describe, expect, it } from 'vitest';
import { deviceErrorMessage, insecureContextError } from './device-error.ts';

const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('deviceErrorMessage', () => {
  it('names the real cause of each failure, per device', () => {
    expect(deviceErrorMessage('microphone', domError('NotAllowedError', 'Permission denied'))).toMatch(/^浏览器或系统未允许使用麦克风.*（NotAllowedError: Permission denied）$/);
    expect(deviceErrorMessage('camera', domError('NotFoundError', 'Requested device not found'))).toMatch(/^未检测到摄像头/);
    expect(deviceErrorMessage('microphone', domError('NotReadableError', 'Could not start audio source'))).toMatch(/^麦克风无法启动，可能正被其他程序/);
    expect(deviceErrorMessage('camera', domError('OverconstrainedError'))).toMatch(/^所选摄像头不支持/);
    expect(deviceErrorMessage('microphone', insecureContextError())).toMatch(/^浏览器禁止本页面使用麦克风：请通过 HTTPS/);
    expect(deviceErrorMessage('microphone', domError('PublishTrackError', 'timed out'))).toMatch(/^麦克风已打开，但发布到视频会议失败.*（PublishTrackError: timed out）$/);
  });

  it('never falls back to the one message for everything', () => {
    const messages = ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'PublishTrackError'].map((n) => deviceErrorMessage('microphone', domError(n)));
    expect(new Set(messages).size).toBe(4);
    for (const m of messages) expect(m).not.toContain('摄像头或麦克风');
    expect(deviceErrorMessage('camera', 'weird')).toBe('无法使用摄像头（Error: weird）');
  });
});
