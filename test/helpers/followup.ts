/** Follow-up helpers for integration tests: task commands, uploads and boards over real HTTP. */
import type { FollowupBoard, TaskActionBody, TaskActionReply, AttachmentUploadReply } from '../../shared/followup/schemas.ts';
import { api } from './server.ts';

/** A tiny valid PDF (the magic bytes are what the server checks). */
export const SAMPLE_PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function taskAction(url: string, token: string, taskId: string, body: TaskActionBody) {
  return api<TaskActionReply & { error?: { code: string } }>(url, 'POST', `/api/tasks/${taskId}/actions`, body, token);
}

/** Run a command and throw unless it succeeded. */
export async function mustAct(url: string, token: string, taskId: string, body: TaskActionBody): Promise<TaskActionReply> {
  const r = await taskAction(url, token, taskId, body);
  if (r.status !== 200) throw new Error(`${body.type} on ${taskId}: ${r.status} ${r.text}`);
  return r.body;
}

/** Upload a file as the raw body; returns the status and the reply. */
export async function upload(url: string, token: string, taskId: string, bytes: Uint8Array, name: string, contentType = 'application/octet-stream') {
  const res = await fetch(`${url}/api/tasks/${taskId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    body: new Blob([new Uint8Array(bytes)]),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as AttachmentUploadReply & { error?: { code: string } } };
}

export async function mustUpload(url: string, token: string, taskId: string, bytes: Uint8Array = SAMPLE_PDF, name = '落实情况.pdf'): Promise<string> {
  const r = await upload(url, token, taskId, bytes, name);
  if (r.status !== 201) throw new Error(`upload ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.attachment.id;
}

export async function board(url: string, token: string, meetingId: string): Promise<FollowupBoard> {
  const r = await api<FollowupBoard>(url, 'GET', `/api/meetings/${meetingId}/followup`, undefined, token);
  if (r.status !== 200) throw new Error(`board ${r.status} ${r.text}`);
  return r.body;
}
