/**
 * Task routes (a venue's inbox and the organiser's review): one task with its timeline, its
 * commands (签收, 进展反馈, 申请延期, 办结; 复核, 延期审批, 催办, 时限, 撤销), and its files. Order for a
 * command: validate → persist (task, timeline, event in one transaction) → reply → broadcast.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentParams, taskActionBody, taskIdParams, type AttachmentUploadReply } from '../../../shared/followup/schemas.ts';
import type { TaskCommand } from '../../../shared/followup/task-machine.ts';
import type { TaskAttachment } from '../../../shared/followup/types.ts';
import { DomainError } from '../../errors.ts';
import { rfc5987 } from '../../exports/catalogue.ts';
import type { AttachmentFiles } from '../../followup/attachment-store.ts';
import { MAX_ATTACHMENT_BYTES, detectFileType, safeFileName } from '../../followup/file-type.ts';
import type { FollowupService } from '../../followup/followup-service.ts';
import { newId } from '../../meeting/ids.ts';
import { taskActor, type FollowupAuthDeps } from '../followup-auth.ts';
import type { ZodTypeProvider } from '../zod-validation.ts';
import { sendThenPublish } from '../send-then-publish.ts';

export interface FollowupHttpDeps extends FollowupAuthDeps {
  followup: FollowupService;
  files: AttachmentFiles;
  clock: () => Date;
}

/** Uploads of one task not yet sent with a report: bounds what one venue can leave on disk. */
export const MAX_UNSENT_UPLOADS = 20;

/** `attachment; filename="ascii"; filename*=UTF-8''…` for a stored file name. */
function disposition(name: string, fallbackExt: string): string {
  return `attachment; filename="luoshi-attachment.${fallbackExt}"; filename*=UTF-8''${rfc5987(name)}`;
}

export function registerFollowupTaskRoutes(root: FastifyInstance, deps: FollowupHttpDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { records, followup, files, clock } = deps;

  app.get('/api/tasks/:taskId', { schema: { params: taskIdParams } }, async (request) => {
    const { task } = await taskActor(request, deps, request.params.taskId);
    return records.taskDetail(task, clock());
  });

  app.post('/api/tasks/:taskId/actions', { schema: { params: taskIdParams, body: taskActionBody } }, async (request, reply) => {
    const { task, actor } = await taskActor(request, deps, request.params.taskId);
    const body = request.body;
    const attachmentIds = body.type === 'report' || body.type === 'submit' ? body.attachmentIds : [];
    // The body minus the files is exactly the machine's command (zod checked its shape).
    const command = (body.type === 'report' || body.type === 'submit' ? { type: body.type, text: body.text } : body) as TaskCommand;
    const c = await followup.act(task.id, command, actor, attachmentIds);
    request.log.info({ taskId: task.id, meetingId: task.meetingId, action: command.type, actor: actor.kind, to: c.result.task.status }, 'task action');
    return sendThenPublish(reply, c.result, c.publish);
  });

  // Attachments arrive as the raw file body (one request per file; the browser sends a File as is),
  // so no multipart parser is needed and a failed file is retried alone.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
    /** Only the owning venue, while it can report, may send a file. */
    const mayUpload = async (request: FastifyRequest, taskId: string) => {
      const who = await taskActor(request, deps, taskId);
      if (who.actor.party !== 'venue') throw new DomainError('forbidden');
      if (!['in_progress', 'extension_requested', 'extended'].includes(who.task.status)) throw new DomainError('task_state');
      return who;
    };
    scope.withTypeProvider<ZodTypeProvider>().post('/api/tasks/:taskId/attachments', {
      schema: { params: taskIdParams },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      // Checked before the body is read, so a caller who may not upload never costs 20 MB of memory.
      // Params are routed but not yet validated here: an odd id is simply not found.
      onRequest: async (request) => {
        await mayUpload(request, (request.params as { taskId: string }).taskId);
      },
    }, async (request, reply) => {
      const { task } = await mayUpload(request, request.params.taskId);
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new DomainError('bad_request', ['empty file']);
      const type = detectFileType(bytes);
      if (!type) throw new DomainError('unsupported_file');
      const tooMany = () => new DomainError('payload_too_large', [`at most ${MAX_UNSENT_UPLOADS} files waiting to be sent`]);
      // A quick refusal before the bytes are written; the limit itself holds at the insert below.
      if ((await records.unsentCount(task.id)) >= MAX_UNSENT_UPLOADS) throw tooMany();
      const rawName = request.headers['x-file-name'];
      let name: string | undefined;
      try {
        name = typeof rawName === 'string' ? decodeURIComponent(rawName) : undefined;
      } catch {
        name = undefined;
      }
      const attachment: TaskAttachment = {
        id: newId(), taskId: task.id, name: safeFileName(name, type), mediaType: type.mediaType, sizeBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'), createdAt: clock().toISOString(),
      };
      // The file first, then its row: a row never points at a missing file. The row goes in only
      // while the task has room (counted and inserted atomically: parallel uploads race here); a
      // refused upload's file goes again at once (else the boot prune would remove it).
      await files.write(task.meetingId, attachment.id, bytes);
      if (!(await records.recordAttachment({ ...attachment, meetingId: task.meetingId }, MAX_UNSENT_UPLOADS))) {
        await files.remove(task.meetingId, attachment.id);
        throw tooMany();
      }
      request.log.info({ taskId: task.id, attachmentId: attachment.id, bytes: bytes.length, mediaType: type.mediaType }, 'attachment stored');
      const body: AttachmentUploadReply = { attachment };
      return reply.status(201).send(body);
    });
  });

  app.get('/api/tasks/:taskId/attachments/:attachmentId', { schema: { params: attachmentParams } }, async (request, reply) => {
    const { task } = await taskActor(request, deps, request.params.taskId);
    const a = await records.attachment(request.params.attachmentId);
    if (!a || a.taskId !== task.id) throw new DomainError('not_found');
    const bytes = await files.read(a.meetingId, a.id);
    return reply
      .header('content-type', a.mediaType)
      .header('content-disposition', disposition(a.name, a.name.split('.').pop() ?? 'bin'))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });
}
