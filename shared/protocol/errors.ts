/**
 * Error codes that cross the wire (HTTP bodies and socket acks), each with the Chinese
 * message shown to users. Nothing else about server errors is ever sent to a client.
 */
export const ERROR_MESSAGES = {
  bad_request: '请求格式不正确',
  payload_too_large: '数据过大',
  unauthorized: '身份验证失败，请重新加入会议',
  invalid_credentials: '用户名或密码错误',
  login_required: '登录已失效，请重新登录',
  forbidden: '当前身份无权执行此操作',
  not_found: '未找到相应的记录',
  invalid_join_code: '加入码无效',
  rate_limited: '尝试次数过多，请稍后再试',
  conflict: '操作与当前状态冲突',
  meeting_not_live: '会议尚未开始或已经结束',
  meeting_closed: '会议已结束，记录已锁定；如需更正请先重新打开校对',
  model_unavailable: '语音识别模型不可用',
  overloaded: '服务器繁忙，请稍后重试',
  internal: '服务器内部错误',
  livekit_disabled: '未配置视频会议，仅同步文字与要求',
  livekit_unavailable: '视频会议服务暂时不可用，请稍后再试',
  task_state: '任务当前状态不允许此操作',
  remind_too_soon: '催办过于频繁，请稍后再试',
  deadline_invalid: '延期日期须晚于当前完成时限（任务须已确定完成时限）',
  unsupported_file: '不支持的文件类型：仅可上传 PDF、JPG/PNG 图片和 Word（DOCX）文档',
  evidence_required: '办结须附佐证材料（至少一个附件）',
  csv_encoding: '无法识别文件编码，请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新导入',
  capture_busy: '另一台主会场电脑正在采集讲话',
  storage_unavailable: '服务器存储故障，数据暂未保存，请稍后重试',
  transcribing_elsewhere: '本场会议的语音识别正由另一台服务器处理，正在切换，请稍候',
} as const;

/** Every error code the server sends (REST `error.code`, socket `Result` errors). */
export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Error as it crosses the wire. */
export interface WireError {
  code: ErrorCode;
  /** Chinese message for users. */
  message: string;
  /** Zod issues summary for bad_request, for developers. */
  details?: string[];
}

/** Every socket command ends in exactly one callback carrying this union. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: WireError };

/** The wire form of `code`, with its Chinese message (and zod details for `bad_request`). */
export function wireError(code: ErrorCode, details?: string[]): WireError {
  return details ? { code, message: ERROR_MESSAGES[code], details } : { code, message: ERROR_MESSAGES[code] };
}
