/**
 * Typed errors of the transcription pipeline. Each code carries a bilingual message
 * (Chinese for the host console, English for logs) and a `retryable` flag.
 */

/** Error codes emitted by the transcription pipeline. */
export type TranscriptionErrorCode =
  /** The model folder or one of its files is missing (offline provisioning needed). */
  | 'MODEL_MISSING'
  /** The model files exist but could not be loaded (corrupt download, wrong dtype). */
  | 'MODEL_LOAD_FAILED'
  /** A decode failed inside the worker. */
  | 'DECODE_FAILED'
  /** The worker thread died or was closed. */
  | 'WORKER_EXITED'
  /** Too many segments wait for the recogniser; the newest one was not decoded. */
  | 'QUEUE_FULL'
  /** Too much audio is waiting for the voice-activity detector; the chunk was refused. */
  | 'AUDIO_BACKLOG_FULL'
  /** The pushed chunk is malformed (sample rate, channel count, size). */
  | 'AUDIO_INVALID'
  /** A WAV file could not be read. */
  | 'WAV_INVALID'
  /** The service or stream is closed. */
  | 'CLOSED';

/** Plain error shape that crosses thread boundaries and reaches the host console. */
export interface TranscriptionErrorInfo {
  code: TranscriptionErrorCode;
  /** Chinese first, then English. */
  message: string;
}

/** Error thrown by the transcription pipeline. */
export class TranscriptionError extends Error {
  readonly code: TranscriptionErrorCode;
  /** True when trying again later may succeed (queue full, worker restart). */
  readonly retryable: boolean;

  constructor(code: TranscriptionErrorCode, message: string, retryable = false) {
    super(message);
    this.name = 'TranscriptionError';
    this.code = code;
    this.retryable = retryable;
  }

  toInfo(): TranscriptionErrorInfo {
    return { code: this.code, message: this.message };
  }

  static from(info: TranscriptionErrorInfo, retryable = false): TranscriptionError {
    return new TranscriptionError(info.code, info.message, retryable);
  }
}

/**
 * The message shown when a model folder is missing: what is missing and how to copy a
 * model in on an offline intranet machine.
 */
export function modelMissingMessage(modelId: string, modelDir: string, missing: string[]): string {
  const files = missing.join(', ');
  return [
    `语音识别模型缺失：${modelId}（目录 ${modelDir}，缺少 ${files}）。`,
    `联网环境请运行 npm run models:fetch -- ${modelId}；`,
    `内网离线环境请在联网电脑上下载后，把整个模型文件夹（含 config.json、tokenizer.json、onnx/ 等）复制到 ${modelDir}，`,
    '或设置 LUOSHI_MODELS_DIR 指向存放模型的目录。详见 docs/transcription.md。',
    `Speech model missing: ${modelId} (folder ${modelDir}, missing ${files}).`,
    `Online: run \`npm run models:fetch -- ${modelId}\`.`,
    `Offline intranet: download it on a connected machine and copy the whole model folder`,
    `(config.json, tokenizer.json, onnx/ …) to ${modelDir}, or point LUOSHI_MODELS_DIR at the folder`,
    'holding the models. See docs/transcription.md.',
  ].join('\n');
}
