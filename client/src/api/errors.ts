/**
 * Client-side errors as shown to users: every failure carries a Chinese message, and a
 * `retryable` flag so retry logic lives in one place (the ack sender, the connection).
 */
import { ERROR_MESSAGES, type ErrorCode, type WireError } from '../../../shared/protocol/index.ts';

/** Codes the client itself produces (no server answer). */
export type ClientErrorCode = 'network' | 'timeout' | 'disconnected' | 'microphone' | 'audio_unsent' | 'audio_stop_slow';

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  network: '无法连接服务器，请检查网络',
  timeout: '服务器响应超时，正在重试',
  disconnected: '连接已断开，正在重新连接',
  microphone: '无法使用麦克风，请检查设备和浏览器权限',
  // 停止采集 while the server confirms nothing: the audio stays in the page and is sent later.
  audio_unsent: '部分讲话音频尚未送达服务器，已保留在本机，服务器恢复后自动补发；请不要关闭本页面',
  // Every chunk arrived; the server is still storing the last sentences' transcript.
  audio_stop_slow: '讲话音频已全部送达，服务器仍在整理最后几句转写，完成后会自动显示',
};

const RETRYABLE: ReadonlySet<ErrorCode | ClientErrorCode> = new Set<ErrorCode | ClientErrorCode>([
  'network',
  'timeout',
  'disconnected',
  'overloaded',
  'internal',
  'rate_limited',
  // Another server node transcribes the meeting until its lease runs out (it failed, or is handing over).
  'transcribing_elsewhere',
]);

/** An error with a user-facing Chinese message. */
export class UserFacingError extends Error {
  readonly retryable: boolean;

  constructor(readonly code: ErrorCode | ClientErrorCode, message?: string) {
    // `in` narrows at runtime; TypeScript cannot narrow the union through it, hence the casts.
    super(message ?? (code in CLIENT_MESSAGES ? CLIENT_MESSAGES[code as ClientErrorCode] : ERROR_MESSAGES[code as ErrorCode]));
    this.name = 'UserFacingError';
    this.retryable = RETRYABLE.has(code);
  }

  static fromWire(error: WireError): UserFacingError {
    const known = error.code in ERROR_MESSAGES;
    // Only known codes carry their own message; anything else is shown as a generic failure.
    return known ? new UserFacingError(error.code, error.message || ERROR_MESSAGES[error.code]) : new UserFacingError('internal');
  }
}

/** Chinese text for anything thrown (unknown errors get a generic message, never a stack). */
export function userMessage(error: unknown): string {
  if (error instanceof UserFacingError) return error.message;
  if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'NotFoundError')) {
    return CLIENT_MESSAGES.microphone;
  }
  return '操作失败，请稍后重试';
}

/** Read a `WireError` out of an unknown JSON body, if it is one. */
export function parseWireError(body: unknown): WireError | null {
  if (typeof body !== 'object' || body === null) return null;
  const candidate = (body as { error?: unknown }).error ?? body; // bodies are `{ error }` or the error itself
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { code, message } = candidate as { code?: unknown; message?: unknown }; // checked below
  if (typeof code !== 'string' || !(code in ERROR_MESSAGES)) return null;
  // `code in ERROR_MESSAGES` was checked above, so it is a known ErrorCode.
  return { code: code as ErrorCode, message: typeof message === 'string' ? message : ERROR_MESSAGES[code as ErrorCode] };
}
