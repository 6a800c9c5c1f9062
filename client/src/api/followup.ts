/**
 * Follow-up REST calls (issue 12): task commands and uploads (venue session), the meeting's board,
 * 催办 rounds and due dates (staff session or organiser login), the organiser's overview and
 * thresholds, 督查通报 and attachment downloads. Live changes arrive as `task:changed` events.
 */
import type {
  AttachmentUploadReply,
  DispatchReply,
  FollowupBoard,
  FollowupOverview,
  RemindRoundReply,
  ScopeBody,
  TaskActionBody,
  TaskActionReply,
  TaskDetail,
} from '../../../shared/followup/schemas.ts';
import type { FollowupThresholds, TaskAttachment } from '../../../shared/followup/types.ts';
import { apiRequest, downloadFile, uploadFile } from './http.ts';

export const taskAction = (token: string, taskId: string, body: TaskActionBody) =>
  apiRequest<TaskActionReply>(`/api/tasks/${encodeURIComponent(taskId)}/actions`, { method: 'POST', body, token });

export const taskDetail = (token: string, taskId: string) => apiRequest<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}`, { token });

export const uploadAttachment = (token: string, taskId: string, file: File) =>
  uploadFile<AttachmentUploadReply>(`/api/tasks/${encodeURIComponent(taskId)}/attachments`, token, file, file.name);

export const downloadAttachment = (token: string, a: TaskAttachment) =>
  downloadFile(`/api/tasks/${encodeURIComponent(a.taskId)}/attachments/${encodeURIComponent(a.id)}`, token, a.name);

export const meetingBoard = (token: string, meetingId: string) => apiRequest<FollowupBoard>(`/api/meetings/${encodeURIComponent(meetingId)}/followup`, { token });

export const dispatchTasks = (token: string, meetingId: string) =>
  apiRequest<DispatchReply>(`/api/meetings/${encodeURIComponent(meetingId)}/followup/dispatch`, { method: 'POST', body: {}, token });

export const remindRound = (token: string, meetingId: string, body: { requirementId?: string; venueIds?: string[]; message?: string }) =>
  apiRequest<RemindRoundReply>(`/api/meetings/${encodeURIComponent(meetingId)}/followup/remind`, { method: 'POST', body, token });

export const setRequirementDeadline = (token: string, meetingId: string, body: { requirementId: string; deadline: string }) =>
  apiRequest<{ updated: number }>(`/api/meetings/${encodeURIComponent(meetingId)}/followup/deadline`, { method: 'PUT', body, token });

export const confirmScope = (token: string, meetingId: string, body: ScopeBody) =>
  apiRequest<DispatchReply>(`/api/meetings/${encodeURIComponent(meetingId)}/followup/scope`, { method: 'PUT', body, token });

export const downloadMeetingReport = (token: string, meetingId: string, file: 'report.xlsx' | 'notice.docx') =>
  downloadFile(`/api/meetings/${encodeURIComponent(meetingId)}/followup/${file}`, token, `督查通报.${file.split('.')[1]}`);

export const followupOverview = (token: string) => apiRequest<FollowupOverview>('/api/followup', { token });

export const saveThresholds = (token: string, thresholds: FollowupThresholds) =>
  apiRequest<{ thresholds: FollowupThresholds }>('/api/followup/settings', { method: 'PUT', body: thresholds, token });

export const downloadOverviewReport = (token: string, file: 'report.xlsx' | 'notice.docx') =>
  downloadFile(`/api/followup/${file}`, token, `督查通报.${file.split('.')[1]}`);
