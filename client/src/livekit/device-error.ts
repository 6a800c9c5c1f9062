/**
 * What went wrong when the camera or microphone was published, in words an operator can act on
 * (permission, no device, device busy, insecure page, or the publish itself), instead of one
 * message for every failure. Pure: reads only the error's `name` and `message`.
 */

export type MediaKind = 'camera' | 'microphone';

const DEVICE: Record<MediaKind, string> = { camera: '摄像头', microphone: '麦克风' };

function nameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return '';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : '';
}

/**
 * The Chinese message for a failure to publish `kind`; the technical name is kept in brackets
 * for whoever supports the venue.
 */
export function deviceErrorMessage(kind: MediaKind, error: unknown): string {
  const device = DEVICE[kind];
  const name = nameOf(error);
  const detail = name || messageOf(error) ? `（${name || 'Error'}${messageOf(error) ? `: ${messageOf(error).slice(0, 120)}` : ''}）` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return `浏览器或系统未允许使用${device}：请在地址栏左侧的网站权限中允许${device}，然后刷新页面${detail}`;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return `未检测到${device}：请检查${device}是否已连接并在系统中启用${detail}`;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return `${device}无法启动，可能正被其他程序（如其他会议软件）占用：请关闭占用它的程序后重试${detail}`;
    case 'OverconstrainedError':
      return `所选${device}不支持所需的设置：请换用其他${device}${detail}`;
    case 'SecurityError':
    case 'DeviceUnsupportedError':
      return `浏览器禁止本页面使用${device}：请通过 HTTPS 地址打开本系统，或使用最新版 Chrome / Edge${detail}`;
    case 'PublishTrackError':
    case 'TrackInvalidError':
    case 'UnexpectedConnectionState':
    case 'PublishDataError':
      return `${device}已打开，但发布到视频会议失败：请检查网络后点击“重新连接”${detail}`;
    default:
      return `无法使用${device}${detail || '，请检查设备和浏览器权限'}`;
  }
}

/** Browsers without getUserMedia (plain-HTTP pages other than localhost) cannot publish at all. */
export function insecureContextError(): Error {
  const error = new Error('navigator.mediaDevices is unavailable (page not served over HTTPS)');
  error.name = 'SecurityError';
  return error;
}
